// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reads /proc at a steady interval and turns it into CpuEvents. The arithmetic lives in proc_stat.h; this
// class only reads files, remembers the previous sample and runs the sampling thread.

#include "events.h"
#include "proc_stat.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mpwb {

class CpuSampler {
public:
    // procRoot is injectable so tests can point the sampler at a fake /proc tree.
    explicit CpuSampler(std::string procRoot = "/proc",
                        std::chrono::milliseconds interval = std::chrono::milliseconds(100));
    ~CpuSampler();

    CpuSampler(const CpuSampler&) = delete;
    CpuSampler& operator=(const CpuSampler&) = delete;

    // (worker index, pid) pairs of worker processes to follow from the next sample on; safe to call while
    // running. Thread workers added by addThreadWorker stay.
    void setWorkers(std::vector<std::pair<int, int>> workerAndPid);
    // A worker that is a thread of this process, tid as gettid() gives it, read from <root>/self/task/<tid>.
    // Its cpuNs and its first cpuPercent count from this call, since the thread may have run other things
    // before (a sequential run's worker is the host's own thread). Replaces an earlier thread of the same
    // worker index or tid. Safe from any thread, while running.
    void addThreadWorker(int worker, int tid);

    // Reads /proc once. Percentages cover the time since the previous sample; on the first sample of the
    // sampler (or of a worker process) there is no interval yet, so they are 0. A worker whose stat file is
    // gone is left out. The host is this process, <root>/self/stat; hostCpuPercent is NaN if it cannot be
    // read. Throws std::runtime_error if <root>/stat cannot be read or parsed.
    CpuEvent sampleOnce();

    // Samples every interval on a thread of its own and hands each event to onSample (on that thread).
    // A baseline is taken first, so the first event already covers a whole interval.
    void start(std::function<void(const CpuEvent&)> onSample);
    // Returns promptly, without waiting for the interval to run out. Safe to call more than once.
    void stop();
    bool isRunning() const;

    std::chrono::milliseconds interval() const { return m_interval; }

private:
    struct WorkerBaseline {
        std::uint64_t ticks = 0;
        std::chrono::steady_clock::time_point when;
    };
    struct ThreadWorker {
        int worker = 0;
        int tid = 0;
        WorkerBaseline added; // its CPU when it was added, which its figures count from
    };

    void run(const std::function<void(const CpuEvent&)>& onSample);
    // thread is null for a worker process.
    std::optional<WorkerCpu> sampleWorker(int worker, int pid, const ThreadWorker* thread,
                                          std::chrono::steady_clock::time_point now,
                                          std::map<std::pair<int, int>, WorkerBaseline>& baselines) const;
    double sampleHost(std::chrono::steady_clock::time_point now, std::size_t cores);
    std::string threadStatPath(int tid) const;
    std::int64_t ticksToNs(std::uint64_t ticks) const;
    double percentOfOneCore(std::uint64_t ticks, const WorkerBaseline& since,
                            std::chrono::steady_clock::time_point now) const;

    const std::string m_procRoot;
    const std::chrono::milliseconds m_interval;
    const long m_ticksPerSecond;

    mutable std::mutex m_workersMutex;
    std::vector<std::pair<int, int>> m_workers;
    std::vector<ThreadWorker> m_threadWorkers;

    // Held for a whole sample, so sampleOnce() from outside cannot interleave with the thread's.
    std::mutex m_sampleMutex;
    std::optional<std::vector<CpuTimes>> m_previousCores;
    std::map<std::pair<int, int>, WorkerBaseline> m_previousWorkers; // keyed by (worker, pid or tid)
    std::optional<WorkerBaseline> m_previousHost;

    mutable std::mutex m_runMutex;
    std::condition_variable m_wake;
    bool m_stopRequested = false;
    std::thread m_thread;
};

} // namespace mpwb
