// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where a Python run's facts arrive: a private directory (mode 0700, under $TMPDIR or /tmp) holding the Unix
// datagram socket the tracer sends to ($MPWB_TRACE_SOCKET) and the list of /dev/shm names the keeper is to
// remove if they outlive the tree. Only this user can reach the socket, so no other program can feed a run
// facts.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

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
    // Every datagram queued, waiting without limit until there is one; empty once interrupt() was called.
    // Paced, for the script's sake: each wake-up of this thread lands on a core the script's workers are
    // busy on. Woken once a fact, exercise 1 at chunksize 100 on 2 cores ran about 6% slower traced; paced,
    // about 1% (tests/bench/README.md). So a call soon after the last one first rests, for as long as lets
    // the queue fill to half the kernel's limit of datagrams (net.unix.max_dgram_qlen, 10 by default) at
    // the rate they came last time, and never longer than kMaxRestNs: a sender never waits on a full queue
    // in a steady stream, and at most that long when a burst begins.
    std::vector<std::string> receiveQueued();
    static constexpr std::int64_t kMaxRestNs = 5'000'000;
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
    std::vector<char> m_buffer;
    std::size_t m_queueLimit = 10;
    std::int64_t m_lastBatchNs = 0;
    std::int64_t m_restNs = 0;
};

} // namespace mpwb
