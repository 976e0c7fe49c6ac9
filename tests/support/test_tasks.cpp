// SPDX-License-Identifier: GPL-3.0-or-later
#include "test_tasks.h"

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "task_registry.h"

namespace mpwb {
namespace {

// Negative items fail, by throwing or by ending the worker, so tests can exercise both kinds of failure.
void failIfNegative(ByteReader& in, ByteWriter& out, TaskContext&) {
    const auto v = in.get<std::int64_t>();
    if (v < 0) throw std::runtime_error("negative input " + std::to_string(v) + " is not allowed");
    out.put<std::int64_t>(v * 2);
}

void exitIfNegative(ByteReader& in, ByteWriter& out, TaskContext&) {
    const auto v = in.get<std::int64_t>();
    if (v < 0) _exit(static_cast<int>(-v));
    out.put<std::int64_t>(v * 2);
}

// Simulated I/O: waits without using the CPU (and without the interpreter lock).
void sleepMicroseconds(ByteReader& in, ByteWriter& out, TaskContext& ctx) {
    const auto us = in.get<std::uint64_t>();
    ctx.blockingWait(std::chrono::microseconds(us));
    out.put<std::uint64_t>(us);
}

// CPU-bound work of a chosen length: counts loop turns until the time is up.
void spinMicroseconds(ByteReader& in, ByteWriter& out, TaskContext& ctx) {
    const auto us = in.get<std::uint64_t>();
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(us);
    std::uint64_t turns = 0;
    while (std::chrono::steady_clock::now() < until) {
        ++turns;
        if ((turns & 255) == 0) ctx.checkpoint();
    }
    out.put<std::uint64_t>(us);
}

// Never returns: a task stuck in a loop, for the tests of stall detection. It still calls checkpoint(), as a
// long loop should, so a gil-threads run is stuck in it the same way.
void spinForever(ByteReader&, ByteWriter&, TaskContext& ctx) {
    for (std::uint64_t turns = 0;; ++turns) {
        if ((turns & 255) == 0) ctx.checkpoint();
        asm volatile("" ::: "memory"); // an infinite loop without side effects would be undefined behaviour
    }
}

// Writes to stdout, as a student's stray debugging printf would, then squares: for the tests that check
// that a worker's stdout can corrupt neither the protocol nor the host's event stream.
void printAndSquare(ByteReader& in, ByteWriter& out, TaskContext&) {
    const auto v = in.get<std::uint64_t>();
    std::printf("print-and-square was here with %llu\n", static_cast<unsigned long long>(v));
    std::fflush(stdout);
    out.putU128(static_cast<unsigned __int128>(v) * v);
}

} // namespace

void registerTestTasks(TaskRegistry& r) {
    r.add({"fail-if-negative", "i64 -> 2*i64; throws on a negative item", failIfNegative});
    r.add({"exit-if-negative", "i64 -> 2*i64; the worker exits with status -item on a negative item",
           exitIfNegative});
    r.add({"sleep-us", "waits the given microseconds without using the CPU (simulated I/O)",
           sleepMicroseconds});
    r.add({"spin-us", "keeps one core busy for the given microseconds", spinMicroseconds});
    r.add({"spin-forever", "never returns (a task stuck in a loop)", spinForever});
    r.add({"print-and-square", "prints a line to stdout, then squares a u64", printAndSquare});
}

} // namespace mpwb
