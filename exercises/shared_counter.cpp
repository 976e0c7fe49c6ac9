#include "shared_counter.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <new>
#include <unistd.h>

#include "python_sources.h"
#include "robust_mutex.h"
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

// The layout of the shared segment. Each hot field sits on its own cache line.
struct CounterBlock {
    alignas(64) RobustMutex mutex;
    alignas(64) std::int64_t value = 0;             // the counter; touched through std::atomic_ref only
    alignas(64) std::atomic<std::uint64_t> made{0}; // increments made so far, all workers
    alignas(64) std::atomic<int> holder{0};         // pid holding the lock, 0 when free
    std::atomic<std::uint32_t> ownerDied{0};        // times a locker found the previous owner dead
    std::atomic<int> deadHolder{0};                 // the pid that died holding it, for the report
};

// Set by the host before its workers start: forked workers and threads find the block here without
// opening the segment by name; a spawned worker (a fresh program) maps it by name once.
CounterBlock* g_block = nullptr;
std::string g_attachedName;

CounterBlock* blockFor(const std::string& name) {
    if (g_block) return g_block;
    static SharedSegment* attached = nullptr; // lives as long as the worker process
    if (!attached || g_attachedName != name) {
        attached = new SharedSegment(SharedSegment::attach(name));
        g_attachedName = name;
    }
    return static_cast<CounterBlock*>(attached->data());
}

// One item: add 1 to the counter `count` times in `mode`.
void incrementTask(ByteReader& in, ByteWriter& out, TaskContext& context) {
    const auto name = in.getString();
    const auto mode = static_cast<Mode>(in.get<std::uint8_t>());
    const auto count = in.get<std::uint64_t>();
    CounterBlock* b = blockFor(name);
    std::atomic_ref<std::int64_t> value(b->value);
    const int me = static_cast<int>(getpid());
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
            if (b->mutex.lock()) {
                b->ownerDied.fetch_add(1);
                b->deadHolder.store(b->holder.load());
            }
            b->holder.store(me, std::memory_order_relaxed);
            value.store(value.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
            b->holder.store(0, std::memory_order_relaxed);
            b->mutex.unlock();
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
        m_total = m_perWorker * static_cast<std::uint64_t>(m_workers);
        m_items = std::make_unique<Slices>(
            m_segment.name(), m_mode, m_total,
            std::max<std::uint64_t>(1, std::min<std::uint64_t>(m_total, kSlicesPerWorker * m_workers)));
        // Only a spawned worker opens the segment by name; otherwise the name can go at once, so even a
        // host killed outright leaves nothing in /dev/shm.
        if (!(spec.backend == Backend::Processes && spec.startMethod == StartMethod::Spawn))
            m_segment.unlinkNow();
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
    }

    void explainFailure(ErrorEvent& error) override {
        const int holder = m_block->holder.load();
        if (m_mode == Mode::Lock && holder != 0 && holder == error.pid)
            error.message += " It died holding the counter's lock. The lock is a robust mutex, so no other "
                             "worker was left waiting for it forever.";
        if (m_block->ownerDied.load() > 0)
            error.message += " A worker found the lock's previous owner (pid " +
                             std::to_string(m_block->deadHolder.load()) +
                             ") dead and took the lock over, as a robust mutex allows.";
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

std::unique_ptr<ExerciseRun> SharedCounter::prepare(const ParameterValues& values) const {
    return std::make_unique<SharedCounterRun>(static_cast<std::uint64_t>(values.integer("increments")),
                                              parseMode(values.text("mode")));
}

} // namespace mpwb::exercises
