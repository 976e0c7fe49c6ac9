// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_outcome.h"

#include <QCoreApplication>

#include "engine_exit.h"
#include "failure_words.h"
#include "run_summary.h"

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("PythonOutcome", text);
}

// The runner's own count when the result gives it (chunks merged on the way are counted there too).
std::uint64_t chunksOf(const RunData& run) {
    if (run.result)
        if (const auto it = run.result->checks.find("chunks"); it != run.result->checks.end()) {
            bool ok = false;
            const auto n = QString::fromStdString(it->second).toULongLong(&ok);
            if (ok) return n;
        }
    std::uint64_t n = 0;
    for (const auto& c : run.chunks)
        n += std::max<std::uint64_t>(1, c.merged);
    return n;
}

} // namespace

QString pythonOutcomeHtml(const RunData& run, int exitCode, bool cancelled, const QString& errorText) {
    if (cancelled || exitCode == kEngineExitCancelled || (run.error && run.error->kind == "cancelled"))
        return "<b>" + tr("Cancelled.") + "</b> " +
               tr("The script and every process it started were stopped.");
    if (run.error) return failureHtml(*run.error, 0);
    const double seconds = run.finished ? double(run.finished->wallNs) / 1e9 : run.lastEventSeconds;
    if (exitCode == 0 && run.result && run.result->correct) {
        const auto processes = int(run.workers.size());
        QString html =
            "<b>" + tr("Finished:") + "</b> " +
            tr("the script ended with exit status 0, %1 after Python started (its start-up and imports "
               "included).")
                .arg(secondsText(seconds)) +
            ' ';
        if (processes == 0)
            html += tr("It started no worker processes, so it ran on one core.");
        else
            html += (processes == 1 ? tr("It started 1 worker process")
                                    : tr("It started %1 worker processes").arg(processes)) +
                    (run.chunks.empty()   ? QString(".")
                     : chunksOf(run) == 1 ? tr(", which did 1 chunk of work.")
                                          : tr(", which did %1 chunks of work.").arg(chunksOf(run)));
        return html;
    }
    if (exitCode == 0 || exitCode == 1) {
        const auto value = run.result ? QString::fromStdString(run.result->value) : QString();
        return "<b>" + tr("Your script failed:") + "</b> " +
               (value.isEmpty() ? tr("it ended with a non-zero exit status.")
                                : tr("it ended with %1.").arg(value.toHtmlEscaped())) +
               ' ' + tr("Its error output (in red in the Output tab) says why.");
    }
    auto why = errorText.trimmed();
    if (why.isEmpty()) why = engineEndWords(exitCode < 0 ? 9 : 0, exitCode);
    return "<b>" + tr("The run failed:") + "</b> " + why.toHtmlEscaped();
}

} // namespace mpwb
