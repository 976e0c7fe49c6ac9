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

} // namespace mpwb::bench
