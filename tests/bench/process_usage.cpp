// SPDX-License-Identifier: GPL-3.0-or-later
#include "process_usage.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "proc_stat.h"

namespace mpwb::bench {
namespace {

std::string procDir(pid_t pid) {
    return pid == 0 ? std::string("/proc/self") : "/proc/" + std::to_string(pid);
}

std::optional<std::string> readText(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

std::uint64_t residentBytes(pid_t pid) {
    std::ifstream in(procDir(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024; // "VmRSS:  1234 kB"
    return 0;
}

std::optional<ProcessUsage> readProcessUsage(pid_t pid) {
    const std::string dir = procDir(pid);
    const auto stat = readText(dir + "/stat");
    if (!stat) return std::nullopt;
    ProcessUsage usage;
    try {
        const auto whole = parseProcPidStat(*stat);
        if (whole.state == 'Z') return std::nullopt; // exited, not yet reaped
        usage.ticks = whole.utimeTicks + whole.stimeTicks;
        std::error_code error;
        for (const auto& task : std::filesystem::directory_iterator(dir + "/task", error)) {
            const auto text = readText(task.path().string() + "/stat");
            if (!text) continue; // the thread ended while we looked
            const auto thread = parseProcPidStat(*text);
            usage.threads.push_back({thread.pid, thread.comm, thread.utimeTicks + thread.stimeTicks});
        }
    } catch (const std::runtime_error&) {
        return std::nullopt;
    }
    usage.rssBytes = residentBytes(pid);
    return usage;
}

double ticksToSeconds(std::uint64_t ticks) {
    static const long perSecond = sysconf(_SC_CLK_TCK);
    return double(ticks) / double(perSecond);
}

MachineReading readMachine() {
    MachineReading r;
    if (const auto text = readText("/proc/stat")) {
        try {
            for (const CpuTimes& core : parseProcStat(*text)) {
                if (core.total() == 0) continue; // offline
                r.busyTicks += core.busy();
                r.totalTicks += core.total();
                ++r.cores;
            }
        } catch (const std::runtime_error&) {
            return {};
        }
    }
    if (const auto own = readProcessUsage(0)) r.ownTicks = own->ticks;
    return r;
}

double otherProgramsCores(const MachineReading& before, const MachineReading& after) {
    if (after.totalTicks <= before.totalTicks || after.cores == 0)
        return std::numeric_limits<double>::quiet_NaN();
    // Total ticks grow by cores × elapsed ticks, so this is in cores' worth.
    const double elapsed = double(after.totalTicks - before.totalTicks) / after.cores;
    const double busy = double(after.busyTicks - before.busyTicks) / elapsed;
    const double own = double(after.ownTicks - before.ownTicks) / elapsed;
    return std::max(0.0, busy - own);
}

} // namespace mpwb::bench
