// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A grid of runs: workers x chunksize x repeats, after a sequential baseline measured in the same sweep, so
// every speedup compares like with like on the same machine at the same moment.

#include <atomic>
#include <cstdint>
#include <vector>

#include "run_session.h"
#include "sweep_stats.h"

namespace mpwb {

struct SweepSpec {
    RunSpec base; // exercise, backend, start method, parameters; workers and chunksize come from the grid
    std::vector<int> workers;
    std::vector<std::uint64_t> chunksizes;
    int repeats = 3;
};

struct SweepReport {
    SweepStartedEvent what; // what was measured: exercise, backend, start method, grid, repeats
    std::string status;     // ok | error | cancelled
    std::optional<ErrorEvent> error;
    int cores = 0;          // of this machine, which bounds the Amdahl fit
    SweepAnalysis analysis; // of the points measured, the same arithmetic the GUI's plots use
};

class SweepSession {
public:
    SweepSession(const Exercise& exercise, SweepSpec spec, EventSink* events); // validates; throws BadRequest
    SweepReport run();
    void cancel(); // safe from a signal handler

private:
    const Exercise& m_exercise;
    SweepSpec m_spec;
    EventSink* m_events;
    std::atomic<RunSession*> m_current{nullptr};
    std::atomic<bool> m_cancelled{false};
};

} // namespace mpwb
