// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The standard output and error of a Python run's whole tree, read from the keeper's pipes on a thread of
// its own and turned into output events: whole lines, batched at most every 50 ms, so a script that prints
// in a tight loop cannot flood the stream; a line that never ends still shows after a moment; past a cap the
// rest is only counted, and a workbench note says how much was cut.

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "events.h"

namespace mpwb {

class OutputCapture {
public:
    static constexpr std::int64_t kBatchNs = 50'000'000;
    static constexpr std::uint64_t kDefaultCap = 4u << 20;

    // echoOut/echoErr: where the bytes also go as they are (the terminal), -1 for nowhere. The fds are the
    // caller's and stay open.
    OutputCapture(int outFd, int errFd, std::function<void(const Event&)> publish, std::int64_t originNs,
                  int echoOut, int echoErr, std::uint64_t cap = kDefaultCap);
    // Waits for both pipes to reach their end (every process of the tree closed them).
    ~OutputCapture();
    OutputCapture(const OutputCapture&) = delete;
    OutputCapture& operator=(const OutputCapture&) = delete;

    void join();
    std::uint64_t bytesCut() const { return m_cut; }

private:
    struct Stream {
        int fd;
        int echo;
        const char* name;
        std::string pending;
        std::int64_t partialSince = 0;
    };
    void run();
    void flush(Stream& s, std::int64_t now, bool all);

    Stream m_streams[2];
    std::function<void(const Event&)> m_publish;
    std::int64_t m_origin;
    std::uint64_t m_cap, m_sent = 0, m_cut = 0;
    std::thread m_thread;
};

} // namespace mpwb
