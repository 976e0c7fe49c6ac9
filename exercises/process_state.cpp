// SPDX-License-Identifier: GPL-3.0-or-later
#include "process_state.h"

#include <fstream>
#include <iterator>

#include "proc_stat.h"

namespace mpwb::exercises {

char processState(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
        return parseProcPidStat(text).state;
    } catch (const std::exception&) {
        return '?'; // gone already, or not ours to read
    }
}

bool isStopped(pid_t pid) {
    const char s = processState(pid);
    return s == 'T' || s == 't';
}

std::string whyStill(pid_t pid) {
    switch (processState(pid)) {
    case 'T':
        return "it is stopped (SIGSTOP or Ctrl-Z); SIGCONT would have resumed it";
    case 't':
        return "it is stopped by a debugger";
    case 'D':
        return "it is blocked in the kernel";
    default:
        return "";
    }
}

} // namespace mpwb::exercises
