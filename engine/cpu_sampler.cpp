// SPDX-License-Identifier: GPL-3.0-or-later
#include "cpu_sampler.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <limits>
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

// nullopt when the file is gone, or cut short by a process or thread exiting mid-read.
std::optional<ProcessStat> readPidStat(const std::string& path) {
    const auto text = readWholeFile(path);
    if (!text) return std::nullopt;
    try {
        return parseProcPidStat(*text);
    } catch (const std::runtime_error&) {
        return std::nullopt;
    }
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

void CpuSampler::addThreadWorker(int worker, int tid) {
    ThreadWorker thread{worker, tid, {0, std::chrono::steady_clock::now()}};
    if (const auto stat = readPidStat(threadStatPath(tid)))
        thread.added.ticks = stat->utimeTicks + stat->stimeTicks;
    std::lock_guard lock(m_workersMutex);
    // A new map's threads take over the worker indices of the last one's, and the kernel may reuse its tids.
    std::erase_if(m_threadWorkers, [&](const ThreadWorker& t) { return t.worker == worker || t.tid == tid; });
    m_threadWorkers.push_back(thread);
}

CpuEvent CpuSampler::sampleOnce() {
    std::lock_guard sampleLock(m_sampleMutex);
    std::vector<std::pair<int, int>> workers;
    std::vector<ThreadWorker> threads;
    {
        std::lock_guard lock(m_workersMutex);
        workers = m_workers;
        threads = m_threadWorkers;
    }

    const std::string statPath = m_procRoot + "/stat";
    const auto statText = readWholeFile(statPath);
    if (!statText) throw std::runtime_error("cannot read " + statPath);
    std::vector<CpuTimes> cores = parseProcStat(*statText);
    const auto now = std::chrono::steady_clock::now();

    CpuEvent event;
    event.cores =
        m_previousCores ? coreUtilisation(*m_previousCores, cores) : std::vector<double>(cores.size());
    event.hostCpuPercent = sampleHost(now, cores.size());
    m_previousCores = std::move(cores);

    // Only workers seen in this sample keep a baseline, so a pid that vanished and came back starts afresh.
    std::map<std::pair<int, int>, WorkerBaseline> baselines;
    for (const auto& [worker, pid] : workers) {
        if (auto cpu = sampleWorker(worker, pid, nullptr, now, baselines)) event.workers.push_back(*cpu);
    }
    for (const auto& thread : threads) {
        if (auto cpu = sampleWorker(thread.worker, thread.tid, &thread, now, baselines))
            event.workers.push_back(*cpu);
    }
    m_previousWorkers = std::move(baselines);
    return event;
}

std::optional<WorkerCpu>
CpuSampler::sampleWorker(int worker, int pid, const ThreadWorker* thread,
                         std::chrono::steady_clock::time_point now,
                         std::map<std::pair<int, int>, WorkerBaseline>& baselines) const {
    const auto stat =
        readPidStat(thread ? threadStatPath(pid) : m_procRoot + "/" + std::to_string(pid) + "/stat");
    if (!stat) return std::nullopt;

    std::uint64_t ticks = stat->utimeTicks + stat->stimeTicks;
    // A thread's counters count from when it became this worker; clamped, as counters may go backwards.
    if (thread) ticks = ticks > thread->added.ticks ? ticks - thread->added.ticks : 0;
    WorkerCpu cpu;
    cpu.worker = worker;
    cpu.pid = pid;
    cpu.lastCore = stat->lastCore;
    cpu.inHost = thread != nullptr;
    cpu.cpuNs = ticksToNs(ticks);

    const auto previous = m_previousWorkers.find({worker, pid});
    std::optional<WorkerBaseline> since;
    if (previous != m_previousWorkers.end())
        since = previous->second;
    else if (thread)
        since = WorkerBaseline{0, thread->added.when}; // its first interval runs from when it was added
    // A worker is one thread, so more than one core is only tick rounding over a short interval.
    if (since) cpu.cpuPercent = std::min(percentOfOneCore(ticks, *since, now), 100.0);
    baselines[{worker, pid}] = WorkerBaseline{ticks, now};
    return cpu;
}

double CpuSampler::sampleHost(std::chrono::steady_clock::time_point now, std::size_t cores) {
    const auto stat = readPidStat(m_procRoot + "/self/stat");
    if (!stat) {
        m_previousHost.reset();
        return std::numeric_limits<double>::quiet_NaN();
    }
    const WorkerBaseline current{stat->utimeTicks + stat->stimeTicks, now};
    double percent = 0;
    if (m_previousHost) {
        percent = percentOfOneCore(current.ticks, *m_previousHost, now);
        // All its threads together can keep every core busy, no more: beyond that is tick rounding.
        if (cores > 0) percent = std::min(percent, 100.0 * static_cast<double>(cores));
    }
    m_previousHost = current;
    return percent;
}

std::string CpuSampler::threadStatPath(int tid) const {
    return m_procRoot + "/self/task/" + std::to_string(tid) + "/stat";
}

std::int64_t CpuSampler::ticksToNs(std::uint64_t ticks) const {
    // Whole seconds and the remainder apart, so years of CPU time cannot overflow the multiplication.
    const auto perSecond = static_cast<std::uint64_t>(m_ticksPerSecond);
    return static_cast<std::int64_t>(ticks / perSecond * 1'000'000'000ULL +
                                     ticks % perSecond * 1'000'000'000ULL / perSecond);
}

double CpuSampler::percentOfOneCore(std::uint64_t ticks, const WorkerBaseline& since,
                                    std::chrono::steady_clock::time_point now) const {
    const double seconds = std::chrono::duration<double>(now - since.when).count();
    if (seconds <= 0) return 0;
    const std::uint64_t deltaTicks = ticks > since.ticks ? ticks - since.ticks : 0;
    return 100.0 * static_cast<double>(deltaTicks) / static_cast<double>(m_ticksPerSecond) / seconds;
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

void CpuSampler::run(const std::function<void(const CpuEvent&)>& onSample) {
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
