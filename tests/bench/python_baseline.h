// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs python_pool_bench.py (concurrent.futures.ProcessPoolExecutor doing the same work as our pool) and
// reads the JSON it prints back into the same result structs as our own figures.

#include <string>

#include "bench_results.h"

namespace mpwb::bench {

// The first executable `name` on $PATH, or "" when there is none.
std::string findOnPath(const std::string& name);

// Throws std::runtime_error when the script cannot be run or prints something that is not its report.
PythonBaseline runPythonBaseline(const std::string& python, const BenchConfig& config);

} // namespace mpwb::bench
