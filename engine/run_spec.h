// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a run is asked to do: the exercise, the backend and its options, and the exercise's own parameters
// as typed. RunSession validates it before anything starts.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "executor.h"

namespace mpwb {

struct RunSpec {
    std::string exercise;
    Backend backend = Backend::Processes;
    StartMethod startMethod = StartMethod::Fork;
    int workers = 2;
    std::uint64_t chunksize = 0; // 0: the default rule
    std::map<std::string, std::string> params;
    std::chrono::microseconds switchInterval = std::chrono::milliseconds(5);
    std::chrono::milliseconds cpuInterval = std::chrono::milliseconds(100); // 0: no CPU sampling
    std::string workerProgram;
    // A worker that holds work and completes no item for this long ends the run as "stalled". 0: the
    // exercise's default (Exercise::defaultStallTimeout).
    std::chrono::milliseconds stallTimeout{0};
};

} // namespace mpwb
