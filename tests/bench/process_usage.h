// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a process costs the machine, from /proc: CPU time (the whole process and each of its threads) and
// resident memory. For the views benchmark, which watches itself and a running app.

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace mpwb::bench {

struct ThreadUsage {
    int tid = 0;
    std::string name; // its comm, e.g. "mpwb" for the GUI thread or "QDBusConnection"
    std::uint64_t ticks = 0;
};

struct ProcessUsage {
    std::uint64_t ticks = 0;    // user + system CPU time of every thread, in clock ticks
    std::uint64_t rssBytes = 0; // VmRSS
    std::vector<ThreadUsage> threads;
};

// 0 for this process. nullopt once the process is gone.
std::optional<ProcessUsage> readProcessUsage(pid_t pid);
// VmRSS of a process (0: this one); 0 when it cannot be read.
std::uint64_t residentBytes(pid_t pid = 0);
double ticksToSeconds(std::uint64_t ticks);

// The busy and total ticks of all cores together (/proc/stat), with this process's own CPU ticks read at the
// same moment: two readings tell how much of the machine other programs used between them, so a figure
// measured on a shared machine can say what it competed with.
struct MachineReading {
    std::uint64_t busyTicks = 0;
    std::uint64_t totalTicks = 0;
    std::uint64_t ownTicks = 0;
    int cores = 0;
};
MachineReading readMachine();
// Cores' worth of CPU that other processes used on average between the two readings (machine busy minus this
// process), clamped at 0; NaN when /proc/stat could not be read.
double otherProgramsCores(const MachineReading& before, const MachineReading& after);

} // namespace mpwb::bench
