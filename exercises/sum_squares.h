// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Exercise 1: the sum of i^2 for i = 1..N. Items are blocks of consecutive numbers; each worker really
// iterates over its blocks (the closed form is used only to check the answer).

#include <cstdint>

#include "exercise.h"
#include "task_context.h"

namespace mpwb::exercises {

// The kernel: sum of i^2 for lo <= i <= hi, by iteration, in 128-bit arithmetic.
unsigned __int128 sumSquaresByLoop(std::uint64_t lo, std::uint64_t hi, TaskContext& context);
// n(n+1)(2n+1)/6, exact for every n the exercise accepts.
unsigned __int128 sumSquaresClosedForm(std::uint64_t n);

class SumSquares : public Exercise {
public:
    std::string id() const override { return "sum-squares"; }
    std::string title() const override { return "Parallel sum of squares"; }
    std::string summary() const override;
    std::vector<ParameterSpec> parameters() const override;
    std::string pythonSource() const override;
    std::string pythonMapFile() const override { return "sum_squares.py"; }
    std::vector<std::string> pythonMapArguments(const ParameterValues& values, int workers,
                                                std::uint64_t chunksize) const override;
    std::unique_ptr<ExerciseRun> prepare(const ParameterValues& values,
                                         const CancelCheck& cancel) const override;
};

} // namespace mpwb::exercises
