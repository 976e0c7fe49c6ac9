// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The CPU of a Python run's processes that are not workers (the script's own process, a forkserver, the
// resource tracker, a program it started), together, in % of one core: the cpu event's host_cpu_percent. The
// CpuSampler measures the runner itself as the host, which in a Python run does none of the work.

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace mpwb {

class TreeCpu {
public:
    explicit TreeCpu(std::string procRoot = "/proc");
    // Over the time since the previous call (0 on the first): every descendant of `root` not in `workers`.
    // A process that ended in between is left out, one that started counts all its CPU.
    double sample(int root, const std::set<int>& workers);

private:
    std::string m_root;
    long m_ticksPerSecond;
    std::map<int, std::uint64_t> m_previous; // pid -> user + system ticks
    std::chrono::steady_clock::time_point m_when{};
};

} // namespace mpwb
