#pragma once
// One sentence that interprets a speedup for a student, shared by the runner and the desktop app.

#include <string>

namespace mpwb {

// "2 workers on 2 cores: 1.93× faster, 96% efficient", with a hint when the numbers call for one.
std::string describeSpeedup(int workers, int cores, double speedup);

} // namespace mpwb
