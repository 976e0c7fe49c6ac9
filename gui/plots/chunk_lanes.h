// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A timeline's chunks laid out lane by lane, one lane per worker, as the plottable draws them and hover finds
// them. Chunks come in as the workers report them, not by start time, so a lane is sorted only when drawn;
// a lane also keeps its bars' running latest end, so the bars near a time are found by binary search.

#include <algorithm>
#include <limits>
#include <span>
#include <vector>

#include "events.h"

namespace mpwb {

struct ChunkBar {
    double dispatch = 0, start = 0, end = 0; // seconds
    std::size_t chunk = 0;                   // index into ChunkLanes::chunks
};

struct Lane {
    std::vector<ChunkBar> bars; // by start time once sorted
    std::vector<double> reach;  // reach[i]: the latest end among bars[0..i], for binary search on a range
    double longestWait = 0;
    bool sorted = true;

    // The first bar that may end at or after t; every bar before it ended earlier.
    std::size_t firstReaching(double t) const {
        return std::size_t(std::lower_bound(reach.begin(), reach.end(), t) - reach.begin());
    }
    void sort() {
        if (sorted) return;
        std::stable_sort(bars.begin(), bars.end(),
                         [](const ChunkBar& a, const ChunkBar& b) { return a.start < b.start; });
        reach.clear();
        for (const auto& b : bars)
            reach.push_back(reach.empty() ? b.end : std::max(reach.back(), b.end));
        sorted = true;
    }
};

struct ChunkLanes {
    std::vector<ChunkEvent> chunks;
    std::vector<Lane> lanes;
    std::vector<double> lastEnd; // per worker: end of its latest finished chunk, seconds (-1: none)
    double first = std::numeric_limits<double>::infinity();
    double last = -std::numeric_limits<double>::infinity();

    bool empty() const { return chunks.empty(); }
    // Takes in a run's chunks so far, with at least workerCount lanes. Called again as the run goes on, it
    // takes in only the chunks added since.
    void update(std::span<const ChunkEvent> received, int workerCount);

private:
    void add(const ChunkEvent& chunk);
    void truncate(std::size_t count);
};

} // namespace mpwb
