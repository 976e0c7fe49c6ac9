#include "compare_rows.h"

#include <QObject>
#include <cmath>
#include <limits>

#include "run_summary.h"

namespace mpwb {
namespace {

double workerCores(const RunData& run) {
    if (run.cpu.empty()) return 0;
    double sum = 0;
    for (const auto& sample : run.cpu)
        for (const auto& w : sample.workers)
            sum += w.cpuPercent / 100.0;
    return sum / double(run.cpu.size());
}

QString times(double x) {
    return QString::number(x, 'f', 2) + QChar(0x00D7);
}

} // namespace

QString backendWords(const QString& backend) {
    if (backend == "gil-threads") return QObject::tr("threads with a GIL");
    if (backend == "threads") return QObject::tr("free threads");
    if (backend == "processes") return QObject::tr("processes");
    if (backend == "sequential") return QObject::tr("sequential");
    return backend;
}

std::vector<CompareRow> compareRows(const std::vector<const RunData*>& runs) {
    std::vector<CompareRow> rows;
    double baseRate = std::numeric_limits<double>::quiet_NaN(); // sequential work per second
    for (const auto* run : runs)
        if (run->started && run->started->backend == "sequential" && run->finished &&
            run->finished->status == "ok" && run->finished->wallNs > 0)
            baseRate = double(run->started->items) / (run->finished->wallNs / 1e9);
    for (const auto* run : runs) {
        CompareRow row;
        if (run->started) {
            row.backend = QString::fromStdString(run->started->backend);
            row.workers = run->started->workers;
            row.label = backendWords(row.backend);
            if (row.backend != "sequential") row.label += QObject::tr(" × %1").arg(row.workers);
            if (!run->started->startMethod.empty())
                row.label += " (" + QString::fromStdString(run->started->startMethod) + ")";
        }
        row.finished = run->finished && run->finished->status == "ok";
        row.wallSeconds = run->finished ? run->finished->wallNs / 1e9 : run->lastEventSeconds;
        row.correct = run->result && run->result->correct && lostUpdates(*run->result) == 0;
        row.workerCores = workerCores(*run);
        row.otherCores = std::max(0.0, otherLoadCores(*run));
        if (!std::isfinite(row.otherCores)) row.otherCores = 0;
        row.speedup = row.finished && run->started && row.wallSeconds > 0
                          ? (double(run->started->items) / row.wallSeconds) / baseRate
                          : std::numeric_limits<double>::quiet_NaN();
        rows.push_back(row);
    }
    return rows;
}

QString compareVerdict(const std::vector<CompareRow>& rows, int cores) {
    QStringList parts;
    double busiest = 0;
    for (const auto& r : rows) {
        if (!r.finished) continue;
        busiest = std::max(busiest, r.otherCores);
        QString used = r.workerCores < 1.3 ? QObject::tr("about one core at a time")
                                           : QObject::tr("%1 cores").arg(r.workerCores, 0, 'f', 1);
        if (r.backend == "sequential") used = QObject::tr("one core");
        QString part = backendWords(r.backend) + ": " + used;
        if (std::isfinite(r.speedup)) part += ", " + times(r.speedup);
        if (!r.correct) part += QObject::tr(" (wrong answer)");
        parts << part;
    }
    if (parts.isEmpty()) return {};
    QString text = parts.join("; ") + ".";
    if (busiest >= kNoticeableOtherCores)
        text += " " + QObject::tr("Other programs used up to %1 of the %2 cores during these runs, so the "
                                  "figures understate what the code can do.")
                          .arg(busiest, 0, 'f', 1)
                          .arg(cores);
    return text;
}

} // namespace mpwb
