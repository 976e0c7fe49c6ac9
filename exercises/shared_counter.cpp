// SPDX-License-Identifier: GPL-3.0-or-later
#include "shared_counter.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <iterator>
#include <new>
#include <optional>
#include <unistd.h>

#include "clock.h"
#include "lock_holder_watch.h"
#include "python_sources.h"
#include "robust_mutex.h"
#include "segment_event.h"
#include "shared_segment.h"
#include "task_registry.h"

namespace mpwb::exercises {
namespace {

constexpr std::int64_t kMaxIncrements = 100'000'000;
// Each worker's share is cut into this many slices, so a pool that keeps two items in flight per worker
// still has every worker busy at once, and progress shows as slices finish.
constexpr std::uint64_t kSlicesPerWorker = 16;
// Workers publish how many increments they made in batches, so the bookkeeping does not fight over the
// same cache line as hard as the counter itself does.
constexpr std::uint64_t kProgressBatch = 4096;

enum class Mode : std::uint8_t { None, Lock, Atomic };

// 12345678 -> "12,345,678": counts of millions read at a glance, also from the back of a classroom.
std::string grouped(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

Mode parseMode(const std::string& s) {
    return s == "lock" ? Mode::Lock : s == "atomic" ? Mode::Atomic : Mode::None;
}

const char* modeName(Mode m) {
    return m == Mode::Lock ? "lock" : m == Mode::Atomic ? "atomic" : "none";
}

// A spawned worker that opened the segment by name. pid is written last: 0 means not filled in yet.
struct Attachment {
    std::atomic<int> worker{-1};
    std::atomic<int> pid{0};
};

// The layout of the shared segment. Each hot field sits on its own cache line.
struct CounterBlock {
    alignas(64) RobustMutex mutex;
    alignas(64) std::int64_t value = 0; // the counter; touched through std::atomic_ref only
    // Guarded by the mutex and beside the value its holder touches anyway, so keeping them costs next to
    // nothing; atomic only so the sampler may read them while workers write.
    std::atomic<int> lockedBy{-1};                  // worker index holding the lock, -1 when free
    std::atomic<std::uint64_t> acquisitions{0};     // times the lock was taken
    std::atomic<std::int64_t> waitedNs{0};          // total time lockers waited for it
    alignas(64) std::atomic<std::uint64_t> made{0}; // increments made so far, all workers
    alignas(64) std::atomic<int> holder{0};         // pid holding the lock, 0 when free
    std::atomic<std::uint32_t> ownerDied{0};        // times a locker found the previous owner dead
    std::atomic<int> deadHolder{0};                 // the pid that died holding it, for the report
    std::atomic<int> takenOverBy{-1};               // the worker that took the lock over from it
    // Touched only by lockers that found the lock taken, who are about to sleep anyway.
    alignas(64) std::atomic<int> waiting{0}; // lockers waiting for the lock now
    alignas(64) std::atomic<std::uint32_t> attachments{0};
    Attachment attached[kMaxWorkers];
    // Every worker process that ran a slice, however it started: who a lock owner's pid is.
    std::atomic<std::uint32_t> workersNoted{0};
    Attachment workers[kMaxWorkers];
};

// Set by the host before its workers start: forked workers and threads find the block here without
// opening the segment by name; a spawned worker (a fresh program) maps it by name once.
CounterBlock* g_block = nullptr;
std::string g_attachedName;

CounterBlock* blockFor(const std::string& name, int worker) {
    if (g_block) return g_block;
    static SharedSegment* attached = nullptr; // lives as long as the worker process
    if (!attached || g_attachedName != name) {
        attached = new SharedSegment(SharedSegment::attach(name));
        g_attachedName = name;
        // Leave a note for the host, which publishes it: a worker process has no event stream of its own.
        auto* b = static_cast<CounterBlock*>(attached->data());
        const auto slot = b->attachments.fetch_add(1);
        if (slot < std::size(b->attached)) {
            b->attached[slot].worker.store(worker);
            b->attached[slot].pid.store(static_cast<int>(getpid()), std::memory_order_release);
        }
    }
    return static_cast<CounterBlock*>(attached->data());
}

// Locks the counter's mutex, keeping the lock's bookkeeping: who holds it, who waits, for how long. Only a
// locker that finds it taken pays for the clock and the shared waiting count.
void lockCounter(CounterBlock& b, int worker, int pid) {
    std::optional<bool> ownerDied = b.mutex.tryLock();
    std::int64_t asked = 0;
    int seenOwner = 0; // who held it when we began to wait: the likely dead owner if we take it over
    if (!ownerDied) {
        seenOwner = b.mutex.ownerTid();
        b.waiting.fetch_add(1, std::memory_order_relaxed);
        asked = monotonicNs();
        ownerDied = b.mutex.lock();
    }
    // Name the holder first, before anything that may enter the kernel (the clock may be a system call):
    // a signal that stops or kills us is delivered on the way back, and must find the lock named as ours.
    const int previous = b.holder.load(std::memory_order_relaxed);
    b.holder.store(pid, std::memory_order_relaxed);
    b.lockedBy.store(worker, std::memory_order_relaxed);
    if (asked) {
        b.waitedNs.store(b.waitedNs.load(std::memory_order_relaxed) + (monotonicNs() - asked),
                         std::memory_order_relaxed);
        b.waiting.fetch_sub(1, std::memory_order_relaxed);
    }
    if (*ownerDied) {
        // The owner seen in the lock word when we began to wait is exact; `previous` may lag behind when the
        // owner died inside the lock call, after taking the lock but before naming itself.
        b.deadHolder.store(seenOwner != 0 ? seenOwner : previous != pid ? previous : 0);
        b.takenOverBy.store(worker);
        b.ownerDied.fetch_add(1);
    }
    // Read and written by the holder only: no read-modify-write needed.
    b.acquisitions.store(b.acquisitions.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

// The holder's marks are cleared after the unlock, and only if nobody took the lock since: cleared before it,
// a holder killed inside the unlock would leave a lock held by "pid 0".
void unlockCounter(CounterBlock& b, int worker, int pid) {
    b.mutex.unlock();
    int me = pid;
    b.holder.compare_exchange_strong(me, 0, std::memory_order_relaxed);
    b.lockedBy.compare_exchange_strong(worker, -1, std::memory_order_relaxed);
}

// One item: add 1 to the counter `count` times in `mode`.
void incrementTask(ByteReader& in, ByteWriter& out, TaskContext& context) {
    const auto name = in.getString();
    const auto mode = static_cast<Mode>(in.get<std::uint8_t>());
    const auto count = in.get<std::uint64_t>();
    CounterBlock* b = blockFor(name, context.worker());
    std::atomic_ref<std::int64_t> value(b->value);
    const int me = static_cast<int>(getpid());
    static const CounterBlock* notedIn = nullptr;
    static int notedAs = 0;
    if (notedIn != b || notedAs != me) { // once per worker process and run
        notedIn = b;
        notedAs = me;
        const auto slot = b->workersNoted.fetch_add(1);
        if (slot < std::size(b->workers)) {
            b->workers[slot].worker.store(context.worker());
            b->workers[slot].pid.store(me, std::memory_order_release);
        }
    }
    std::uint64_t pending = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        switch (mode) {
        case Mode::None: {
            // A read and a separate write, like `v.value += 1` without get_lock(): another worker's update
            // between the two is overwritten. Under an interpreter lock the hand-over may fall between them
            // too, as it may between two bytecodes.
            const auto seen = value.load(std::memory_order_relaxed);
            context.checkpoint();
            value.store(seen + 1, std::memory_order_relaxed);
            break;
        }
        case Mode::Lock:
            lockCounter(*b, context.worker(), me);
            value.store(value.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
            unlockCounter(*b, context.worker(), me);
            break;
        case Mode::Atomic:
            value.fetch_add(1, std::memory_order_relaxed);
            break;
        }
        if (++pending == kProgressBatch) {
            b->made.fetch_add(pending, std::memory_order_relaxed);
            pending = 0;
            context.checkpoint();
        }
    }
    b->made.fetch_add(pending, std::memory_order_relaxed);
    out.put<std::uint64_t>(count);
}

const TaskRegistration kIncrement{"shared-counter/increment", "adds 1 to the shared counter, count times",
                                  incrementTask};

class Slices : public ItemSource {
public:
    Slices(std::string segment, Mode mode, std::uint64_t total, std::uint64_t slices)
        : m_segment(std::move(segment)), m_mode(mode), m_total(total), m_slices(slices) {}
    std::uint64_t count() const override { return m_slices; }
    void encode(std::uint64_t index, ByteWriter& out) const override {
        // Slices differ by at most one increment and add up to the total exactly.
        const std::uint64_t base = m_total / m_slices, extra = m_total % m_slices;
        out.putString(m_segment);
        out.put<std::uint8_t>(static_cast<std::uint8_t>(m_mode));
        out.put<std::uint64_t>(base + (index < extra ? 1 : 0));
    }

private:
    std::string m_segment;
    Mode m_mode;
    std::uint64_t m_total, m_slices;
};

class Done : public ResultSink {
public:
    void accept(std::uint64_t, ByteReader& result) override { m_done += result.get<std::uint64_t>(); }
    std::uint64_t done() const { return m_done; }

private:
    std::uint64_t m_done = 0;
};

class SharedCounterRun : public ExerciseRun {
public:
    SharedCounterRun(std::uint64_t perWorker, Mode mode)
        : m_perWorker(perWorker), m_mode(mode), m_segment(sizeof(CounterBlock)) {
        m_block = new (m_segment.data()) CounterBlock;
        g_block = m_block;
    }
    ~SharedCounterRun() override {
        if (g_block == m_block) g_block = nullptr;
    }

    void configure(const RunSpec& spec) override {
        m_workers = spec.backend == Backend::Sequential ? 1 : spec.workers;
        // Spawned and forkserver workers are no copy of this process: they open the segment by name.
        m_spawned = spec.backend == Backend::Processes && spec.startMethod != StartMethod::Fork;
        m_total = m_perWorker * static_cast<std::uint64_t>(m_workers);
        m_items = std::make_unique<Slices>(
            m_segment.name(), m_mode, m_total,
            std::max<std::uint64_t>(1, std::min<std::uint64_t>(m_total, kSlicesPerWorker * m_workers)));
        // Only a spawned worker opens the segment by name; otherwise the name can go at once, so even a
        // host killed outright leaves nothing in /dev/shm.
        if (!m_spawned) m_segment.unlinkNow();
    }

    void announce(const std::function<void(EventBody)>& publish) override {
        publish(segmentEvent(m_segment, "created"));
        if (!m_segment.linked()) publish(segmentEvent(m_segment, "removed"));
    }
    void retire(const std::function<void(EventBody)>& publish) override {
        if (!m_segment.linked()) return;
        m_segment.unlinkNow(); // the spawned workers have opened it, and are gone
        publish(segmentEvent(m_segment, "removed"));
    }
    std::string task() const override { return "shared-counter/increment"; }
    const ItemSource* items() const override { return m_items.get(); }
    ResultSink* results() override { return &m_done; }
    std::uint64_t workCount() const override { return m_total; }

    std::chrono::milliseconds sampleInterval() const override { return std::chrono::milliseconds(50); }
    void sample(const std::function<void(EventBody)>& publish) override {
        CounterEvent e;
        e.mode = modeName(m_mode);
        e.value = std::atomic_ref<std::int64_t>(m_block->value).load();
        e.increments = m_block->made.load();
        publish(e);
        if (m_mode == Mode::Lock) {
            LockEvent l;
            l.lock = "counter";
            l.holder = m_block->lockedBy.load(std::memory_order_relaxed);
            l.waiting = m_block->waiting.load(std::memory_order_relaxed);
            l.acquisitions = m_block->acquisitions.load(std::memory_order_relaxed);
            l.waitedNs = m_block->waitedNs.load(std::memory_order_relaxed);
            publish(l);
            const int owner = m_block->mutex.ownerTid();
            // The owner's pid is exact (the lock word); the holder's own marks may lag behind it.
            m_holders.sample(owner, workerOf(owner), l.acquisitions, monotonicNs());
        }
        // Spawned workers that opened the segment since the last sample.
        const auto noted = std::min<std::uint32_t>(m_block->attachments.load(), std::size(m_block->attached));
        while (m_attachmentsSeen < noted) {
            const auto& a = m_block->attached[m_attachmentsSeen];
            const int pid = a.pid.load(std::memory_order_acquire);
            if (pid == 0) break; // still being written
            SegmentEvent s = segmentEvent(m_segment, "attached", a.worker.load());
            s.pid = pid;
            publish(s);
            ++m_attachmentsSeen;
        }
    }

    // A stall while one holder kept the lock: it stopped, and the workers the pool saw stall wait for it. The
    // lock changes hands in microseconds, so a quarter of a second untouched is no ordinary hold.
    void explainStall(ErrorEvent& error) {
        m_holders.blameHolder(error, "the counter's lock", std::chrono::milliseconds(250));
    }

    // A worker process's number from the note it left at its first slice; -1 if it left none.
    int workerOf(int pid) const {
        const auto noted = std::min<std::uint32_t>(m_block->workersNoted.load(), std::size(m_block->workers));
        for (std::uint32_t i = 0; i < noted; ++i)
            if (m_block->workers[i].pid.load(std::memory_order_acquire) == pid)
                return m_block->workers[i].worker.load();
        return -1;
    }

    void explainFailure(ErrorEvent& error) override {
        if (m_mode != Mode::Lock) return;
        if (error.kind == "stalled") return explainStall(error);
        if (!error.message.empty() && error.message.back() != '.') error.message += '.';
        const auto taker = "Worker " + std::to_string(m_block->takenOverBy.load());
        // Only a process that died can leave the lock behind, and a map stops at its first death: the one
        // named. Otherwise the lockers' own witness.
        const int dead = error.kind == "worker-died" && error.pid ? error.pid : m_block->deadHolder.load();
        if (m_block->ownerDied.load() > 0 && dead == error.pid)
            error.message += " It died holding the counter's lock. " + taker +
                             " took the lock over, because a robust mutex passes to the next locker when its "
                             "owner dies: nobody waited for it forever.";
        else if (m_block->ownerDied.load() > 0)
            error.message += " Before that, pid " + std::to_string(dead) +
                             " died holding the counter's lock. " + taker +
                             " took the lock over, as a robust mutex allows.";
        else if (error.pid != 0 && m_block->holder.load() == error.pid)
            error.message +=
                " It died holding the counter's lock. The lock is a robust mutex: the next worker "
                "to lock it would have taken it over instead of waiting forever.";
    }

    ResultEvent finish() override {
        const auto final = std::atomic_ref<std::int64_t>(m_block->value).load();
        const auto lost = static_cast<std::int64_t>(m_total) - final;
        ResultEvent r;
        r.value =
            grouped(final) + " of " + grouped(static_cast<std::int64_t>(m_total)) + " increments counted";
        if (lost > 0) r.value += " (" + grouped(lost) + " lost)";
        r.checks["expected"] = std::to_string(m_total);
        r.checks["final"] = std::to_string(final);
        r.checks["lost"] = std::to_string(lost);
        r.checks["mode"] = jsonQuoted(modeName(m_mode));
        r.checks["owner_died"] = std::to_string(m_block->ownerDied.load());
        // Without a lock a loss is the lesson, not a failure; with one, every increment must count.
        r.correct = m_done.done() == m_total && (m_mode == Mode::None ? lost >= 0 : lost == 0);
        return r;
    }

private:
    std::uint64_t m_perWorker;
    Mode m_mode;
    SharedSegment m_segment;
    CounterBlock* m_block = nullptr;
    int m_workers = 1;
    bool m_spawned = false;
    std::uint32_t m_attachmentsSeen = 0; // touched by the session's sampler thread only
    LockHolderWatch m_holders;           // written by the sampler thread; read after it was joined
    std::uint64_t m_total = 0;
    std::unique_ptr<Slices> m_items;
    Done m_done;
};

} // namespace

std::string SharedCounter::summary() const {
    return "Each worker adds 1 to one counter in shared memory, M times. Without a lock, updates that "
           "overlap are lost; a process-shared lock makes every one count, an atomic add too, faster.";
}

std::vector<ParameterSpec> SharedCounter::parameters() const {
    return {
        // Ten million: long enough (tens of milliseconds) for workers to overlap even on a busy machine.
        ParameterSpec::integer("increments", "Adds per worker (M)", "how many times each worker adds 1", 1,
                               kMaxIncrements, 10'000'000),
        ParameterSpec::choice("mode", "Protection",
                              "none: read then write, no lock; lock: a process-shared mutex; atomic: one "
                              "indivisible add",
                              {"none", "lock", "atomic"}, "none"),
    };
}

std::string SharedCounter::pythonSource() const {
    return python::shared_counter;
}

std::unique_ptr<ExerciseRun> SharedCounter::prepare(const ParameterValues& values, const CancelCheck&) const {
    return std::make_unique<SharedCounterRun>(static_cast<std::uint64_t>(values.integer("increments")),
                                              parseMode(values.text("mode")));
}

} // namespace mpwb::exercises
