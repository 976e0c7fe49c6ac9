#include "speedup_wording.h"

#include <cstdio>

namespace mpwb {
namespace {

std::string format(const char* fmt, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

} // namespace

std::string describeSpeedup(int workers, int cores, double speedup) {
    const double efficiency = speedup / workers;
    std::string line = std::to_string(workers) + (workers == 1 ? " worker" : " workers") + " on " +
                       std::to_string(cores) + (cores == 1 ? " core: " : " cores: ");
    line += speedup >= 1 ? format("%.2f\u00d7 faster", speedup) : format("%.2f\u00d7 slower", 1 / speedup);
    line += format(", %.0f%% efficient", efficiency * 100);
    if (workers > cores)
        line += " (more workers than cores: they take turns)";
    else if (workers > 1 && efficiency < 0.5)
        line += " (overhead or a serial part is eating the gain)";
    return line;
}

} // namespace mpwb
