// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Turns what happens to the interpreter lock (a worker begins to wait, takes it, lets it go) into gil events
// that tile time, so a view can draw per worker "holds the lock" and "waits for the lock".
//
// The lock's history is a sequence of periods, each either held by one worker or free. A period of at least
// `mergeBelowNs` becomes one event of its own, with holder = that worker (or -1 if free). Shorter periods
// are merged, in order, until together they span at least `mergeBelowNs`; such an event has holder = -1
// (unless it is a single period, which happens only at the end), and heldNs / waitedNs say how long each
// worker held and waited within it. A long period first flushes the merged ones before it, so events
// always follow one another in time without gaps or overlaps, from begin() to finish().
//
// No locking of its own: InterpreterLock calls it under its mutex.

#include <cstdint>
#include <functional>
#include <vector>

#include "events.h"

namespace mpwb {

class GilTimeline {
public:
    static constexpr std::int64_t kDefaultMergeBelowNs = 1'000'000;

    // Receives each event and the monotonic time it ends at.
    using Emit = std::function<void(std::int64_t endMonotonicNs, GilEvent)>;

    // Times given to the other calls are monotonic ns; events count from originNs.
    GilTimeline(int workers, std::int64_t originNs, Emit emit,
                std::int64_t mergeBelowNs = kDefaultMergeBelowNs);

    void begin(std::int64_t now);
    void waitBegins(int worker, std::int64_t now);
    void acquired(int worker, std::int64_t now);
    void released(int worker, std::int64_t now);
    // Ends the last period and writes what is left.
    void finish(std::int64_t now);

private:
    bool valid(int worker) const { return worker >= 0 && worker < m_workers; }
    void closePeriod(std::int64_t now);
    void writePending(std::int64_t end);

    const int m_workers;
    const std::int64_t m_origin;
    const Emit m_emit;
    const std::int64_t m_mergeBelow;
    bool m_running = false;

    // The period going on now.
    std::int64_t m_periodStart = 0;
    int m_holder = -1;
    bool m_periodIsHandover = false; // it began with a worker taking the lock from another one
    int m_lastHolder = -1;
    std::vector<std::int64_t> m_waitingSince; // per worker, -1 when not waiting

    GilEvent m_period; // the one being closed; kept to reuse its storage

    // Periods closed but not yet written (all short).
    GilEvent m_pending;
    int m_pendingPeriods = 0;
};

} // namespace mpwb
