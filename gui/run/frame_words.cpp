// SPDX-License-Identifier: GPL-3.0-or-later
#include "frame_words.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>
#include <cmath>
#include <map>

#include "run_summary.h" // secondsText
#include "speedup_wording.h"
#include "sweep_stats.h"

namespace mpwb {
namespace {

constexpr double kBusyPercent = 50;   // a core at least half busy counts as busy, as the core plot shades it
constexpr double kWorkingPercent = 5; // a worker below this is waiting, not computing
constexpr int kMostListed = 12;       // longer lists end in "and 20 more": a listener cannot hold 64 items

QString tr(const char* text) {
    return QCoreApplication::translate("frame words", text);
}

QString number(std::uint64_t n) {
    return QLocale(QLocale::English).toString(qulonglong(n));
}

QString percent(double p) {
    return QString::number(std::lround(p)) + '%';
}

QString capitalised(QString s) {
    if (!s.isEmpty()) s[0] = s[0].toUpper();
    return s;
}

// "a, b, c and 4 more."
QString listed(const QStringList& items) {
    if (items.size() <= kMostListed) return items.join(", ") + '.';
    return tr("%1 and %2 more.").arg(items.mid(0, kMostListed).join(", ")).arg(items.size() - kMostListed);
}

QString coresWords(const RunFrame& f) {
    if (f.cpu().empty()) return tr("No CPU sample yet.");
    const CpuSample& s = f.cpu().back();
    QStringList busy;
    std::vector<bool> busyCore(s.cores.size(), false);
    for (int i = 0; i < s.cores.size(); ++i)
        if (s.cores[i] >= kBusyPercent) {
            busy << tr("core %1 at %2").arg(i).arg(percent(s.cores[i]));
            busyCore[i] = true;
        }
    QString out = tr("%1 of %2 cores busy").arg(busy.size()).arg(s.cores.size());
    out += busy.isEmpty() ? QString(".") : ": " + listed(busy);
    QStringList who;
    for (const auto& w : s.workers) {
        if (w.cpuPercent < kWorkingPercent) continue;
        who << (w.lastCore >= 0 ? tr("worker %1 on core %2 at %3").arg(w.worker).arg(w.lastCore)
                                : tr("worker %1 at %2").arg(w.worker))
                   .arg(percent(w.cpuPercent));
        if (w.lastCore >= 0 && std::size_t(w.lastCore) < busyCore.size()) busyCore[w.lastCore] = false;
    }
    out += ' ' + (who.isEmpty() ? tr("No worker of the run is computing.") : capitalised(listed(who)));
    QStringList others;
    for (std::size_t i = 0; i < busyCore.size(); ++i)
        if (busyCore[i]) others << QString::number(i);
    if (!others.isEmpty())
        out += ' ' + tr("Busy without a worker of the run on it (the run's host or other programs): core %1")
                         .arg(listed(others));
    return out;
}

QString timelineWords(const RunFrame& f) {
    std::uint64_t items = 0, chunks = 0;
    std::map<int, std::int64_t> lastEnd; // per worker: when its latest finished chunk ended
    for (const auto& c : f.chunks()) {
        items += c.items;
        chunks += c.merged;
        lastEnd[c.worker] = std::max(lastEnd[c.worker], c.endNs);
    }
    QString out = tr("%1 worker(s) started.").arg(f.workers().size());
    const auto* started = f.started();
    if (started && started->items > 0 && started->chunksize > 0) {
        const std::uint64_t total = (started->items + started->chunksize - 1) / started->chunksize;
        out += ' ' + tr("%1 of %2 chunks done (%3 of %4 items).")
                         .arg(number(chunks), number(total), number(items), number(started->items));
    } else {
        out += ' ' + tr("%1 chunk(s) done (%2 items).").arg(number(chunks), number(items));
    }
    // A worker does one chunk at a time: it is busy with its latest start if that came after its latest end.
    std::map<int, const ChunkStart*> lastStart;
    for (const auto& s : f.starts())
        lastStart[s.chunk.worker] = &s;
    QStringList working;
    for (const auto& [worker, s] : lastStart) {
        const auto end = lastEnd.find(worker);
        if (end != lastEnd.end() && std::llround(s->t * 1e9) <= end->second) continue;
        const auto first = s->chunk.firstItem;
        working << (s->chunk.items == 1 ? tr("worker %1 on item %2").arg(worker).arg(number(first))
                                        : tr("worker %1 on items %2–%3")
                                              .arg(worker)
                                              .arg(number(first), number(first + s->chunk.items - 1)));
    }
    if (!working.isEmpty()) out += ' ' + tr("Working now: %1").arg(listed(working));
    return out;
}

QString workerCpuWords(const RunFrame& f) {
    if (f.cpu().empty()) return tr("No CPU sample yet.");
    const CpuSample& s = f.cpu().back();
    QStringList each;
    for (const auto& w : s.workers)
        each
            << tr("worker %1 (pid %2) uses %3 of a core").arg(w.worker).arg(w.pid).arg(percent(w.cpuPercent));
    QString out = each.isEmpty() ? tr("No worker yet.") : capitalised(listed(each));
    if (std::isfinite(s.hostPercent))
        out += ' ' + tr("The run's host process uses %1 of a core.").arg(percent(s.hostPercent));
    return out;
}

SweepAnalysis analysed(const RunFrame& f) {
    const auto points = f.sweepPoints();
    return analyseSweep({points.begin(), points.end()}, f.hello() ? f.hello()->cores : 0);
}

QString sweepOpening(const RunFrame& f) {
    const auto* sweep = f.data().sweep ? &*f.data().sweep : nullptr;
    const QString backend = sweep ? QString::fromStdString(sweep->backend) : QString();
    return (backend.isEmpty() ? tr("Sweep: %1 run(s) measured.") : tr("Sweep of %2: %1 run(s) measured."))
        .arg(f.sweepPoints().size())
        .arg(backend);
}

QString speedupWords(const RunFrame& f) {
    if (f.sweepPoints().empty())
        return tr("No sweep yet: a sweep measures the speedup for each worker count.");
    const auto a = analysed(f);
    QStringList each;
    for (const auto& row : a.bestPerWorkers)
        each << (std::isfinite(row.speedup) && row.speedup > 0
                     ? tr("%1 worker(s) %2 (%3)")
                           .arg(row.workers)
                           .arg(QString::fromStdString(speedupText(row.speedup)))
                           .arg(secondsText(row.medianSeconds))
                     : tr("%1 worker(s) %2").arg(row.workers).arg(secondsText(row.medianSeconds)));
    QString out = sweepOpening(f);
    if (std::isfinite(a.sequentialMedianSeconds))
        out += ' ' + tr("Sequential: %1.").arg(secondsText(a.sequentialMedianSeconds));
    if (!each.isEmpty()) out += ' ' + capitalised(listed(each));
    const double p = a.amdahl.parallelFraction;
    if (std::isfinite(p) && p < 1)
        out += ' ' + tr("Amdahl's law fits %1 parallel work: at most %2× faster, however many workers.")
                         .arg(percent(100 * p))
                         .arg(1 / (1 - p), 0, 'f', 1);
    return out;
}

QString chunksizeWords(const RunFrame& f) {
    if (f.sweepPoints().empty()) return tr("No sweep yet: a sweep over chunksizes times each one.");
    const auto a = analysed(f);
    int most = 0;
    for (const auto& row : a.rows)
        most = std::max(most, row.workers);
    QStringList each;
    for (const auto& row : a.rows)
        if (row.workers == most)
            each << tr("chunksize %1 takes %2")
                        .arg(row.chunksize == 0 ? tr("auto") : number(row.chunksize))
                        .arg(secondsText(row.medianSeconds));
    QString out = sweepOpening(f);
    if (!each.isEmpty()) out += ' ' + tr("With %1 worker(s): %2").arg(most).arg(listed(each));
    if (a.bestChunksize > 0) out += ' ' + tr("Fastest: chunksize %1.").arg(number(a.bestChunksize));
    return out;
}

QString queuesWords(const RunFrame& f) {
    std::map<std::string, const QueueEvent*> latest;
    for (const auto& s : f.queues())
        latest[s.queue.queue] = &s.queue;
    if (latest.empty()) return tr("No queue sample yet.");
    QStringList out;
    for (const auto& [name, q] : latest) {
        QString line = tr("Queue “%1” holds %2 of %3 items; %4 put and %5 taken so far.")
                           .arg(QString::fromStdString(name))
                           .arg(q->depth)
                           .arg(q->capacity)
                           .arg(number(q->puts), number(q->gets));
        if (q->putBlockedNs > 0 || q->getBlockedNs > 0)
            line += ' ' + tr("Writers waited %1 for room, readers %2 for an item.")
                              .arg(secondsText(q->putBlockedNs / 1e9), secondsText(q->getBlockedNs / 1e9));
        out << line;
    }
    return out.join(' ');
}

QString counterWords(const RunFrame& f) {
    if (f.counters().empty()) return tr("No counter sample yet.");
    const CounterEvent& c = f.counters().back().counter;
    const QString how = c.mode == "none"   ? tr("without a lock")
                        : c.mode == "lock" ? tr("with a lock")
                                           : tr("atomic");
    QString out =
        tr("The shared counter (%1) reads %2 after %3 increments.")
            .arg(how, number(std::uint64_t(std::max<std::int64_t>(0, c.value))), number(c.increments));
    const std::int64_t lost = std::int64_t(c.increments) - c.value;
    out += ' ' + (lost > 0 ? tr("%1 updates lost so far.").arg(number(std::uint64_t(lost)))
                           : tr("No update lost so far."));
    return out;
}

QString filesWords(const RunFrame& f) {
    std::uint64_t ok = 0;
    QStringList failed;
    for (const auto& file : f.files()) {
        if (file.ok)
            ++ok;
        else
            failed << tr("%1 (%2)").arg(QString::fromStdString(file.input),
                                        QString::fromStdString(file.message));
    }
    const auto* started = f.started();
    QString out = started && started->items > 0
                      ? tr("%1 of %2 files done.").arg(number(ok), number(started->items))
                      : tr("%1 file(s) done.").arg(number(ok));
    if (!failed.isEmpty()) out += ' ' + tr("%1 failed: %2").arg(failed.size()).arg(listed(failed));
    return out;
}

} // namespace

QString cursorWords(const RunFrame& f) {
    if (f.isEmpty()) return tr("No run yet.");
    QString out;
    if (const auto* done = f.finished()) {
        out = tr("The run is over: %1, in %2.")
                  .arg(QString::fromStdString(done->status), secondsText(done->wallNs / 1e9));
    } else if (f.live) {
        out = tr("Live, at %1.").arg(secondsText(f.tNs / 1e9));
    } else {
        out = tr("At %1 of %2.").arg(secondsText(f.tNs / 1e9), secondsText(f.run->endNs() / 1e9));
    }
    if (const auto* error = f.error())
        out += ' ' + tr("Error: %1").arg(QString::fromStdString(error->message));
    return out;
}

QString frameWords(ViewKind view, const RunFrame& frame) {
    const bool sweep = view == ViewKind::Speedup || view == ViewKind::Chunksize;
    if (frame.isEmpty())
        return sweep ? (view == ViewKind::Speedup ? speedupWords(frame) : chunksizeWords(frame))
                     : cursorWords(frame);
    QString words;
    switch (view) {
    case ViewKind::Cores:
        words = coresWords(frame);
        break;
    case ViewKind::Timeline:
        words = timelineWords(frame);
        break;
    case ViewKind::WorkerCpu:
        words = workerCpuWords(frame);
        break;
    case ViewKind::Speedup:
        words = speedupWords(frame);
        break;
    case ViewKind::Chunksize:
        words = chunksizeWords(frame);
        break;
    case ViewKind::Queues:
        words = queuesWords(frame);
        break;
    case ViewKind::Counter:
        words = counterWords(frame);
        break;
    case ViewKind::Files:
        words = filesWords(frame);
        break;
    }
    return cursorWords(frame) + ' ' + words;
}

} // namespace mpwb
