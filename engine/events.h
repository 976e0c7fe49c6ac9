// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The event vocabulary of a run. Everything the GUI shows is built from these; docs/EVENTS.md describes the
// JSON Lines form. Times are nanoseconds on the monotonic clock since the run's origin (see clock.h).

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace mpwb {

// 2: result checks may be any JSON value; queue, counter and file events.
// 3: run_id in hello and run_started (required from 3 on); a stream may hold several runs, each starting with
//    its own hello; chunk_dispatched, chunk_started, gil, lock and segment events; the host's own CPU in cpu
//    events, and thread workers in their workers list; sweep_started, which says what a sweep measures.
// 4: errors name what failed (chunk, file, parameter) and the kinds worker-start-failed, stalled,
//    write-failed and file-failed; run_started's stall timeout.
// 5: chunk.work_ns, the time a merged chunk's chunks spent working (their span also holds the waits).
inline constexpr int kEventFormatVersion = 5;

struct HelloEvent {
    int formatVersion = kEventFormatVersion;
    int cores = 0;       // logical CPUs online on the machine that ran it
    std::string machine; // host name and kernel, for the record
    std::string engineVersion;
    std::string runId{}; // format 3: names the run this hello starts, the same as its run_started's

    bool operator==(const HelloEvent&) const = default;
};

struct RunStartedEvent {
    std::string exercise;
    std::string backend;     // sequential | threads | gil-threads | processes
    std::string startMethod; // fork | spawn, or "" where it does not apply
    int workers = 1;
    std::uint64_t chunksize = 1;
    std::uint64_t items = 0;                   // total items to process, for progress
    std::map<std::string, std::string> params; // the exercise's own parameters, as given
    std::string runId{};                       // format 3: the same as the hello before it
    // format 4: a worker holding work that shows no progress for this long ends the run as "stalled"; 0 when
    // the backend cannot tell (a stream of an older format, or a backend without stall detection)
    std::int64_t stallTimeoutMs = 0;

    bool operator==(const RunStartedEvent&) const = default;
};

struct WorkerStartedEvent {
    int worker = 0;
    int pid = 0;
    std::string startMethod;
    std::int64_t startupNs = 0; // from asking for the worker to the worker saying it is ready

    bool operator==(const WorkerStartedEvent&) const = default;
};

// One chunk, or several merged when they are too small to draw one by one (merged > 1).
struct ChunkEvent {
    int worker = 0;
    int core = -1; // CPU the chunk finished on
    std::uint64_t firstItem = 0;
    std::uint64_t items = 0;
    std::int64_t dispatchNs = 0;
    std::int64_t startNs = 0;
    std::int64_t endNs = 0;
    std::uint64_t bytesIn = 0;  // serialized items sent to the worker
    std::uint64_t bytesOut = 0; // serialized results sent back
    std::int64_t encodeNs = 0;  // time spent serializing (items by the host, results by the worker)
    std::int64_t decodeNs = 0;  // time spent deserializing
    std::uint32_t merged = 1;
    // Time spent on the items: end_ns - start_ns, and for a merged chunk the sum of its chunks' own spans
    // (the gaps between them are the worker waiting for its next chunk, not working). Format 5 on.
    std::int64_t workNs = 0;

    bool operator==(const ChunkEvent&) const = default;
};

// How long a chunk event's chunks worked: work_ns, or, in a stream older than format 5 (where work_ns is
// 0), the span from start to end, which for a merged chunk also holds the worker's waits between them.
inline std::int64_t chunkWorkNs(const ChunkEvent& c) {
    if (c.workNs > 0) return c.workNs;
    return c.endNs > c.startNs ? c.endNs - c.startNs : 0;
}

struct WorkerCpu {
    int worker = 0;
    int pid = 0;
    double cpuPercent = 0;  // of one core, over the last sample interval
    std::int64_t cpuNs = 0; // user + system CPU time so far
    int lastCore = -1;
    // format 3: a thread of the host process (threads, gil-threads, sequential), not a process of its own, so
    // its CPU is counted again inside CpuEvent::hostCpuPercent.
    bool inHost = false;

    bool operator==(const WorkerCpu&) const = default;
};

struct CpuEvent {
    std::vector<double> cores; // utilisation 0..100 of each logical CPU over the last interval
    std::vector<WorkerCpu> workers;
    // format 3: the host process's own CPU over the last interval, all its threads together (thread workers
    // included), in % of one core, so it may exceed 100. NaN when it was not measured.
    double hostCpuPercent = 0;

    bool operator==(const CpuEvent&) const = default;
};

// Named values already written as JSON (a number "12", a string "\"abc\"", a list "[...]"), so an exercise
// can report checks of any shape and the stream carries them as they are.
struct JsonFields : std::map<std::string, std::string> {};

// Writes s as a JSON string value (quoted and escaped), for JsonFields.
std::string jsonQuoted(const std::string& s);

struct ResultEvent {
    std::string value; // the exact answer, as text
    JsonFields checks; // the exercise's own checks, e.g. expected value
    bool correct = true;

    bool operator==(const ResultEvent&) const = default;
};

struct ErrorEvent {
    // What failed, as a word a program can act on: task-failed | worker-died | worker-start-failed | stalled
    // | bad-request | write-failed | file-failed | cancelled | internal (a bug of ours, nothing else).
    std::string kind;
    std::string message; // a sentence a student can read
    int worker = -1;     // -1: no worker is to blame
    int pid = 0;         // 0: not known
    std::int64_t item = -1;
    int signal = 0;
    int exitCode = 0;
    std::uint64_t chunkFirst = 0;
    std::uint64_t chunkItems = 0;
    std::int64_t chunk = -1; // format 4: the chunk's number in the run, -1 if none
    std::string file{};      // format 4: the file that could not be read or written
    std::string parameter{}; // format 4: the option or parameter that was wrong, without "--"

    bool operator==(const ErrorEvent&) const = default;
};

struct SweepPointEvent {
    std::string backend;
    int workers = 1;
    std::uint64_t chunksize = 1;
    int repeat = 0;
    std::int64_t wallNs = 0;

    bool operator==(const SweepPointEvent&) const = default;
};

// The first event after a sweep's hello (format 3): what the sweep is about to measure, so a recorded sweep
// still says which exercise, backend and start method its points belong to.
struct SweepStartedEvent {
    std::string exercise;
    std::string backend;
    std::string startMethod; // fork | spawn, or "" where it does not apply
    std::vector<std::int64_t> workers;
    std::vector<std::int64_t> chunksizes; // 0: the default rule ("auto")
    int repeats = 1;
    std::map<std::string, std::string> params; // the exercise's own parameters, as given
    std::string runId;                         // the same as the hello before it

    bool operator==(const SweepStartedEvent&) const = default;
};

struct RunFinishedEvent {
    std::string status; // ok | error | cancelled
    std::int64_t wallNs = 0;

    bool operator==(const RunFinishedEvent&) const = default;
};

// One inter-process queue, sampled: how full it is, and what has gone through it so far.
struct QueueEvent {
    std::string queue;         // its name in the exercise, e.g. "tasks" or "results"
    std::int64_t depth = 0;    // items in it at this moment
    std::int64_t capacity = 0; // its bound
    std::uint64_t puts = 0;    // so far
    std::uint64_t gets = 0;
    std::uint64_t bytesPut = 0;
    std::uint64_t bytesGot = 0;
    std::int64_t putBlockedNs = 0; // total time writers waited for room, so far
    std::int64_t getBlockedNs = 0; // total time readers waited for an item, so far

    bool operator==(const QueueEvent&) const = default;
};

// A counter in shared memory, sampled: its value against the increments the workers have made.
struct CounterEvent {
    std::string mode; // none | lock | atomic
    std::int64_t value = 0;
    std::uint64_t increments = 0; // made so far, by all workers together

    bool operator==(const CounterEvent&) const = default;
};

// One file an item of the run read and wrote (an image filtered), or failed to: views show it as it lands.
struct FileEvent {
    std::uint64_t item = 0;
    std::string input;  // path of the file read
    std::string output; // path of the file written; empty when it failed
    bool ok = true;
    std::string message; // why it failed; empty when ok

    bool operator==(const FileEvent&) const = default;
};

// The host handed a chunk to a worker (for threads: the thread took it). t is that moment. Not every chunk
// has one: see ChunkAggregator for which are shown; the chunk event when it finishes counts every chunk.
struct ChunkDispatchedEvent {
    int worker = 0;
    std::uint64_t firstItem = 0;
    std::uint64_t items = 0;
    std::uint64_t bytesIn = 0; // serialized items sent to the worker (0 where nothing is serialized)
    std::uint64_t skipped =
        0; // this worker's chunks handed out since its previous chunk_dispatched, not shown

    bool operator==(const ChunkDispatchedEvent&) const = default;
};

// A worker began a chunk whose chunk_dispatched was shown. t is the moment it began, on the worker's clock
// (the same monotonic clock), even when the host learns it a little later.
struct ChunkStartedEvent {
    int worker = 0;
    std::uint64_t firstItem = 0;
    std::uint64_t items = 0;
    int core = -1; // CPU it began on, -1 if unknown

    bool operator==(const ChunkStartedEvent&) const = default;
};

// The interpreter lock of gil-threads over one span of time. Consecutive gil events tile the map: each starts
// where the previous ended. A span that is one holding period has holder = that worker; a merged span of
// several short periods (or a period when nobody held it) has holder = -1, and heldNs/waitedNs give each
// worker's share of it.
struct GilEvent {
    std::int64_t startNs = 0; // since origin
    std::int64_t endNs = 0;
    int holder = -1;
    std::uint64_t acquisitions = 0;     // times the lock was taken in the span, by anyone
    std::uint64_t handovers = 0;        // of those, by a worker other than the one that held it last
    std::vector<std::int64_t> heldNs;   // per worker: time it held the lock within the span
    std::vector<std::int64_t> waitedNs; // per worker: time it waited for the lock within the span

    bool operator==(const GilEvent&) const = default;
};

// A lock shared by the workers (the counter's robust mutex), sampled.
struct LockEvent {
    std::string lock;               // its name in the exercise, e.g. "counter"
    int holder = -1;                // worker holding it at this moment, -1 when free
    int waiting = 0;                // workers waiting for it at this moment
    std::uint64_t acquisitions = 0; // times it was taken so far, all workers
    std::int64_t waitedNs = 0;      // total time workers spent waiting for it so far

    bool operator==(const LockEvent&) const = default;
};

// A shared-memory segment of the run came or went.
struct SegmentEvent {
    std::string action; // created | attached | removed (the name, not the memory: mappings stay valid)
    std::string name;   // as in /dev/shm, with the leading '/'
    std::uint64_t bytes = 0;
    int worker = -1; // -1: the host
    int pid = 0;

    bool operator==(const SegmentEvent&) const = default;
};

// What a Python script run (`mpwb-run python`) printed: its whole process tree shares one standard output
// and one standard error, so a line cannot be pinned on a process.
struct OutputEvent {
    std::string stream; // stdout | stderr
    std::string text;   // one or more whole lines, each ended by '\n' (a last line may lack it)

    bool operator==(const OutputEvent&) const = default;
};

// A worker process ended, and how (Python runs, once multiprocessing has learned its exit status). One killed
// by a signal need not end the run: a multiprocessing.Pool starts another worker in its place.
struct WorkerEndedEvent {
    int worker = 0;
    int pid = 0;
    int exitCode = 0;      // its exit status when it exited by itself
    int signal = 0;        // the signal that killed it, 0 if none
    bool byParent = false; // the script stopped it itself (terminate(), kill(), the end of `with Pool()`)

    bool operator==(const WorkerEndedEvent&) const = default;
};

using EventBody = std::variant<HelloEvent, RunStartedEvent, WorkerStartedEvent, ChunkEvent, CpuEvent,
                               ResultEvent, ErrorEvent, SweepPointEvent, RunFinishedEvent, QueueEvent,
                               CounterEvent, FileEvent, ChunkDispatchedEvent, ChunkStartedEvent, GilEvent,
                               LockEvent, SegmentEvent, SweepStartedEvent, OutputEvent, WorkerEndedEvent>;

struct Event {
    std::int64_t t = 0; // ns since the run's origin
    EventBody body;

    bool operator==(const Event&) const = default;
};

// The name used in the stream's "type" field.
const char* eventTypeName(const EventBody& body);

// Where a run's events go. Implementations must be safe to call from several threads at once.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void record(const Event& event) = 0;
};

} // namespace mpwb
