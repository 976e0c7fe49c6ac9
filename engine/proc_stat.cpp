// SPDX-License-Identifier: GPL-3.0-or-later
#include "proc_stat.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace mpwb {

namespace {

// Far above any kernel's NR_CPUS; a larger index means the text is not what we think it is.
constexpr std::size_t kMaxCores = 1 << 16;

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::vector<std::string_view> splitFields(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && isSpace(line[i]))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && !isSpace(line[i]))
            ++i;
        if (i > start) fields.push_back(line.substr(start, i - start));
    }
    return fields;
}

template <typename T> bool parseNumber(std::string_view text, T& out) {
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end && !text.empty();
}

// Error messages quote the offending text, cut short so a binary file does not flood the log.
std::string excerpt(std::string_view text) {
    constexpr std::size_t kMax = 60;
    std::string shown(text.substr(0, kMax));
    std::replace(shown.begin(), shown.end(), '\n', ' ');
    return "'" + shown + (text.size() > kMax ? "...'" : "'");
}

std::uint64_t forwardDelta(std::uint64_t before, std::uint64_t after) {
    return after > before ? after - before : 0;
}

} // namespace

std::vector<CpuTimes> parseProcStat(std::string_view text) {
    std::vector<CpuTimes> cores;
    std::vector<bool> seen;
    std::size_t lineNumber = 0;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        ++lineNumber;

        const auto fields = splitFields(line);
        if (fields.empty() || !fields[0].starts_with("cpu") || fields[0] == "cpu") continue;

        const std::string where = "/proc/stat line " + std::to_string(lineNumber) + ": ";
        std::size_t index = 0;
        if (!parseNumber(fields[0].substr(3), index) || index >= kMaxCores)
            throw std::runtime_error(where + excerpt(fields[0]) + " is not a core name like 'cpu3'");
        // user, nice, system and idle have been there since Linux 2.4; the rest came later.
        if (fields.size() < 5)
            throw std::runtime_error(where + "core " + std::string(fields[0]) + " has " +
                                     std::to_string(fields.size() - 1) + " counters, at least 4 expected");

        CpuTimes times;
        std::uint64_t* const slots[] = {&times.user,   &times.nice, &times.system,  &times.idle,
                                        &times.iowait, &times.irq,  &times.softirq, &times.steal};
        const std::size_t available = std::min(fields.size() - 1, std::size(slots));
        for (std::size_t i = 0; i < available; ++i) {
            if (!parseNumber(fields[i + 1], *slots[i]))
                throw std::runtime_error(where + "counter " + excerpt(fields[i + 1]) + " of core " +
                                         std::string(fields[0]) + " is not a whole number");
        }

        if (index >= cores.size()) {
            cores.resize(index + 1);
            seen.resize(index + 1, false);
        }
        if (seen[index])
            throw std::runtime_error(where + "core " + std::string(fields[0]) + " appears twice");
        seen[index] = true;
        cores[index] = times;
    }
    if (cores.empty())
        throw std::runtime_error("no per-core 'cpuN' lines found; this does not look like /proc/stat");
    return cores;
}

std::vector<double> coreUtilisation(const std::vector<CpuTimes>& before, const std::vector<CpuTimes>& after) {
    const std::size_t count = std::min(before.size(), after.size());
    std::vector<double> percent(count, 0.0);
    for (std::size_t i = 0; i < count; ++i) {
        const CpuTimes& a = before[i];
        const CpuTimes& b = after[i];
        // Clamp each counter on its own: hotplug resets them all, and iowait is known to step backwards
        // alone.
        const std::uint64_t busy = forwardDelta(a.user, b.user) + forwardDelta(a.nice, b.nice) +
                                   forwardDelta(a.system, b.system) + forwardDelta(a.irq, b.irq) +
                                   forwardDelta(a.softirq, b.softirq) + forwardDelta(a.steal, b.steal);
        const std::uint64_t total = busy + forwardDelta(a.idle, b.idle) + forwardDelta(a.iowait, b.iowait);
        if (total > 0) percent[i] = 100.0 * static_cast<double>(busy) / static_cast<double>(total);
    }
    return percent;
}

ProcessStat parseProcPidStat(std::string_view text) {
    // comm may hold spaces and ')' itself, but nothing after it can, so the last ')' closes it.
    const std::size_t open = text.find('(');
    const std::size_t close = text.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        throw std::runtime_error("/proc/PID/stat has no '(name)' field: " + excerpt(text));

    ProcessStat stat;
    const auto head = splitFields(text.substr(0, open));
    if (head.size() != 1 || !parseNumber(head[0], stat.pid) || stat.pid <= 0)
        throw std::runtime_error("/proc/PID/stat does not start with a process id: " + excerpt(text));
    stat.comm = std::string(text.substr(open + 1, close - open - 1));

    // Field k of the man page (proc(5)) is rest[k - 3], since pid and comm come before.
    const auto rest = splitFields(text.substr(close + 1));
    constexpr std::size_t kState = 0, kUtime = 11, kStime = 12, kProcessor = 36;
    if (rest.size() <= kStime)
        throw std::runtime_error("/proc/PID/stat of process " + std::to_string(stat.pid) +
                                 " ends before the utime and stime fields");
    if (rest[kState].size() != 1)
        throw std::runtime_error("/proc/PID/stat of process " + std::to_string(stat.pid) + " has state " +
                                 excerpt(rest[kState]) + ", expected one letter");
    stat.state = rest[kState][0];
    if (!parseNumber(rest[kUtime], stat.utimeTicks) || !parseNumber(rest[kStime], stat.stimeTicks))
        throw std::runtime_error("/proc/PID/stat of process " + std::to_string(stat.pid) +
                                 " has utime/stime that are not whole numbers");
    // Kernels before 2.2.8 stop before "processor"; that is not an error, the core is just unknown.
    if (rest.size() > kProcessor && !parseNumber(rest[kProcessor], stat.lastCore))
        throw std::runtime_error("/proc/PID/stat of process " + std::to_string(stat.pid) + " has processor " +
                                 excerpt(rest[kProcessor]) + ", expected a core number");
    return stat;
}

} // namespace mpwb
