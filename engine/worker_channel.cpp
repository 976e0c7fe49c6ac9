// SPDX-License-Identifier: GPL-3.0-or-later
#include "worker_channel.h"

#include <cerrno>
#include <unistd.h>

namespace mpwb {

bool drainInto(int fd, Bytes& in) {
    std::uint8_t buffer[1 << 16];
    for (;;) {
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            in.insert(in.end(), buffer, buffer + n);
            continue;
        }
        if (n == 0) return false;
        if (errno == EINTR) continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
}

void flushOut(int fd, WorkerChannel& ch) {
    while (ch.outPos < ch.out.size()) {
        const auto n = ::write(fd, ch.out.data() + ch.outPos, ch.out.size() - ch.outPos);
        if (n > 0) {
            ch.outPos += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return; // EAGAIN: the pipe is full; EPIPE: the worker died and its read side will tell us
    }
    ch.out.clear();
    ch.outPos = 0;
}

} // namespace mpwb
