// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the real app costs while nobody touches it: mpwb is started on one page (a lesson, or an exercise
// with its live core monitor), left to settle, and then watched for a while through /proc. A window on
// screen that does nothing should cost next to nothing.

#include <cstdint>
#include <string>
#include <vector>

#include "process_usage.h"

namespace mpwb::bench {

struct IdlePage {
    std::string name;       // for the report, e.g. "lesson 01-one-core"
    std::string link;       // mpwb --open LINK
    double goalPercent = 0; // of one core
};

struct IdleSettings {
    std::string app;           // the mpwb executable; mpwb-run must be beside it
    std::string platform;      // QT_QPA_PLATFORM for the app
    double settleSeconds = 10; // start-up, first layout and paint: not idle yet
    double idleSeconds = 600;  // the window measured
    double sampleSeconds = 10; // how often the resident memory is looked at within it
};

struct IdleResult {
    bool shown = false;
    std::string whyNot;  // when not shown: what the app said or did instead
    std::string appSaid; // the first lines it wrote, for the record
    double wallSeconds = 0;
    double cpuSeconds = 0;
    std::uint64_t rssStart = 0, rssEnd = 0, rssMin = 0, rssMax = 0;
    std::vector<ThreadUsage> threads; // CPU ticks each thread used within the window, busiest first

    double percentOfCore() const { return wallSeconds > 0 ? 100.0 * cpuSeconds / wallSeconds : 0; }
};

IdleResult measureIdlePage(const IdlePage& page, const IdleSettings& settings);

} // namespace mpwb::bench
