// SPDX-License-Identifier: GPL-3.0-or-later
#include "chunk_plan.h"

#include <algorithm>
#include <stdexcept>

namespace mpwb {

ChunkPlan::ChunkPlan(std::uint64_t items, std::uint64_t chunksize, int workers)
    : m_items(items), m_chunksize(chunksize == 0 ? defaultChunksize(items, workers) : chunksize) {
    if (workers < 1) throw std::invalid_argument("a chunk plan needs at least one worker");
}

std::uint64_t ChunkPlan::defaultChunksize(std::uint64_t items, int workers) {
    const std::uint64_t slots = 4 * static_cast<std::uint64_t>(std::max(workers, 1));
    return std::max<std::uint64_t>(1, items / slots + (items % slots != 0));
}

std::uint64_t ChunkPlan::chunkCount() const {
    return m_items / m_chunksize + (m_items % m_chunksize != 0);
}

ChunkRange ChunkPlan::chunk(std::uint64_t index) const {
    if (index >= chunkCount()) throw std::out_of_range("chunk index past the end of the plan");
    const std::uint64_t first = index * m_chunksize;
    return {first, std::min(m_chunksize, m_items - first)};
}

} // namespace mpwb
