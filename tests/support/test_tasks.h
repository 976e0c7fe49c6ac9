// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tasks that exist only for the tests: ones that fail (throw, end the worker, never return),
// one that writes to stdout, and simulated I/O and CPU work of a chosen length. The shipped programs do not
// know them; the suites register them in their own process, and mpwb-test-worker for spawned workers.

#include <cstdint>
#include <vector>

#include "bytes.h"

namespace mpwb {

class TaskRegistry;

void registerTestTasks(TaskRegistry& registry);

// The items of the tasks that take one i64 each (fail-if-negative and its kin).
inline std::vector<Bytes> encodeAll(const std::vector<std::int64_t>& values) {
    std::vector<Bytes> items;
    for (auto v : values) {
        Bytes b;
        ByteWriter(b).put<std::int64_t>(v);
        items.push_back(b);
    }
    return items;
}

} // namespace mpwb
