// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a run spent on takeaway boxes (pickled copies) against what it spent cooking, chunk by chunk, from
// the chunk events alone. A chunk's encode_ns (items pickled by the host, results by the worker) is the
// packing, its decode_ns the unpacking, and start_ns..end_ns the work. A merged chunk event stands for
// several chunks and carries their sums; a huge run is pooled into at most kMaxBins bins of consecutive
// events, so the plot costs the same for ten chunks or a million. Pure: no widgets.

#include <QString>
#include <cstdint>
#include <span>
#include <vector>

#include "events.h"

namespace mpwb {

// Sums over some chunk events.
struct PicklingSums {
    std::uint64_t chunks = 0; // chunks they stand for (merged ones counted one by one)
    std::uint64_t events = 0;
    std::uint64_t items = 0;
    std::uint64_t bytesIn = 0, bytesOut = 0;
    std::int64_t encodeNs = 0, decodeNs = 0, workNs = 0;
    int lowestWorker = -1, highestWorker = -1;

    void add(const ChunkEvent& chunk);
    std::int64_t boxNs() const { return encodeNs + decodeNs; }
    // Packing and unpacking against cooking: 0.58 means the boxes took 58% as long as the work. NaN when
    // nothing was cooked.
    double boxShare() const;
};

// A run of consecutive chunk events, drawn as one step of the plot.
struct PicklingBin {
    std::uint64_t firstChunk = 0; // how many chunks came back before it, so its x runs from here
    PicklingSums sums;
};

class PicklingTally {
public:
    static constexpr std::size_t kMaxBins = 400;

    // Takes the chunks shown (a prefix of the run's chunks; grows, or shrinks when the cursor goes back)
    // out of a run that has runChunks chunk events so far, which sets the bin size: it stays put as the
    // cursor moves, so a bar never changes its meaning under the student's eyes, and a live run redoes its
    // bins only when it has doubled.
    void take(std::span<const ChunkEvent> chunks, std::size_t runChunks, const void* run);
    void clear();

    const std::vector<PicklingBin>& bins() const { return m_bins; }
    const PicklingSums& total() const { return m_total; }
    std::size_t eventsPerBin() const { return m_perBin; }
    // The bin whose steps cover chunk number x (0-based, as on the plot's axis), or null.
    const PicklingBin* binAt(double x) const;

private:
    std::vector<PicklingBin> m_bins;
    PicklingSums m_total;
    std::size_t m_taken = 0;
    std::size_t m_perBin = 1;
    const void* m_run = nullptr;
};

// Whether a backend moves chunks between processes (and so pickles them): processes and cpython. The
// thread backends share memory and pass nothing.
bool backendPacksBoxes(const QString& backend);

// The verdict in plain words, e.g. "Packing and unpacking took 58% as long as the cooking: bigger chunks
// would send fewer boxes." For thread backends it says why there are no boxes; for a run that is over
// without a chunk (a script that only used processes and queues), that nothing went through a pool.
QString picklingVerdict(const PicklingSums& total, const QString& backend, bool runOver = false);
// The figures behind it: chunks, bytes each way, and the three times.
QString picklingFigures(const PicklingSums& total);
// One bin's numbers, for its tooltip.
QString picklingBinText(const PicklingBin& bin);
// Milliseconds to three significant figures: "0.0412 ms", "3.10 ms", "1,204 ms".
QString picklingMs(std::int64_t ns);
QString picklingBytes(std::uint64_t bytes);

} // namespace mpwb
