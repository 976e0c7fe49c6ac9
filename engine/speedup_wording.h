#pragma once
// One sentence that interprets a speedup for a student, shared by the runner and the desktop app.

#include <string>

namespace mpwb {

// "2 workers on 2 cores: 1.93× faster, 96% efficient", with a hint when the numbers call for one.
std::string describeSpeedup(int workers, int cores, double speedup, bool machineBusy = false);

// What an Amdahl fit says, in words: the parallel fraction p (0..1) and the ceiling 1 / (1 - p). When other
// programs were already keeping cores busy before the sweep (busyCores, in cores' worth, e.g. 0.8), a low p
// says more about them than about the work, and the sentence says so instead of blaming the serial part.
std::string describeParallelFraction(double p, double busyCores, int cores);

} // namespace mpwb
