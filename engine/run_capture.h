#pragma once
// What a compare keeps of one run while passing every event on unchanged: the run_started, the CPU load of
// each sample (the run's own and the machine's) and each worker's CPU time at its last sample. It sits
// between RunSession and the output sink, so RunSession needs to know nothing about compares.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core_load.h"
#include "events.h"

namespace mpwb {

class RunCapture : public EventSink {
public:
    // next may be null. procSelf is injectable for tests; it must name this process's /proc directory.
    explicit RunCapture(EventSink* next, std::string procSelf = "/proc/self");

    void record(const Event& event) override;

    std::optional<RunStartedEvent> started() const;
    std::vector<CoreLoadSample> loadSamples() const;
    // Seconds of CPU per worker index, as of its last sample; empty when no sample came.
    std::vector<double> workerCpuSeconds() const;

private:
    void onWorkerStarted(const WorkerStartedEvent& w);
    void onCpu(const CpuEvent& sample);

    EventSink* m_next;
    const std::string m_procSelf;

    mutable std::mutex m_mutex;
    std::optional<RunStartedEvent> m_started;
    // Workers that are threads of this process: the sampler cannot tell them apart (they share our pid), so
    // their CPU time is read per thread, from a baseline taken when each started.
    std::map<int, std::pair<int, std::int64_t>> m_threads;       // worker -> (tid, CPU ns at its start)
    std::map<int, std::int64_t> m_workerCpuNs;                   // worker -> CPU ns at its last sample
    std::optional<std::pair<std::int64_t, std::int64_t>> m_host; // (CPU ns, monotonic ns) at the last look
    std::vector<CoreLoadSample> m_samples;
};

} // namespace mpwb
