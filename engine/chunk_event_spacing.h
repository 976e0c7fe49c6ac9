// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which chunks of one worker are shown while they happen (chunk_dispatched, then chunk_started): the first,
// and after that each chunk handed out at least `spacing` after the last one shown. The others are hidden;
// the chunk events written when chunks finish still count every one of them.
//
// The same rule runs at the source (executors, so hidden chunks cost nothing at chunksize 1) and again in
// the ChunkAggregator. Applied twice to the same times it keeps the same chunks: the ones the source showed
// are already at least `spacing` apart.

#include <cstdint>
#include <optional>

namespace mpwb {

class ChunkEventSpacing {
public:
    // 0 or less shows every chunk.
    explicit ChunkEventSpacing(std::int64_t spacingNs = 0) : m_spacing(spacingNs) {}

    // A chunk handed out at t, standing for itself and `alreadyHidden` chunks hidden before it upstream.
    // Returns nullopt to hide it, or how many chunks were hidden since the previous one shown.
    std::optional<std::uint64_t> show(std::int64_t t, std::uint64_t alreadyHidden = 0) {
        if (m_spacing > 0 && m_any && t - m_last < m_spacing) {
            m_hidden += 1 + alreadyHidden;
            return std::nullopt;
        }
        m_any = true;
        m_last = t;
        const auto hidden = m_hidden + alreadyHidden;
        m_hidden = 0;
        return hidden;
    }

private:
    std::int64_t m_spacing;
    std::int64_t m_last = 0;
    bool m_any = false;
    std::uint64_t m_hidden = 0;
};

} // namespace mpwb
