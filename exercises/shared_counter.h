// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Exercise 4: several workers each add 1 to one counter in shared memory, M times. Without a lock
// ("none") two workers can read the same value and both write value + 1, so updates are lost; a
// process-shared robust mutex ("lock") makes every update count; an atomic add ("atomic") does too, faster.
//
// It is a map: the increments are cut into slices (items) that the chosen backend hands to its workers, so
// processes (fork, spawn or forkserver), threads and threads under an interpreter lock all run the same code.
// The counter lives in a SharedSegment that the run owns and removes on every way out.

#include "exercise.h"

namespace mpwb::exercises {

class SharedCounter : public Exercise {
public:
    std::string id() const override { return "shared-counter"; }
    std::string title() const override { return "Shared counter"; }
    std::string summary() const override;
    std::vector<ParameterSpec> parameters() const override;
    bool usesChunksize() const override { return false; }
    std::string pythonSource() const override;
    std::unique_ptr<ExerciseRun> prepare(const ParameterValues& values,
                                         const CancelCheck& cancel) const override;
};

} // namespace mpwb::exercises
