// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Parsing of the Linux /proc CPU counters and the arithmetic on them. Pure functions on text, so they can be
// tested on fixture files; reading the files is CpuSampler's job (cpu_sampler.h).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mpwb {

// One line of /proc/stat, in clock ticks since boot. guest and guest_nice are left out because the kernel
// already counts them inside user and nice.
struct CpuTimes {
    std::uint64_t user = 0;
    std::uint64_t nice = 0;
    std::uint64_t system = 0;
    std::uint64_t idle = 0;
    std::uint64_t iowait = 0;
    std::uint64_t irq = 0;
    std::uint64_t softirq = 0;
    std::uint64_t steal = 0;

    // Steal counts as busy: the core was taken from us, not idle.
    std::uint64_t busy() const { return user + nice + system + irq + softirq + steal; }
    std::uint64_t total() const { return busy() + idle + iowait; }

    bool operator==(const CpuTimes&) const = default;
};

// The per-core "cpuN" lines of /proc/stat; element N is core N. Offline cores have no line, so their slot is
// left at zero, which keeps indices equal to the core numbers that /proc/PID/stat reports. Lines with fewer
// than the eight fields (kernels before 2.6.11) get zeros for the missing ones.
// Throws std::runtime_error on text that is not /proc/stat.
std::vector<CpuTimes> parseProcStat(std::string_view text);

// Busy percentage 0..100 of each core between two samples, over the cores present in both.
std::vector<double> coreUtilisation(const std::vector<CpuTimes>& before, const std::vector<CpuTimes>& after);

// The fields of /proc/PID/stat that the sampler needs.
struct ProcessStat {
    int pid = 0;
    char state = '?';
    std::uint64_t utimeTicks = 0;
    std::uint64_t stimeTicks = 0;
    int lastCore = -1; // field 39, "processor"; -1 when the kernel does not report it
    std::string comm;  // the executable name, without its parentheses

    bool operator==(const ProcessStat&) const = default;
};

// Throws std::runtime_error on text that is not a /proc/PID/stat line.
ProcessStat parseProcPidStat(std::string_view text);

} // namespace mpwb
