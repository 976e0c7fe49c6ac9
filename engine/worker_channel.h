// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the pool's dispatcher keeps for the two pipes of one worker: bytes read and not yet parsed, bytes not
// yet written (a chunk larger than the pipe goes out in pieces), and the chunks the worker holds.

#include <cstdint>
#include <deque>

#include "bytes.h"

namespace mpwb {

struct WorkerChannel {
    Bytes in;  // bytes read from the worker, not yet parsed
    Bytes out; // bytes waiting to be written to the worker
    std::size_t outPos = 0;
    std::deque<std::uint64_t> held; // chunks sent and not yet answered, oldest first
};

// Reads whatever a non-blocking `fd` has. Returns false once the worker's end is closed.
bool drainInto(int fd, Bytes& in);

// Writes as much of `ch.out` as the non-blocking `fd` takes now; the rest waits for the next POLLOUT.
void flushOut(int fd, WorkerChannel& ch);

} // namespace mpwb
