// SPDX-License-Identifier: GPL-3.0-or-later
#include "chunk_lanes.h"

namespace mpwb {
namespace {

double seconds(std::int64_t ns) {
    return double(ns) / 1e9;
}

} // namespace

void ChunkLanes::update(std::span<const ChunkEvent> received, int workerCount) {
    // One that starts differently belongs to another run: start over. A shorter one with the same start is
    // the same run at an earlier moment (scrubbing back): drop the later chunks instead of taking the
    // earlier ones in again, which costs a pass over the bars rather than a rebuild.
    if (!chunks.empty() && !received.empty() && !(received.front() == chunks.front()))
        *this = ChunkLanes();
    else if (received.size() < chunks.size())
        truncate(received.size());
    if (chunks.empty()) chunks.reserve(received.size() + received.size() / 2); // room to grow before a copy
    for (std::size_t i = chunks.size(); i < received.size(); ++i)
        add(received[i]);
    if (int(lanes.size()) < workerCount) lanes.resize(std::size_t(workerCount));
}

void ChunkLanes::truncate(std::size_t count) {
    chunks.resize(count);
    first = std::numeric_limits<double>::infinity();
    last = -std::numeric_limits<double>::infinity();
    lastEnd.assign(lastEnd.size(), -1);
    for (std::size_t w = 0; w < lanes.size(); ++w) {
        Lane& lane = lanes[w];
        std::erase_if(lane.bars, [count](const ChunkBar& b) { return b.chunk >= count; });
        lane.reach.clear();
        lane.longestWait = 0;
        lane.sorted = false; // sort() rebuilds reach
        for (const auto& b : lane.bars) {
            lane.reach.push_back(lane.reach.empty() ? b.end : std::max(lane.reach.back(), b.end));
            lane.longestWait = std::max(lane.longestWait, b.start - b.dispatch);
            first = std::min(first, b.dispatch);
            last = std::max(last, b.end);
            if (w < lastEnd.size()) lastEnd[w] = std::max(lastEnd[w], b.end);
        }
    }
}

void ChunkLanes::add(const ChunkEvent& c) {
    const std::size_t index = chunks.size();
    chunks.push_back(c);
    if (c.worker < 0) return; // nothing to draw it in; it still counts as received
    if (std::size_t(c.worker) >= lastEnd.size()) lastEnd.resize(std::size_t(c.worker) + 1, -1);
    lastEnd[std::size_t(c.worker)] = std::max(lastEnd[std::size_t(c.worker)], seconds(c.endNs));
    if (std::size_t(c.worker) >= lanes.size()) lanes.resize(std::size_t(c.worker) + 1);
    ChunkBar bar;
    bar.start = seconds(c.startNs);
    bar.dispatch = std::min(seconds(c.dispatchNs), bar.start);
    bar.end = std::max(seconds(c.endNs), bar.start);
    bar.chunk = index;
    Lane& lane = lanes[std::size_t(c.worker)];
    if (!lane.bars.empty() && bar.start < lane.bars.back().start) lane.sorted = false;
    lane.bars.push_back(bar);
    lane.reach.push_back(lane.reach.empty() ? bar.end : std::max(lane.reach.back(), bar.end));
    lane.longestWait = std::max(lane.longestWait, bar.start - bar.dispatch);
    first = std::min(first, bar.dispatch);
    last = std::max(last, bar.end);
}

} // namespace mpwb
