// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the kitchen needs from a run, sorted for lookups at any moment: per worker its chunks in order, the
// interpreter lock's spans, the lock and counter samples. Kept in step with a growing run (only new events
// are read), so a live run and a cursor scrubbing a recorded million-event run both cost a few binary
// searches.
//
// The scene says what the events recorded about that moment: a chunk's own start and end times say a cook was
// cooking, even when the chunk's event arrived a little later than the moment shown.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "events.h"
#include "kitchen_scene.h"

namespace mpwb {

class RunModel;

class KitchenIndex {
public:
    // Reads the run's events not yet read; starts afresh for another run or one that was cleared.
    void sync(const RunModel* run);
    KitchenScene sceneAt(std::int64_t tNs) const;
    const RunModel* run() const { return m_run; }

private:
    struct Span {
        std::int64_t dispatchNs = 0, startNs = 0, endNs = 0, arriveNs = 0;
        std::uint64_t first = 0, items = 0, bytesIn = 0, bytesOut = 0;
        int merged = 1;
        int core = -1;
    };
    struct Mark {
        std::int64_t t = 0;
        std::uint64_t first = 0, items = 0, bytes = 0;
        int core = -1;
    };
    struct Worker {
        int pid = 0;
        std::int64_t openNs = -1; // worker_started's time, -1: none yet
        std::vector<Span> spans;  // in order (a worker does one chunk after another)
        std::vector<std::uint64_t> itemsByDispatch, itemsByEnd; // running sums, for the order rail
        std::vector<Mark> dispatched;                           // chunk_dispatched, in order
        std::vector<Mark> started;                              // chunk_started, in order
        std::int64_t crashNs = -1;
        // Python runs: the first cpu sample that no longer lists this worker's process (it ended), -1: none.
        bool sampled = false;
        std::int64_t goneNs = -1;
        std::string crash;
        int signal = 0;
    };
    template <typename T> struct At {
        std::int64_t t = 0;
        T body;
    };

    void read(const Event& e);
    Worker& worker(int index);
    void cookStates(KitchenScene& scene, std::int64_t t) const;

    const RunModel* m_run = nullptr;
    std::size_t m_read = 0;
    std::map<int, Worker> m_workers;
    std::vector<GilEvent> m_gil;              // tiling, in order
    std::vector<At<LockEvent>> m_locks;       // in order
    std::vector<At<CounterEvent>> m_counters; // in order
    std::vector<At<SegmentEvent>> m_segments; // in order
    std::map<std::string, std::vector<At<QueueEvent>>> m_queues;
    std::string m_exercise, m_backend, m_script;
    int m_workerCount = 0;
    std::uint64_t m_items = 0;
    std::int64_t m_finishedNs = -1;
    std::string m_status;
};

} // namespace mpwb
