// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_sweep_command.h"

#include <atomic>
#include <csignal>
#include <cstdio>

#include "catalogue.h"
#include "command_line.h"
#include "errors.h"
#include "event_output.h"
#include "python_sweep_session.h"
#include "run_output.h"

namespace mpwb {
namespace {

constexpr int kExitOk = 0, kExitFailed = 1, kExitCancelled = 130;

std::atomic<PythonSweepSession*> g_sweep{nullptr};
std::atomic<bool> g_stopRequested{false};

extern "C" void onSweepStop(int) {
    g_stopRequested.store(true);
    if (auto* s = g_sweep.load()) s->cancel(); // an atomic store and a write(): async-signal-safe
}

void cancelSweep() {
    if (auto* s = g_sweep.load()) s->cancel();
}

// The exercises a cpython sweep can run, for the message that refuses the others.
std::string sweepable() {
    std::string out;
    for (const auto* e : exerciseCatalogue())
        if (!e->pythonMapFile().empty()) out += (out.empty() ? "" : ", ") + e->id();
    return out;
}

} // namespace

int commandPythonSweep(CommandLine& cl) {
    struct sigaction sa {};
    sa.sa_handler = onSweepStop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    const auto* exercise = findExercise(cl.exercise);
    if (!exercise) throw BadRequest("unknown exercise '" + cl.exercise + "'", "exercise");
    if (exercise->pythonMapFile().empty())
        throw BadRequest("--backend cpython sweeps an exercise's own Python version when it is a pool map "
                         "(" +
                             sweepable() + "); " + exercise->id() +
                             "'s is not: run it with 'mpwb-run python' instead",
                         "backend");
    cl.take("backend", "");
    for (const char* engineOnly : {"switch-interval-us", "stall-timeout", "cpu-interval-ms"})
        if (cl.has(engineOnly)) {
            cl.take(engineOnly, "");
            cl.warn(std::string("--") + engineOnly +
                    " is ignored: it is for the engine's backends, and "
                    "cpython runs the exercise's Python version");
        }
    const bool asJson = cl.flags.count("json");
    if (cl.has("events") && cl.given.at("events").empty())
        throw BadRequest("--events needs a file name, or - for standard output; it was given an empty one",
                         "events");
    const auto eventsTo = cl.take("events", "");
    if (asJson && eventsTo == "-")
        throw BadRequest("--json and --events - both want standard output; pick one", "events");

    PythonSweepSpec spec;
    spec.exercise = exercise->id();
    spec.python = cl.take("python", "python3");
    spec.start = cl.take("start", "");
    if (!spec.start.empty() && spec.start != "fork" && spec.start != "spawn" && spec.start != "forkserver")
        throw BadRequest("--start must be fork, spawn or forkserver, got '" + spec.start + "'", "start");
    spec.repeats = static_cast<int>(parseInteger("--repeats", cl.take("repeats", "3")));
    for (auto w : parseIntegerList("--workers", cl.take("workers", "1,2")))
        spec.workers.push_back(static_cast<int>(w));
    const auto chunks = cl.take("chunksize", "auto");
    if (chunks != "auto")
        for (auto c : parseIntegerList("--chunksize", chunks)) {
            if (c < 1) throw BadRequest("every --chunksize value must be at least 1", "chunksize");
            spec.chunksizes.push_back(static_cast<std::uint64_t>(c));
        }
    spec.params = cl.options;                           // what is left: the exercise's own parameters
    PythonSweepSession check(*exercise, spec, nullptr); // everything checked before anything starts

    EventOutput events(eventsTo, cancelSweep);
    if (events.openError()) return events.refuse(asJson);
    PythonSweepSession sweep(*exercise, spec, events.sink());
    g_sweep.store(&sweep);
    if (g_stopRequested.load() || events.failed()) sweep.cancel();
    auto report = sweep.run();
    const auto lost = events.finish();
    g_sweep.store(nullptr);
    if (lost) {
        report.status = "error";
        report.error = lost;
    }
    if (!events.report(asJson ? withWarnings(sweepReportJson(report), cl.warnings) + "\n"
                              : sweepReportText(report)))
        return kExitFailed;
    if (report.status == "cancelled") return kExitCancelled;
    return report.status == "ok" ? kExitOk : kExitFailed;
}

} // namespace mpwb
