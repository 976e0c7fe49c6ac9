// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One clock for every process of a run: CLOCK_MONOTONIC is system-wide, so a worker's timestamps and the
// host's can be compared directly once the run's origin is subtracted.

#include <cstdint>
#include <ctime>

namespace mpwb {

inline std::int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace mpwb
