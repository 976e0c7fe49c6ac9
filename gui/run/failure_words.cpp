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
    return tr("This is a fault in the workbench, not in your choices. Run again; if it happens again, save "
              "the run (File › Save run) and report it.");
}

QString failureHtml(const ErrorEvent& e, std::int64_t stallTimeoutMs) {
    QStringList names; // what the error names, so the student can find it in the views
    if (e.worker >= 0) names << tr("worker %1").arg(e.worker);
    if (e.pid > 0) names << tr("pid %1").arg(e.pid);
    if (e.chunk >= 0) names << tr("chunk %1").arg(e.chunk);
    if (e.chunkItems > 0)
        names << tr("items %1 to %2").arg(e.chunkFirst).arg(e.chunkFirst + e.chunkItems - 1);
    else if (e.item >= 0)
        names << tr("item %1").arg(e.item);
    if (e.signal > 0) names << signalName(e.signal);
    if (!e.file.empty()) names << tr("file %1").arg(QString::fromStdString(e.file));
    if (!e.parameter.empty()) names << "--" + QString::fromStdString(e.parameter);
    QString html = "<b>" + failureHeadline(e).toHtmlEscaped() + ":</b> " +
                   QString::fromStdString(e.message).toHtmlEscaped();
    if (!names.isEmpty()) html += " <i>(" + names.join(", ").toHtmlEscaped() + ")</i>";
    const auto advice = failureAdvice(e, stallTimeoutMs);
    if (!advice.isEmpty()) html += "<br>" + advice.toHtmlEscaped();
    return html;
}

} // namespace mpwb
