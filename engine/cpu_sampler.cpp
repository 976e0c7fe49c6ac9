#include "cpu_sampler.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mpwb {

namespace {

std::optional<std::string> readWholeFile(const std::string& path) {
    // /proc files report a size of 0, so read until the end rather than asking for the size.
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(text).str();
}

long clockTicksPerSecond() {
    const long ticks = sysconf(_SC_CLK_TCK);
    return ticks > 0 ? ticks : 100; // 100 is what Linux has reported to user space on every architecture
}

} // namespace

CpuSampler::CpuSampler(std::string procRoot, std::chrono::milliseconds interval)
    : m_procRoot(std::move(procRoot)), m_interval(std::max(interval, std::chrono::milliseconds(1))),
      m_ticksPerSecond(clockTicksPerSecond()) {}

CpuSampler::~CpuSampler() {
    stop();
}

void CpuSampler::setWorkers(std::vector<std::pair<int, int>> workerAndPid) {
    std::lock_guard lock(m_workersMutex);
    m_workers = std::move(workerAndPid);
}

CpuEvent CpuSampler::sampleOnce() {
    std::lock_guard sampleLock(m_sampleMutex);
    std::vector<std::pair<int, int>> workers;
    {
        std::lock_guard lock(m_workersMutex);
        workers = m_workers;
    }

    const std::string statPath = m_procRoot + "/stat";
    const auto statText = readWholeFile(statPath);
    if (!statText) throw std::runtime_error("cannot read " + statPath);
    std::vector<CpuTimes> cores = parseProcStat(*statText);
    const auto now = std::chrono::steady_clock::now();

    CpuEvent event;
    event.cores =
        m_previousCores ? coreUtilisation(*m_previousCores, cores) : std::vector<double>(cores.size());
    m_previousCores = std::move(cores);

    // Only workers seen in this sample keep a baseline, so a pid that vanished and came back starts afresh.
    std::map<std::pair<int, int>, WorkerBaseline> baselines;
    for (const auto& [worker, pid] : workers) {
        if (auto cpu = sampleWorker(worker, pid, now, baselines)) event.workers.push_back(*cpu);
    }
    m_previousWorkers = std::move(baselines);
    return event;
}

std::optional<WorkerCpu>
CpuSampler::sampleWorker(int worker, int pid, std::chrono::steady_clock::time_point now,
                         std::map<std::pair<int, int>, WorkerBaseline>& baselines) const {
    const auto text = readWholeFile(m_procRoot + "/" + std::to_string(pid) + "/stat");
    if (!text) return std::nullopt;
    ProcessStat stat;
    try {
        stat = parseProcPidStat(*text);
    } catch (const std::runtime_error&) {
        return std::nullopt; // a process exiting mid-read can leave a truncated file; treat it as gone
    }

    const std::uint64_t ticks = stat.utimeTicks + stat.stimeTicks;
    WorkerCpu cpu;
    cpu.worker = worker;
    cpu.pid = pid;
    cpu.lastCore = stat.lastCore;
    // Whole seconds and the remainder apart, so years of CPU time cannot overflow the multiplication.
    const auto perSecond = static_cast<std::uint64_t>(m_ticksPerSecond);
    cpu.cpuNs = static_cast<std::int64_t>(ticks / perSecond * 1'000'000'000ULL +
                                          ticks % perSecond * 1'000'000'000ULL / perSecond);

    const auto previous = m_previousWorkers.find({worker, pid});
    if (previous != m_previousWorkers.end()) {
        const double seconds = std::chrono::duration<double>(now - previous->second.when).count();
        const std::uint64_t deltaTicks = ticks > previous->second.ticks ? ticks - previous->second.ticks : 0;
        if (seconds > 0) {
            const double percent =
                100.0 * static_cast<double>(deltaTicks) / static_cast<double>(m_ticksPerSecond) / seconds;
            // A worker is one thread, so more than one core is only tick rounding over a short interval.
            cpu.cpuPercent = std::min(percent, 100.0);
        }
    }
    baselines[{worker, pid}] = WorkerBaseline{ticks, now};
    return cpu;
}

void CpuSampler::start(std::function<void(const CpuEvent&)> onSample) {
    std::lock_guard lock(m_runMutex);
    if (m_thread.joinable()) throw std::logic_error("CpuSampler::start called while it is already running");
    m_stopRequested = false;
    m_thread = std::thread(&CpuSampler::run, this, std::move(onSample));
}

void CpuSampler::stop() {
    std::thread finished;
    {
        std::lock_guard lock(m_runMutex);
        m_stopRequested = true;
        // Joining itself would deadlock, so a stop from inside onSample only asks; the owner joins later.
        if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id())
            finished = std::move(m_thread);
    }
    m_wake.notify_all();
    if (finished.joinable()) finished.join();
}

bool CpuSampler::isRunning() const {
    std::lock_guard lock(m_runMutex);
    return m_thread.joinable() && !m_stopRequested;
}

void CpuSampler::run(std::function<void(const CpuEvent&)> onSample) {
    // An exception must not leave this thread (it would end the host); a failed sample is simply skipped.
    try {
        sampleOnce();
    } catch (const std::exception&) {
    }

    std::unique_lock lock(m_runMutex);
    auto next = std::chrono::steady_clock::now() + m_interval;
    while (!m_wake.wait_until(lock, next, [this] { return m_stopRequested; })) {
        lock.unlock();
        try {
            const CpuEvent event = sampleOnce();
            if (onSample) onSample(event);
        } catch (const std::exception&) {
        }
        lock.lock();
        // Keep a steady cadence, but after a stall start again from now instead of firing a burst.
        next += m_interval;
        const auto now = std::chrono::steady_clock::now();
        if (next < now) next = now + m_interval;
    }
}

} // namespace mpwb
