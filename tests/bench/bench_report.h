// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two forms of a bench run: a table for people and a JSON document for files and comparisons.

#include <string>
#include <vector>

#include "bench_results.h"

namespace mpwb::bench {

std::string textReport(const BenchResults& results, const std::vector<TargetCheck>& targets);
std::string jsonReport(const BenchResults& results, const std::vector<TargetCheck>& targets);

} // namespace mpwb::bench
