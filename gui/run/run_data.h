// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Everything the views know about one run, as plain values built only from its events. A live run and a
// saved one fill it the same way, so every plot works on both.

#include <QString>
#include <QVector>
#include <optional>

#include "events.h"

namespace mpwb {

struct CpuSample {
    double t = 0;          // seconds since the run's origin
    QVector<double> cores; // 0..100 each
    std::vector<WorkerCpu> workers;
    double hostPercent = 0; // the run's host process, all its threads (NaN in streams before format 3)
};

struct QueueSample {
    double t = 0; // seconds since the run's origin
    QueueEvent queue;
};

struct CounterSample {
    double t = 0;
    CounterEvent counter;
};

// A chunk a worker began, reported before it finishes (format 3).
struct ChunkStart {
    double t = 0; // seconds since the run's origin
    ChunkStartedEvent chunk;
};

struct LockSample {
    double t = 0;
    LockEvent lock;
};

struct RunData {
    std::optional<HelloEvent> hello;
    std::optional<RunStartedEvent> started;
    std::optional<SweepStartedEvent> sweep; // what a sweep measures (format 3 sweeps)
    std::vector<WorkerStartedEvent> workers;
    std::vector<ChunkEvent> chunks; // in arrival order
    std::vector<CpuSample> cpu;
    std::vector<SweepPointEvent> sweepPoints;
    std::vector<QueueSample> queues; // every queue's samples, in arrival order
    std::vector<CounterSample> counters;
    std::vector<FileEvent> files;       // in the order they landed
    std::vector<ChunkStart> starts;     // chunk_started, in arrival order
    std::vector<GilEvent> gil;          // spans of the interpreter lock, tiling the map (gil-threads)
    std::vector<LockSample> locks;      // samples of a lock shared by the workers
    std::vector<SegmentEvent> segments; // shared-memory segments created, attached, removed
    std::optional<ResultEvent> result;
    std::optional<ErrorEvent> error;
    std::optional<RunFinishedEvent> finished;

    std::uint64_t itemsDone = 0;
    double lastEventSeconds = 0;

    double progress() const; // 0..1, from items done against items announced
    bool isFinished() const { return finished.has_value(); }
};

// Folds events into the run, in order. Pure: no widgets, no I/O.
void applyEvents(RunData& run, const std::vector<Event>& events);

} // namespace mpwb
