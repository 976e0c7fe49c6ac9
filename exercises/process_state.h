// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What /proc says about a process that does not move, for stall messages: stopped, or blocked in the kernel.

#include <string>
#include <sys/types.h>

namespace mpwb::exercises {

// The state letter of /proc/PID/stat ('R', 'S', 'T' for stopped...), '?' when it cannot be read.
char processState(pid_t pid);

bool isStopped(pid_t pid);

// "it is stopped (SIGSTOP or Ctrl-Z); SIGCONT would have resumed it", or "" when /proc says nothing useful.
std::string whyStill(pid_t pid);

} // namespace mpwb::exercises
