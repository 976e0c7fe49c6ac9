#include "run_capture.h"

#include <fstream>
#include <sstream>
#include <unistd.h>

#include "clock.h"
#include "proc_stat.h"

namespace mpwb {
namespace {

// user + system CPU time of the process or thread whose stat file this is; nullopt when it is gone.
std::optional<std::int64_t> cpuNsOf(const std::string& statPath) {
    std::ifstream in(statPath);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    try {
        const auto stat = parseProcPidStat(text.str());
        static const long perSecond = std::max(1L, sysconf(_SC_CLK_TCK));
        const std::uint64_t ticks = stat.utimeTicks + stat.stimeTicks;
        const auto unit = static_cast<std::uint64_t>(perSecond);
        return static_cast<std::int64_t>(ticks / unit * 1'000'000'000ULL +
                                         ticks % unit * 1'000'000'000ULL / unit);
    } catch (const std::exception&) {
        return std::nullopt; // a thread exiting mid-read can leave a truncated file
    }
}

} // namespace

RunCapture::RunCapture(EventSink* next, std::string procSelf)
    : m_next(next), m_procSelf(std::move(procSelf)) {}

void RunCapture::record(const Event& event) {
    // Chunks are by far the most frequent event and say nothing the compare needs: straight through.
    if (!std::holds_alternative<ChunkEvent>(event.body)) {
        if (const auto* s = std::get_if<RunStartedEvent>(&event.body)) {
            std::lock_guard lock(m_mutex);
            m_started = *s;
            if (const auto host = cpuNsOf(m_procSelf + "/stat")) m_host = {{*host, monotonicNs()}};
        } else if (const auto* w = std::get_if<WorkerStartedEvent>(&event.body)) {
            onWorkerStarted(*w);
        } else if (const auto* c = std::get_if<CpuEvent>(&event.body)) {
            onCpu(*c);
        }
    }
    if (m_next) m_next->record(event);
}

void RunCapture::onWorkerStarted(const WorkerStartedEvent& w) {
    std::lock_guard lock(m_mutex);
    // Only in-process backends put this process's own thread ids in worker_started.
    if (!m_started || m_started->backend == "processes") return;
    const auto atStart = cpuNsOf(m_procSelf + "/task/" + std::to_string(w.pid) + "/stat");
    if (atStart) m_threads[w.worker] = {w.pid, *atStart};
}

void RunCapture::onCpu(const CpuEvent& sample) {
    std::lock_guard lock(m_mutex);
    const auto now = monotonicNs();
    double hostPercent = 0;
    if (const auto host = cpuNsOf(m_procSelf + "/stat")) {
        if (m_host && now > m_host->second)
            hostPercent = 100.0 * static_cast<double>(*host - m_host->first) /
                          static_cast<double>(now - m_host->second);
        m_host = {{*host, now}};
    }
    m_samples.push_back(coreLoad(sample, hostPercent));
    for (const auto& w : sample.workers)
        m_workerCpuNs[w.worker] = w.cpuNs;
    for (const auto& [worker, thread] : m_threads)
        if (const auto ns = cpuNsOf(m_procSelf + "/task/" + std::to_string(thread.first) + "/stat"))
            m_workerCpuNs[worker] = *ns - thread.second;
}

std::optional<RunStartedEvent> RunCapture::started() const {
    std::lock_guard lock(m_mutex);
    return m_started;
}

std::vector<CoreLoadSample> RunCapture::loadSamples() const {
    std::lock_guard lock(m_mutex);
    return m_samples;
}

std::vector<double> RunCapture::workerCpuSeconds() const {
    std::lock_guard lock(m_mutex);
    std::vector<double> seconds;
    for (const auto& [worker, ns] : m_workerCpuNs) {
        if (worker < 0) continue;
        if (static_cast<std::size_t>(worker) >= seconds.size())
            seconds.resize(static_cast<std::size_t>(worker) + 1);
        seconds[static_cast<std::size_t>(worker)] = static_cast<double>(ns) / 1e9;
    }
    return seconds;
}

} // namespace mpwb
