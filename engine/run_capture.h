// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a compare keeps of one run while passing every event on unchanged: the run_started, the CPU load of
// each sample (the run's own and the machine's) and each worker's CPU time at its last sample, all as the
// cpu events say them. It sits between RunSession and the output sink, so RunSession needs to know nothing
// about compares.

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
    // next may be null.
    explicit RunCapture(EventSink* next);

    void record(const Event& event) override;

    std::optional<RunStartedEvent> started() const;
    std::vector<CoreLoadSample> loadSamples() const;
    // Seconds of CPU per worker index, as of its last sample; empty when no sample came.
    std::vector<double> workerCpuSeconds() const;

private:
    EventSink* m_next;

    mutable std::mutex m_mutex;
    std::optional<RunStartedEvent> m_started;
    std::map<int, std::int64_t> m_workerCpuNs; // worker -> CPU ns at its last sample
    std::vector<CoreLoadSample> m_samples;
};

} // namespace mpwb
