// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One interface for the four ways of running a map: sequential, threads, gil-threads and processes.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "events.h"
#include "map_job.h"

namespace mpwb {

enum class Backend { Sequential, Threads, GilThreads, Processes };
// How a process pool starts its workers: a copy of the host (fork), a fresh mpwb-worker (spawn), or a copy
// of a fork server, a fresh mpwb-worker started once per pool that forks each worker on request (forkserver).
enum class StartMethod { Fork, Spawn, Forkserver };

std::string backendName(Backend b);
std::string startMethodName(StartMethod m);
std::optional<Backend> parseBackend(std::string_view name);
std::optional<StartMethod> parseStartMethod(std::string_view name);

inline constexpr int kMaxWorkers = 1024;

struct ExecutorOptions {
    Backend backend = Backend::Processes;
    StartMethod startMethod = StartMethod::Fork;
    int workers = 1;
    std::chrono::microseconds switchInterval = std::chrono::milliseconds(5); // gil-threads only
    std::string workerProgram;   // spawn and forkserver only; empty: see findWorkerProgram
    EventSink* events = nullptr; // may be null
    std::int64_t originNs = 0;   // monotonic time of the run's start; event times count from it
    // Chunks shown while they happen (chunk_dispatched, chunk_started): per worker, one at most per this many
    // ns, by the rule of ChunkEventSpacing; 0 shows every chunk. Hidden chunks cost nothing, not even a
    // message from a worker process.
    std::int64_t chunkEventSpacingNs = 0;
    // processes: a worker that holds a chunk and completes no item for this long ends the map as "stalled"
    // (and every worker is killed); 0 turns the watch off. The thread backends ignore it: a stuck thread
    // cannot be stopped safely, so there a stuck task holds its map (and cancel waits for the task).
    std::chrono::milliseconds stallTimeout{0};
};

enum class MapStatus { Ok, Failed, Cancelled };

struct MapOutcome {
    MapStatus status = MapStatus::Ok;
    std::optional<ErrorEvent> error;
    std::int64_t wallNs = 0;
    std::uint64_t chunks = 0;
};

// The workers could not be started; carries the run's error event (kind worker-start-failed, naming the
// worker, the start method and, for spawn and forkserver, the program).
class WorkerStartFailure : public std::runtime_error {
public:
    explicit WorkerStartFailure(ErrorEvent error)
        : std::runtime_error(error.message), m_error(std::move(error)) {}
    const ErrorEvent& error() const { return m_error; }

private:
    ErrorEvent m_error;
};

struct WorkerInfo {
    int worker = 0;
    int pid = 0;
};

class Executor {
public:
    virtual ~Executor() = default;

    // Starts the workers (emitting worker_started); a failure to start throws WorkerStartFailure, after
    // reaping the workers already started. A cancel during start-up stops them and returns: the map that
    // follows ends as Cancelled.
    virtual void start() = 0;
    // Runs the task over every item; results reach `results` in input order. Blocks until done. An unknown
    // task throws BadRequest before any item is sent; anything else that goes wrong (a task, a worker, the
    // item source, the result sink, the backend itself) ends the map as Failed with an error event, and a
    // cancel wins over the failures it causes (a worker that dies after a cancel was asked).
    MapOutcome map(const MapJob& job, ResultSink& results);
    // Ends the map that runs, or is starting, as soon as possible (within a second); later maps run
    // normally. A cancel asked while no map runs ends the next start() and map(). Safe from any thread and
    // from a signal handler.
    virtual void cancel() = 0;
    // Stops and reaps every worker. Called by the destructor too.
    virtual void shutdown() = 0;

    virtual std::vector<WorkerInfo> workerProcesses() const { return {}; }

    // One item, run asynchronously. Calls are serialized with each other and with map().
    std::future<Bytes> submit(std::string task, Bytes item);

    const ExecutorOptions& options() const { return m_options; }

protected:
    explicit Executor(ExecutorOptions options) : m_options(std::move(options)) {}
    virtual MapOutcome runMap(const MapJob& job, ResultSink& results) = 0;
    void publish(std::int64_t nowNs, EventBody body) const;
    std::int64_t sinceOrigin(std::int64_t monotonic) const { return monotonic - m_options.originNs; }

    ExecutorOptions m_options;
    std::mutex m_mapMutex;                // one map at a time
    std::atomic<bool> m_cancelled{false}; // set by cancel(), cleared when the map it ends returns
};

// Validates the options (throws BadRequest naming the problem) and builds the executor. Nothing is started.
std::unique_ptr<Executor> makeExecutor(const ExecutorOptions& options);

} // namespace mpwb
