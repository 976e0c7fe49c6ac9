// SPDX-License-Identifier: GPL-3.0-or-later
// The task the engine always has: the trivial one the benchmarks time the pool's overhead with. The tests'
// own tasks (ones that fail, stall or print) live in tests/support, so no shipped program knows them.
#include "task_registry.h"

namespace mpwb {
namespace {

void square(ByteReader& in, ByteWriter& out, TaskContext&) {
    const auto v = in.get<std::uint64_t>();
    out.putU128(static_cast<unsigned __int128>(v) * v);
}

} // namespace

void registerBuiltinTasks(TaskRegistry& r) {
    r.add({"square", "item u64 -> its square as u128", square});
}

} // namespace mpwb
