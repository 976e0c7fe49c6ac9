// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The keeper of a Python run's process tree (docs/PYTHON_RUNS.md, "Ending and cleaning up").
//
// The runner is multi-threaded, so it starts nothing but the keeper: mpwb-run itself, exec'd by posix_spawn
// in a hidden mode. The keeper is single-threaded, a child subreaper (every process of the tree, a
// double-forked or setsid'd one included, stays its descendant) and dies with the runner (PR_SET_PDEATHSIG,
// and a control pipe whose end it watches). It starts python in a process group of its own, and when the
// script's process ends, when the runner asks or when the runner is gone, it ends the whole tree: SIGTERM,
// SIGKILL a second later to what is left, every process reaped. Then it unlinks the /dev/shm names the runner
// listed in <dir>/segments that still exist, removes <dir> and exits.
//
// What it tells the runner, one line each on the status pipe:
//   started PID             python runs
//   exited CODE SIGNAL      the script's own process ended (SIGNAL 0: it exited with CODE)
//   left PID PID ...        processes of the tree still running half a second after the script's process
//                           ended by itself (then ended by the keeper)
//   unlinked NAME           a /dev/shm name it removed
//   done                    nothing of the tree is left

#include <string>
#include <vector>

namespace mpwb {

struct KeeperLaunch {
    std::string tempDir;                  // private: the socket and the segments file live there
    std::vector<std::string> command;     // python, the script, its arguments
    std::vector<std::string> environment; // NAME=VALUE, python's whole environment
};

// The runner's side: one keeper and the pipes to it. Must be started from the thread that outlives the run
// (the keeper's death signal follows the thread that started it).
class Keeper {
public:
    // Throws std::system_error when it cannot be started.
    explicit Keeper(const KeeperLaunch& launch);
    // Asks it to end the tree if still running, then reaps it.
    ~Keeper();
    Keeper(const Keeper&) = delete;
    Keeper& operator=(const Keeper&) = delete;

    int pid() const { return m_pid; }
    int stdoutFd() const { return m_out; } // the tree's standard output and error: EOF once all of it ended
    int stderrFd() const { return m_err; }
    int statusFd() const { return m_status; }
    // Ends the tree now. Async-signal-safe (one write), so a signal handler may call it.
    void stop() const;
    // Waits for the keeper itself to exit.
    void reap();

private:
    int m_pid = -1;
    int m_out = -1, m_err = -1, m_status = -1, m_control = -1;
    bool m_reaped = false;
};

// The keeper's side: `mpwb-run --mpwb-keeper RUNNER_PID DIR PYTHON SCRIPT [ARGS...]`, with the tree's output
// pipes as 1 and 2, the control pipe as 3 and the status pipe as 4. Returns its exit status.
int keeperMain(const std::vector<std::string>& args);
inline constexpr const char* kKeeperFlag = "--mpwb-keeper";

} // namespace mpwb
