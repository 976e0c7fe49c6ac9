// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One Python run from start to end (docs/PYTHON_RUNS.md): the keeper and its tree, the facts turned into
// events, the tree's CPU and output, and at the end a result, at most one error and run_finished.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "events.h"
#include "python_request.h"

namespace mpwb {

struct PythonReport {
    std::string status;      // ok | error | cancelled
    std::string startMethod; // the script's own process's default, as its hello said (or as asked)
    int exitCode = 0;
    int signal = 0;
    std::int64_t wallNs = 0; // from the start of python to the end of the script's own process
    // From the script's own process saying hello (Python's start-up done, the tracer loaded, the script not
    // yet imported) to its end: what a CPython sweep measures, as the engine measures its own pools.
    std::int64_t scriptNs = 0;
    int processes = 0; // multiprocessing processes the script started
    std::uint64_t chunks = 0, items = 0;
    std::optional<ErrorEvent> error;
    std::vector<std::string> warnings; // processes left behind, names removed, too many processes
    std::vector<int> pids;             // every process of the tree the run knew of, the script's first
};

class PythonSession {
public:
    // echoOut/echoErr: where the tree's output also goes as it comes (-1: nowhere).
    PythonSession(PythonRequest request, EventSink* events, int echoOut, int echoErr);
    ~PythonSession();
    PythonSession(const PythonSession&) = delete;
    PythonSession& operator=(const PythonSession&) = delete;

    // Runs on the calling thread, which must be the one that outlives the run (the keeper's death signal).
    PythonReport run();
    // Safe from any thread or a signal handler.
    void cancel();

private:
    void publish(const Event& e);
    // run_started waits for the script's hello, which says the start method it really uses; what comes
    // before it (CPU samples, a Python that could not start at all) waits with it.
    void publishStart(const std::string& startMethod);
    std::vector<std::string> environment(const std::string& socketPath) const;

    PythonRequest m_request;
    EventSink* m_events;
    int m_echoOut, m_echoErr;
    int m_wake[2] = {-1, -1};
    std::atomic<bool> m_cancelled{false};
    std::string m_runId;
    std::mutex m_startMutex;
    bool m_started = false;
    std::vector<Event> m_early;
};

} // namespace mpwb
