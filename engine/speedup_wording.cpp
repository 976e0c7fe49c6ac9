// SPDX-License-Identifier: GPL-3.0-or-later
#include "speedup_wording.h"

#include <cmath>
#include <cstdio>

#include "core_load.h"

namespace mpwb {
namespace {

std::string format(const char* fmt, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

} // namespace

std::string speedupText(double speedup) {
    return speedup >= 1 ? format("%.2f\u00d7 faster", speedup) : format("%.2f\u00d7 slower", 1 / speedup);
}

std::string describeSpeedup(int workers, int cores, double speedup, bool machineBusy) {
    const double efficiency = speedup / workers;
    std::string line = std::to_string(workers) + (workers == 1 ? " worker" : " workers") + " on " +
                       std::to_string(cores) + (cores == 1 ? " core: " : " cores: ");
    line += speedupText(speedup);
    // More than the cores can give (with a margin for timing noise and cache effects) means the baseline ran
    // slow, not that the code beat physics: say so instead of an efficiency above 100%.
    const int usable = workers < cores ? workers : cores;
    if (speedup > usable * 1.15) {
        line += ", more than " + std::to_string(usable) + (usable == 1 ? " core" : " cores") +
                " can give: the sequential baseline ran slower than this run could (other programs, or a "
                "different load), so this is not the code's speedup; measure both again when the machine is "
                "quiet";
        return line;
    }
    line += format(", %.0f%% efficient", efficiency * 100);
    if (workers > cores)
        line += " (more workers than cores: they take turns)";
    else if (workers > 1 && efficiency < 0.5 && !machineBusy) // a busy machine is not the code's fault
        line += " (overhead or a serial part is eating the gain)";
    return line;
}

std::string describeSerialFraction(double e, int workers) {
    if (workers <= 1 || !std::isfinite(e)) return "-";
    if (e < 0)
        return "disturbed: over " + std::to_string(workers) + "\u00d7 faster on " + std::to_string(workers) +
               " workers (a slow baseline, or caches)";
    if (e > 1) return "disturbed: slower than sequential (overhead, or a busy machine)";
    return format("%.3f", e);
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

std::string backendForStudents(const std::string& backend) {
    if (backend == "gil-threads") return "threads with a GIL";
    return backend;
}

namespace {

std::string coresInWords(double busy, int cores) {
    const long n = std::lround(busy);
    if (n <= 1) return "one core at a time";
    if (n >= cores) return cores == 2 ? "both cores" : "all " + std::to_string(cores) + " cores";
    return "about " + std::to_string(n) + " cores";
}

} // namespace

std::string describeComparison(const std::vector<BackendOutcome>& runs, int cores) {
    std::string line;
    const BackendOutcome* gil = nullptr;
    const BackendOutcome* processes = nullptr;
    std::vector<std::string> busyRuns;
    double mostOther = 0;
    for (const auto& run : runs) {
        if (run.otherCores >= kNoticeableOtherCores) {
            busyRuns.push_back(backendForStudents(run.backend));
            mostOther = std::max(mostOther, run.otherCores);
        }
        if (run.backend == "gil-threads") gil = &run;
        if (run.backend == "processes") processes = &run;
        if (run.backend == "sequential" && run.correct) continue; // the baseline, 1× by definition
        std::string part = backendForStudents(run.backend) + ":";
        if (std::isfinite(run.coresBusy)) part += " " + coresInWords(run.coresBusy, cores) + ",";
        part += std::isfinite(run.speedup) ? format(" %.2f\u00d7", run.speedup)
                                           : " no sequential run to compare with";
        if (!run.correct) part += ", but its answer was wrong";
        line += (line.empty() ? "" : "; ") + part;
    }
    if (line.empty()) return "Only the sequential run: add another backend to compare it with.";
    line += ".";
    if (!busyRuns.empty()) {
        std::string during;
        if (busyRuns.size() == runs.size() && runs.size() > 1) {
            during = "every run";
        } else {
            for (std::size_t i = 0; i < busyRuns.size(); ++i)
                during += (i == 0 ? "the " : i + 1 == busyRuns.size() ? " and " : ", ") + busyRuns[i];
            during += busyRuns.size() == 1 ? " run" : " runs";
        }
        line += " Other programs were using up to " + format("%.1f", mostOther) + " of the " +
                std::to_string(cores) + (cores == 1 ? " core" : " cores") + " during " + during +
                ", so those times say more about the machine than about the code. Compare again when it is "
                "quiet.";
    } else if (gil && processes && gil->speedup < 1.25 && processes->speedup >= 1.5) {
        // The lesson, but only when the numbers show it.
        line += " Only one thread at a time may hold the interpreter lock, so those threads took turns; each "
                "process has an interpreter of its own, so the processes ran side by side.";
    }
    return line;
}

} // namespace mpwb
