// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_capture.h"

namespace mpwb {

RunCapture::RunCapture(EventSink* next) : m_next(next) {}

void RunCapture::record(const Event& event) {
    // Chunks are by far the most frequent event and say nothing the compare needs: straight through.
    if (!std::holds_alternative<ChunkEvent>(event.body)) {
        if (const auto* s = std::get_if<RunStartedEvent>(&event.body)) {
            std::lock_guard lock(m_mutex);
            m_started = *s;
        } else if (const auto* c = std::get_if<CpuEvent>(&event.body)) {
            std::lock_guard lock(m_mutex);
            m_samples.push_back(coreLoad(*c));
            for (const auto& w : c->workers)
                m_workerCpuNs[w.worker] = w.cpuNs;
        }
    }
    if (m_next) m_next->record(event);
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
