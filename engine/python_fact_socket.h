// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where a Python run's facts arrive: a private directory (mode 0700, under $TMPDIR or /tmp) holding the Unix
// datagram socket the tracer sends to ($MPWB_TRACE_SOCKET) and the list of /dev/shm names the keeper is to
// remove if they outlive the tree. Only this user can reach the socket, so no other program can feed a run
// facts.

#include <optional>
#include <set>
#include <string>

namespace mpwb {

class FactSocket {
public:
    // Throws std::system_error naming what failed.
    FactSocket();
    // Removes the directory if the keeper has not already.
    ~FactSocket();
    FactSocket(const FactSocket&) = delete;
    FactSocket& operator=(const FactSocket&) = delete;

    const std::string& dir() const { return m_dir; }
    std::string path() const { return m_dir + "/facts.sock"; }

    // One datagram, waiting up to timeoutMs (0: only what is already there, -1: no limit); nullopt when
    // none came or interrupt() was called.
    std::optional<std::string> receive(int timeoutMs);
    // Ends a receive() waiting now, and every later one that would wait: the run is over, the rest is drained
    // with receive(0).
    void interrupt();
    // Replaces the list of names the keeper reads at the end; written whole (a new file renamed over it), so
    // a runner killed halfway leaves the previous list, never half of one.
    void writeSegments(const std::set<std::string>& names) const;

private:
    std::string m_dir;
    int m_fd = -1;
    int m_wake[2] = {-1, -1};
};

} // namespace mpwb
