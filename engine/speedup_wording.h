// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One sentence that interprets a speedup for a student, shared by the runner and the desktop app.

#include <string>
#include <vector>

namespace mpwb {

// A speedup as one reads it, the same everywhere: "1.93× faster", or below 1 "1.49× slower" (never "0.67×
// faster").
std::string speedupText(double speedup);

// "2 workers on 2 cores: 1.93× faster, 96% efficient", with a hint when the numbers call for one.
std::string describeSpeedup(int workers, int cores, double speedup, bool machineBusy = false);

// What an Amdahl fit says, in words: the parallel fraction p (0..1) and the ceiling 1 / (1 - p). When other
// programs were already keeping cores busy before the sweep (busyCores, in cores' worth, e.g. 0.8), a low p
// says more about them than about the work, and the sentence says so instead of blaming the serial part.
std::string describeParallelFraction(double p, double busyCores, int cores);

// Karp-Flatt's serial fraction for a sweep's table: "0.072", "-" for one worker, and for a formula value
// outside [0, 1] no fraction at all but what disturbed the measurement, e.g. "disturbed: slower than
// sequential (overhead, or a busy machine)".
std::string describeSerialFraction(double karpFlattFormula, int workers);

// A backend's name as a student reads it: "threads with a GIL" for gil-threads, the others as they are.
std::string backendForStudents(const std::string& backend);

// One backend's run in a compare, as the verdict sees it.
struct BackendOutcome {
    std::string backend;   // sequential | gil-threads | threads | processes
    double speedup = 0;    // work per second against the compare's sequential run; NaN without one
    double coresBusy = 0;  // cores the run kept busy on average; NaN when it was not sampled
    double otherCores = 0; // cores' worth other programs used meanwhile; NaN when not sampled
    bool correct = true;
};

// The verdict of a compare, e.g. "threads with a GIL: one core at a time, 1.02×; processes: both cores,
// 1.94×." When other programs used kNoticeableOtherCores or more during a run, it says the machine was busy
// instead of blaming the code.
std::string describeComparison(const std::vector<BackendOutcome>& runs, int cores);

} // namespace mpwb
