// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a map's items are cut into chunks. One rule, in one place:
//
//   chunksize given (c >= 1):  chunks [0,c), [c,2c), ... ; the last one holds the remainder.
//   chunksize 0 ("auto"):      c = ceil(items / (4 * workers)), at least 1. Four chunks per worker is
//                              enough to even out uneven items while keeping per-chunk overhead small
//                              (multiprocessing.Pool.map uses the same factor).
//
// Edge cases: no items -> no chunks; c > items -> one chunk of all items.

#include <cstdint>
#include <vector>

namespace mpwb {

struct ChunkRange {
    std::uint64_t first = 0;
    std::uint64_t count = 0;
    bool operator==(const ChunkRange&) const = default;
};

class ChunkPlan {
public:
    ChunkPlan(std::uint64_t items, std::uint64_t chunksize, int workers);

    static std::uint64_t defaultChunksize(std::uint64_t items, int workers);

    std::uint64_t items() const { return m_items; }
    std::uint64_t chunksize() const { return m_chunksize; }
    std::uint64_t chunkCount() const;
    ChunkRange chunk(std::uint64_t index) const;

private:
    std::uint64_t m_items;
    std::uint64_t m_chunksize;
};

} // namespace mpwb
