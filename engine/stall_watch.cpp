// SPDX-License-Identifier: GPL-3.0-or-later
#include "stall_watch.h"

#include <cstdio>

namespace mpwb {
namespace {

// The dispatcher turns at least every 250 ms; a gap this long means the host itself was held up.
constexpr std::int64_t kHostGapNs = 2'000'000'000;

} // namespace

StallWatch::StallWatch(std::size_t workers, std::chrono::milliseconds timeout, std::int64_t nowNs)
    : m_timeoutNs(std::chrono::nanoseconds(timeout).count()), m_lastNs(workers, nowNs), m_lastTurnNs(nowNs) {}

std::optional<std::size_t> StallWatch::stalled(std::int64_t nowNs, const std::vector<bool>& holding) {
    if (!on()) return std::nullopt;
    const auto gap = nowNs - m_lastTurnNs;
    m_lastTurnNs = nowNs;
    if (gap > kHostGapNs)
        for (auto& last : m_lastNs)
            last += gap;
    for (std::size_t w = 0; w < m_lastNs.size(); ++w) {
        if (!holding[w]) {
            m_lastNs[w] = nowNs; // an idle worker owes nothing; its clock starts with its next chunk
            continue;
        }
        if (nowNs - m_lastNs[w] > m_timeoutNs) return w;
    }
    return std::nullopt;
}

std::string StallWatch::timeoutText() const {
    char text[32];
    const double seconds = static_cast<double>(m_timeoutNs) / 1e9;
    std::snprintf(text, sizeof text, "%g s", seconds);
    return text;
}

} // namespace mpwb
