// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The facts the Python tracer sends (docs/PYTHON_RUNS.md, "Facts") turned into the events of a run. Pure: a
// datagram in, events out, no clock and no /proc, so every rule is tested on fact lines (tst_trace_facts).
//
// What it keeps across facts: which processes are workers and their numbers (in the order they were known to
// be started), the items dispatched so far (a chunk's first item), each dispatch until its chunk arrives, and
// each process's own totals of every queue, counter and lock, which the events sum over the processes.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events.h"

namespace mpwb {

struct ScriptException {
    int pid = 0;
    std::string type, message, file, traceback;
    std::int64_t line = -1;
};

struct PickleProblem {
    std::string what, where, message, lesson;
};

struct MainGuardProblem {
    int pid = 0;
    std::string where, startMethod;
};

struct EndedChild {
    int pid = 0;
    int worker = -1;
    int exitCode = 0; // negative: killed by that signal, as multiprocessing says it
};

class FactTranslator {
public:
    // originNs: the run's origin on CLOCK_MONOTONIC (fact times are on the same clock). cores: more live
    // multiprocessing processes than 4 x cores gets a workbench note.
    FactTranslator(std::int64_t originNs, int cores);

    // One datagram: the events it makes, in order (often none). A malformed fact is counted, never thrown.
    std::vector<Event> take(std::string_view datagram);

    // Chunk facts whose dispatch never came are still drawn; dispatches whose chunk never came (a cancelled
    // run) are dropped. The notes due at the end: the unpicklable note when that did not end the run, the
    // count of malformed facts.
    std::vector<Event> finish(std::int64_t nowNs, bool unpicklableIsTheError);

    // (worker, pid) of every multiprocessing process numbered so far, for the CPU sampler.
    std::vector<std::pair<int, int>> workers() const;
    // Every pid any fact named: senders and started children.
    std::set<int> pidsSeen() const { return m_pidsSeen; }
    // /dev/shm names created or attached and not reported removed, with the leading '/'.
    const std::set<std::string>& liveSegments() const { return m_liveSegments; }

    const std::optional<ScriptException>& exception() const { return m_exception; }
    const std::optional<PickleProblem>& unpicklable() const { return m_unpicklable; }
    const std::optional<MainGuardProblem>& mainGuard() const { return m_mainGuard; }
    // Children a parent saw end with a signal, in the order learnt.
    const std::vector<EndedChild>& killedChildren() const { return m_killed; }
    std::string startMethod() const { return m_startMethod; }
    std::string pythonVersion() const { return m_pythonVersion; }
    int mainPid() const { return m_mainPid; }
    // When the script's own process said hello, after Python's own start-up (ns since the origin; 0: never).
    std::int64_t mainHelloNs() const { return m_mainHelloNs; }
    int processesStarted() const { return m_started; }
    std::uint64_t chunks() const { return m_chunks; }
    std::uint64_t items() const { return m_itemsDone; }
    std::uint64_t malformed() const { return m_malformed; }
    // The note about too many processes at once, when it was given; else "".
    const std::string& crowdWarning() const { return m_crowdWarning; }

private:
    struct Process {
        int worker = -1;
        bool started = false, ready = false, ended = false;
        std::int64_t askedNs = 0, readyNs = 0, startedNs = 0;
        std::string startMethod;
    };
    struct Dispatch {
        std::int64_t t = 0;
        std::uint64_t firstItem = 0, items = 0, bytes = 0;
        std::int64_t encodeNs = 0;
    };
    struct QueueShare {
        std::uint64_t puts = 0, gets = 0, bytesPut = 0, bytesGot = 0;
        std::int64_t putBlockedNs = 0, getBlockedNs = 0;
    };
    struct QueueState {
        std::int64_t capacity = 0, depth = 0;
        std::map<int, QueueShare> byPid;
    };
    struct CounterShare {
        std::uint64_t writes = 0, lockedWrites = 0;
    };
    struct CounterState {
        std::int64_t value = 0, valueT = 0;
        std::map<int, CounterShare> byPid;
    };
    struct LockShare {
        bool holding = false;
        std::int64_t waiting = 0, waitedNs = 0;
        std::uint64_t acquisitions = 0;
    };

    std::int64_t since(std::int64_t t) const { return t > m_origin ? t - m_origin : 0; }
    Process& process(int pid);
    void numberWorker(int pid, Process& p, std::int64_t t, std::vector<Event>& out);
    int workerOf(int pid) const;
    Event workbenchNote(std::int64_t t, std::string text) const;

    std::int64_t m_origin;
    int m_cores;
    int m_mainPid = 0;
    std::int64_t m_mainHelloNs = 0;
    std::string m_startMethod, m_pythonVersion;
    std::map<int, Process> m_processes;
    int m_nextWorker = 0, m_started = 0, m_live = 0;
    std::string m_crowdWarning;
    std::uint64_t m_itemsDispatched = 0, m_itemsDone = 0, m_chunks = 0, m_malformed = 0;
    std::map<std::string, Dispatch> m_dispatches;
    // Chunks whose fact came before their dispatch's (the tracer sends a dispatch at the parent's next
    // pickle, and a lone long task may finish first): that dispatch, when it comes, is already counted.
    std::set<std::string> m_finishedFirst;
    std::map<std::string, QueueState> m_queues;
    std::map<std::string, CounterState> m_counters;
    std::map<std::string, std::map<int, LockShare>> m_locks;
    std::set<std::string> m_liveSegments;
    std::set<int> m_pidsSeen;
    std::optional<ScriptException> m_exception;
    std::optional<PickleProblem> m_unpicklable;
    std::optional<MainGuardProblem> m_mainGuard;
    std::vector<EndedChild> m_killed;
};

// How the script's own process ended, as the keeper saw it, and what the runner did.
struct ScriptEnd {
    bool cancelled =
        false; // Cancel, Ctrl-C or SIGTERM to the runner (not the runner's own no-main-guard stop)
    bool ranToEnd = false; // the script's process ended by itself
    int exitCode = 0;
    int signal = 0; // it was killed by this signal
};

// The run's one error, if any, by priority: cancelled, no-main-guard, unpicklable, worker-died,
// script-failed. The last three only when the script failed.
std::optional<ErrorEvent> pythonRunError(const FactTranslator& facts, const ScriptEnd& end,
                                         const std::string& scriptPath);

// "exit status 0", "killed by signal 9 (Killed)": the result's value.
std::string describeScriptEnd(const ScriptEnd& end);

} // namespace mpwb
