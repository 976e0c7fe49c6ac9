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

std::string describeSpeedup(int workers, int cores, double speedup, bool machineBusy) {
    const double efficiency = speedup / workers;
    std::string line = std::to_string(workers) + (workers == 1 ? " worker" : " workers") + " on " +
                       std::to_string(cores) + (cores == 1 ? " core: " : " cores: ");
    line += speedup >= 1 ? format("%.2f\u00d7 faster", speedup) : format("%.2f\u00d7 slower", 1 / speedup);
    line += format(", %.0f%% efficient", efficiency * 100);
    if (workers > cores)
        line += " (more workers than cores: they take turns)";
    else if (workers > 1 && efficiency < 0.5 && !machineBusy) // a busy machine is not the code's fault
        line += " (overhead or a serial part is eating the gain)";
    return line;
}

std::string describeParallelFraction(double p, double busyCores, int cores) {
    if (!(p == p)) return "Too few points for an Amdahl fit: sweep at least two worker counts.";
    std::string line;
    if (p >= 0.995)
        line = "Amdahl fit: practically all the work runs in parallel here; more workers than these would be "
               "needed to see where it stops paying.";
    else
        line = "Amdahl fit: about " + format("%.1f", p * 100) +
               "% of the work runs in parallel, so no number of workers could make it more than " +
               format("%.1f", 1 / (1 - p)) + "\u00d7 faster.";
    // A quarter of a core's worth of other work is enough to bend a curve measured on a few cores.
    if (p < 0.95 && busyCores >= 0.25)
        line += " But before the sweep other programs were already using about " + format("%.1f", busyCores) +
                " of the " + std::to_string(cores) + (cores == 1 ? " core" : " cores") +
                ", so the workers had less than the whole machine: part of the shortfall is theirs. Sweep "
                "again when the machine is quiet to see the work's own limit.";
    return line;
}

} // namespace mpwb
