// SPDX-License-Identifier: GPL-3.0-or-later
#include "failure_words.h"

#include <QCoreApplication>
#include <QStringList>

#include "engine_exit.h"

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("FailureWords", text);
}

QString seconds(std::int64_t ms) {
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(ms / 1000.0, 'f', 1);
}

} // namespace

QString failureHeadline(const ErrorEvent& e) {
    const auto& k = e.kind;
    if (k == "stalled") return tr("Stalled");
    if (k == "worker-start-failed") return tr("A worker could not start");
    if (k == "worker-died") return tr("A worker died");
    if (k == "task-failed") return tr("A task failed");
    if (k == "write-failed") return tr("Could not write the run");
    if (k == "file-failed") return tr("A file failed");
    if (k == "bad-request") return tr("Refused");
    if (k == "cancelled") return tr("Cancelled");
    if (k == "script-failed") return tr("Your script failed");
    if (k == "unpicklable") return tr("Cannot be sent to a worker");
    if (k == "no-main-guard") return tr("No main guard");
    return tr("The engine failed");
}

QString failureAdvice(const ErrorEvent& e, std::int64_t stallTimeoutMs) {
    const auto& k = e.kind;
    if (k == "stalled") {
        const auto waited = stallTimeoutMs > 0 ? tr("for %1 s").arg(seconds(stallTimeoutMs)) : tr("too long");
        return tr("A worker held work and finished nothing %1, so the run was stopped instead of hanging. If "
                  "it was paused (SIGSTOP) or stuck in a loop, that is what to fix; if its items are just "
                  "slow, give them longer with Stall timeout in the form, or use fewer, smaller items.")
            .arg(waited);
    }
    if (k == "worker-start-failed")
        return tr("The system would not start another worker (a limit on processes, or an unusable worker "
                  "program). Try fewer workers, or the fork start method; if it keeps happening, the worker "
                  "program needs reinstalling.");
    if (k == "worker-died")
        return tr("Something outside the run ended the worker (a kill, or the system running out of memory). "
                  "Run again; with less memory in use, try fewer workers.");
    if (k == "task-failed") return tr("The exercise's own code failed on that item: the message says why.");
    if (k == "write-failed")
        return tr("The run's record could not be written, so the run was stopped rather than lose it. Free "
                  "some disk space (or pick another place) and run again.");
    if (k == "file-failed")
        return tr("Check that the file or folder exists, can be read and written, and that its disk has "
                  "room; then run again.");
    if (k == "bad-request")
        return tr("The engine refused a value before anything ran: correct it in the form and run again.");
    if (k == "cancelled") return {};
    if (k == "script-failed")
        return tr("Python stopped your script with an exception. The Output tab shows its traceback: the "
                  "last lines name the file, the line and what went wrong there.");
    if (k == "unpicklable")
        return tr("Everything a worker is given travels as pickled bytes, and this value cannot be pickled. "
                  "Pass a function defined at the top level of the file, and plain data (numbers, strings, "
                  "lists) instead of locks, open files, lambdas or generators.");
    if (k == "no-main-guard")
        return tr("With spawn or forkserver, every worker imports your file first; code at the top level "
                  "that starts processes would then start them again in every worker, without end. Put it "
                  "under  if __name__ == \"__main__\":  so only the main program runs it.");
    return tr("This is a fault in the workbench, not in your choices. Run again; if it happens again, save "
              "the run (File › Save run) and report it.");
}

QString failureLesson(const ErrorEvent& e) {
    if (e.kind == "unpicklable") return QStringLiteral("mpwb:lesson/07-what-can-be-pickled");
    if (e.kind == "no-main-guard") return QStringLiteral("mpwb:lesson/03-processes-and-the-main-guard");
    return {};
}

QString failureHtml(const ErrorEvent& e, std::int64_t stallTimeoutMs) {
    QStringList names; // what the error names, so the student can find it in the views
    if (e.worker >= 0) names << tr("worker %1").arg(e.worker);
    if (e.pid > 0) names << tr("pid %1").arg(e.pid);
    if (e.chunk >= 0) names << tr("chunk %1").arg(e.chunk);
    // A Python run's errors give the line of the script in `item` (docs/EVENTS.md), not an item's number.
    const bool itemIsLine = e.kind == "script-failed" || e.kind == "unpicklable";
    if (e.chunkItems > 0)
        names << tr("items %1 to %2").arg(e.chunkFirst).arg(e.chunkFirst + e.chunkItems - 1);
    else if (e.item >= 0 && !itemIsLine)
        names << tr("item %1").arg(e.item);
    if (e.signal > 0) names << signalName(e.signal);
    if (!e.file.empty())
        names << (itemIsLine && e.item > 0
                      ? tr("file %1, line %2").arg(QString::fromStdString(e.file)).arg(e.item)
                      : tr("file %1").arg(QString::fromStdString(e.file)));
    if (!e.parameter.empty()) names << "--" + QString::fromStdString(e.parameter);
    QString html = "<b>" + failureHeadline(e).toHtmlEscaped() + ":</b> " +
                   QString::fromStdString(e.message).toHtmlEscaped();
    if (!names.isEmpty()) html += " <i>(" + names.join(", ").toHtmlEscaped() + ")</i>";
    const auto advice = failureAdvice(e, stallTimeoutMs);
    if (!advice.isEmpty()) html += "<br>" + advice.toHtmlEscaped();
    const auto lesson = failureLesson(e);
    if (!lesson.isEmpty())
        html += " <a href=\"" + lesson + "\">" +
                (e.kind == "unpicklable" ? tr("Lesson 7: what can be pickled")
                                         : tr("Lesson 3: processes and the main guard")) +
                "</a>";
    return html;
}

} // namespace mpwb
