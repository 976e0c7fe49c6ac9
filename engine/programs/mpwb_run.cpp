// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-run: the command-line runner, and the engine host the GUI starts. Every request is validated before
// a single process starts; a bad one exits with status 2 and a sentence saying what is allowed.
//
//   mpwb-run list [--json]
//   mpwb-run run <exercise> [--backend B] [--start fork|spawn|forkserver] [--workers N] [--chunksize C]
//   [--<param> V]...
//                           [--json] [--events FILE|-]
//   mpwb-run sweep <exercise> --workers 1,2,4 --chunksize 1,100,10000 --repeats 3 [--json] [--events FILE|-]
//                  [--backend cpython [--python PATH]]: the exercise's own Python version under CPython
//   mpwb-run compare <exercise> [--backends sequential,gil-threads,threads,processes] [options] [--json]
//                               [--events FILE|-]
//   mpwb-run python [--python PATH] [--start fork|spawn|forkserver] [--events FILE|-] [--json] SCRIPT.py
//                   [the script's arguments...]
//   mpwb-run demo      a short headless demonstration of exercise 1
//   mpwb-run run <exercise> --help     that exercise's parameters and the common options; -h, --version
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <system_error>
#include <thread>
#include <unistd.h>

#include "catalogue.h"
#include "chunk_aggregator.h"
#include "command_line.h"
#include "errors.h"
#include "event_output.h"
#include "exercise_help.h"
#include "mpwb_version.h"
#include "process_keeper.h"
#include "python_command.h"
#include "python_sweep_command.h"
#include "run_output.h"
#include "speedup_wording.h"

using namespace mpwb;

namespace {

constexpr int kExitOk = 0, kExitFailed = 1, kExitBadRequest = 2, kExitCancelled = 130;

std::atomic<RunSession*> g_run{nullptr};
std::atomic<SweepSession*> g_sweep{nullptr};
std::atomic<CompareSession*> g_compare{nullptr};

// Cancels whatever runs: a stream that cannot be written stops the run at once.
void cancelEverything() {
    if (auto* r = g_run.load()) r->cancel();
    if (auto* s = g_sweep.load()) s->cancel();
    if (auto* c = g_compare.load()) c->cancel();
}
// A stop signal that came before the session was made (while the request was checked) still cancels it.
std::atomic<bool> g_stopRequested{false};

extern "C" void onStopSignal(int) {
    // Only async-signal-safe work: atomics and a write() inside cancel().
    g_stopRequested.store(true);
    if (auto* r = g_run.load()) r->cancel();
    if (auto* s = g_sweep.load()) s->cancel();
    if (auto* c = g_compare.load()) c->cancel();
}

void installStopHandlers() {
    struct sigaction sa {};
    sa.sa_handler = onStopSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

const char* kUsage =
    "usage: mpwb-run list [--json]\n"
    "       mpwb-run run <exercise> [options] [--json] [--events FILE|-]\n"
    "       mpwb-run sweep <exercise> --workers 1,2,4 --chunksize 1,100 --repeats 3 [--json]\n"
    "                      [--backend cpython [--python PATH]]  (its Python version, under real CPython)\n"
    "       mpwb-run compare <exercise> [--backends sequential,gil-threads,threads,processes] [options] "
    "[--json]\n"
    "       mpwb-run python [--python PATH] [--start M] [--events FILE|-] [--json] SCRIPT.py [args...]\n"
    "       mpwb-run demo\n"
    "       mpwb-run --version\n"
    "Run 'mpwb-run list' for the exercises, and 'mpwb-run run <exercise> --help' (or -h) for one exercise's\n"
    "parameters and the options common to all.\n";

const Exercise& requireExercise(const std::string& id) {
    if (id.empty()) throw BadRequest("name an exercise; 'mpwb-run list' shows them", "exercise");
    if (const auto* e = findExercise(id)) return *e;
    std::string known;
    for (const auto* e : exerciseCatalogue())
        known += (known.empty() ? "" : ", ") + e->id();
    throw BadRequest("unknown exercise '" + id + "'; known: " + known, "exercise");
}

// Options shared by run and sweep; what is left in cl.options afterwards belongs to the exercise.
RunSpec commonSpec(CommandLine& cl, bool workersIsList) {
    const auto& exercise = requireExercise(cl.exercise);
    RunSpec spec;
    spec.exercise = cl.exercise;
    const auto backend = cl.take("backend", "processes");
    if (auto b = parseBackend(backend))
        spec.backend = *b;
    else
        throw BadRequest("--backend must be one of sequential, threads, gil-threads, processes" +
                             std::string(workersIsList ? " or cpython" : "") + "; got '" + backend + "'" +
                             (backend == "cpython"
                                  ? ": cpython is for sweep, and 'mpwb-run python SCRIPT.py' "
                                    "runs a script"
                                  : ""),
                         "backend");
    const auto start = cl.take("start", "fork");
    if (auto m = parseStartMethod(start))
        spec.startMethod = *m;
    else
        throw BadRequest("--start must be fork, spawn or forkserver, got '" + start + "'", "start");
    if (!workersIsList) {
        const int preferred = exercise.defaultWorkers() > 0
                                  ? exercise.defaultWorkers()
                                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        const auto w = parseInteger("--workers", cl.take("workers", std::to_string(preferred)));
        if (w < 1 || w > kMaxWorkers)
            throw BadRequest("--workers must be between 1 and " + std::to_string(kMaxWorkers) + ", got " +
                                 std::to_string(w),
                             "workers");
        spec.workers = static_cast<int>(w);
        const auto c = cl.take("chunksize", "auto");
        if (c != "auto") {
            const auto v = parseInteger("--chunksize", c);
            if (v < 1) throw BadRequest("--chunksize must be at least 1 (or 'auto'), got " + c, "chunksize");
            spec.chunksize = static_cast<std::uint64_t>(v);
        }
    }
    const auto sw = parseInteger("--switch-interval-us", cl.take("switch-interval-us", "5000"));
    if (sw < 1 || sw > 10'000'000)
        throw BadRequest("--switch-interval-us must be between 1 and 10000000, got " + std::to_string(sw),
                         "switch-interval-us");
    spec.switchInterval = std::chrono::microseconds(sw);
    const auto cpu = parseInteger("--cpu-interval-ms", cl.take("cpu-interval-ms", "100"));
    if (cpu < 0 || cpu > 60'000)
        throw BadRequest("--cpu-interval-ms must be between 0 and 60000, got " + std::to_string(cpu),
                         "cpu-interval-ms");
    spec.cpuInterval = std::chrono::milliseconds(cpu);
    const auto stall = cl.take("stall-timeout", "");
    if (!stall.empty()) {
        const auto seconds = parseInteger("--stall-timeout", stall);
        if (seconds < 1 || seconds > 86'400)
            throw BadRequest("--stall-timeout must be between 1 and 86400 seconds, got " + stall,
                             "stall-timeout");
        spec.stallTimeout = std::chrono::seconds(seconds);
    }
    warnAboutInapplicable(cl, exercise, spec, workersIsList);
    return spec;
}

// Where the report and the event stream go; both cannot have standard output.
std::pair<bool, std::string> outputChoice(CommandLine& cl) {
    const bool asJson = cl.flags.count("json");
    if (cl.has("events") && cl.given.at("events").empty())
        throw BadRequest("--events needs a file name, or - for standard output; it was given an empty one",
                         "events");
    auto eventsTo = cl.take("events", "");
    if (asJson && eventsTo == "-")
        throw BadRequest("--json and --events - both want standard output; pick one", "events");
    return {asJson, eventsTo};
}

int commandRun(CommandLine& cl) {
    const auto& exercise = requireExercise(cl.exercise);
    const auto [asJson, eventsTo] = outputChoice(cl);
    auto spec = commonSpec(cl, false);
    spec.params = cl.options;
    RunSession session(exercise, spec, nullptr); // validates before anything starts
    EventOutput events(eventsTo, cancelEverything);
    if (events.openError()) return events.refuse(asJson);
    RunSession live(exercise, spec, events.sink());
    g_run.store(&live);
    if (g_stopRequested.load() || events.failed()) live.cancel();
    auto report = live.run();
    const auto lost = events.finish(); // before g_run goes: the failure handler may still use it
    g_run.store(nullptr);
    if (lost) {
        report.status = "error";
        report.error = lost;
    }
    if (!events.report(asJson ? withWarnings(runReportJson(spec, report), cl.warnings) + "\n"
                              : runReportText(spec, report)))
        return kExitFailed;
    if (report.status == "cancelled") return kExitCancelled;
    return report.status == "ok" && report.result.correct ? kExitOk : kExitFailed;
}

int commandSweep(CommandLine& cl) {
    if (cl.options.count("backend") && cl.options.at("backend") == "cpython") return commandPythonSweep(cl);
    const auto& exercise = requireExercise(cl.exercise);
    const auto [asJson, eventsTo] = outputChoice(cl);
    SweepSpec spec;
    const auto workers = cl.take("workers", "1,2");
    const auto chunks = cl.take("chunksize", "auto");
    spec.repeats = static_cast<int>(parseInteger("--repeats", cl.take("repeats", "3")));
    spec.base = commonSpec(cl, true);
    spec.base.params = cl.options;
    for (auto w : parseIntegerList("--workers", workers)) {
        if (w < 1 || w > kMaxWorkers)
            throw BadRequest("every --workers value must be between 1 and " + std::to_string(kMaxWorkers),
                             "workers");
        spec.workers.push_back(static_cast<int>(w));
    }
    if (chunks != "auto")
        for (auto c : parseIntegerList("--chunksize", chunks)) {
            if (c < 1) throw BadRequest("every --chunksize value must be at least 1", "chunksize");
            spec.chunksizes.push_back(static_cast<std::uint64_t>(c));
        }
    EventOutput events(eventsTo, cancelEverything);
    if (events.openError()) return events.refuse(asJson);
    SweepSession sweep(exercise, spec, events.sink());
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

int commandCompare(CommandLine& cl) {
    const auto& exercise = requireExercise(cl.exercise);
    const auto [asJson, eventsTo] = outputChoice(cl);
    if (cl.options.count("backend"))
        throw BadRequest(
            "compare runs every backend in --backends (a list, e.g. --backends threads,processes), "
            "not one --backend");
    CompareSpec spec;
    spec.backends = parseBackendList("--backends", cl.take("backends", ""));
    spec.base = commonSpec(cl, false);
    spec.base.params = cl.options;
    CompareSession check(exercise, spec, nullptr); // validates every backend before anything starts
    EventOutput events(eventsTo, cancelEverything);
    if (events.openError()) return events.refuse(asJson);
    CompareSession compare(exercise, spec, events.sink());
    g_compare.store(&compare);
    if (g_stopRequested.load() || events.failed()) compare.cancel();
    auto report = compare.run();
    const auto lost = events.finish();
    g_compare.store(nullptr);
    if (lost) {
        report.status = "error";
        report.error = lost;
        report.stoppedIn.clear(); // no backend is to blame
    }
    if (!events.report(asJson ? withWarnings(compareReportJson(report), cl.warnings) + "\n"
                              : compareReportText(report)))
        return kExitFailed;
    if (report.status == "cancelled") return kExitCancelled;
    const bool allCorrect = std::all_of(report.runs.begin(), report.runs.end(),
                                        [](const CompareRun& r) { return r.report.result.correct; });
    return report.status == "ok" && allCorrect ? kExitOk : kExitFailed;
}

// The README's run command uses this where there is no display: exercise 1, one worker and then one per core.
int commandDemo() {
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const auto& exercise = requireExercise("sum-squares");
    std::printf("MP Workbench headless demo: exercise 1, the sum of i\u00b2 for i = 1..N\n\n");
    double sequential = 0, processSpeedup = 0;
    for (auto backend : {Backend::Sequential, Backend::GilThreads, Backend::Processes}) {
        RunSpec spec;
        spec.exercise = exercise.id();
        spec.backend = backend;
        spec.workers = backend == Backend::Sequential ? 1 : cores;
        spec.params = {{"n", "400000000"}};
        spec.cpuInterval = std::chrono::milliseconds(0);
        RunSession session(exercise, spec, nullptr);
        g_run.store(&session);
        const auto r = session.run();
        g_run.store(nullptr);
        if (r.status != "ok") {
            std::printf("%s", runReportText(spec, r).c_str());
            return r.status == "cancelled" ? kExitCancelled : kExitFailed;
        }
        const double s = r.wallNs / 1e9;
        if (backend == Backend::Sequential) sequential = s;
        std::printf("%-12s %2d worker(s)  %7.3f s  sum = %s %s\n", backendName(backend).c_str(), spec.workers,
                    s, r.result.value.c_str(), r.result.correct ? "(correct)" : "(WRONG)");
        if (backend != Backend::Sequential)
            std::printf("             %s\n", describeSpeedup(spec.workers, cores, sequential / s).c_str());
        if (backend == Backend::Processes) processSpeedup = sequential / s;
    }
    std::printf(
        "\nThreads that must share one interpreter lock cannot beat one core; processes can use them all.\n");
    // Say so when the numbers disagree, rather than leave a student puzzling over them.
    if (cores > 1 && processSpeedup < 0.6 * cores)
        std::printf(
            "Here the processes fell well short of %d\u00d7: other programs are probably busy on this "
            "machine. Run the demo again when it is quiet.\n",
            cores);
    return kExitOk;
}

// Each worker process costs the host three descriptors (two pipes and a pidfd): under the usual soft limit of
// 1024, a pool of a few hundred workers would fail to start. The hard limit is ours to use.
void raiseDescriptorLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char** argv) {
    installStopHandlers();
    raiseDescriptorLimit();
    std::vector<std::string> args(argv + 1, argv + argc);
    // A Python run's words after the script are the script's, so it parses its own; the keeper is this
    // program exec'd in a hidden mode (process_keeper.h).
    if (!args.empty() && args[0] == kKeeperFlag) return keeperMain({args.begin() + 1, args.end()});
    if (!args.empty() && args[0] == "python") return commandPython({args.begin() + 1, args.end()});
    bool asJson = false;
    for (const auto& a : args)
        asJson = asJson || a == "--json";
    CommandLine cl;
    try {
        cl = CommandLine::parse(args, {"json", "help", "version"});
        if (cl.flags.count("version")) {
            std::printf("mpwb-run %s\n", MPWB_VERSION);
            return kExitOk;
        }
        const bool help = cl.flags.count("help") || cl.command == "help";
        // "mpwb-run run sum-squares --help" and "mpwb-run help sum-squares": that exercise's own options.
        if (help && !cl.exercise.empty()) {
            const auto& exercise = requireExercise(cl.exercise);
            const auto command = cl.command == "sweep" || cl.command == "compare" ? cl.command : "run";
            std::fputs(exerciseHelpText(exercise, command).c_str(), stdout);
            return kExitOk;
        }
        if (help) {
            std::fputs(kUsage, stdout);
            return kExitOk;
        }
        if (cl.command.empty())
            throw BadRequest("name a command: list, run, sweep, compare or demo", "command");
        if (cl.command == "list" || cl.command == "demo") {
            // These take no exercise and no options but --json (list): say so rather than ignore them.
            if (!cl.exercise.empty())
                throw BadRequest("'mpwb-run " + cl.command + "' takes no exercise, got '" + cl.exercise + "'",
                                 "exercise");
            if (!cl.options.empty())
                throw BadRequest("'mpwb-run " + cl.command + "' takes no --" + cl.options.begin()->first +
                                     (cl.command == "list" ? "; only --json" : ""),
                                 cl.options.begin()->first);
            if (cl.command == "demo" && cl.flags.count("json"))
                throw BadRequest(
                    "'mpwb-run demo' prints words only; --json is for list, run, sweep and compare", "json");
        }
        if (cl.command == "list") {
            std::fputs((cl.flags.count("json") ? catalogueJson() + "\n" : catalogueText()).c_str(), stdout);
            return kExitOk;
        }
        if (cl.command == "run") return commandRun(cl);
        if (cl.command == "sweep") return commandSweep(cl);
        if (cl.command == "compare") return commandCompare(cl);
        if (cl.command == "demo") return commandDemo();
        throw BadRequest("unknown command '" + cl.command + "'; use list, run, sweep, compare or demo",
                         "command");
    } catch (const BadRequest& e) {
        // The structured error is built here, with the parameter at fault and any warnings said before it.
        if (asJson)
            std::printf("%s\n", badRequestJson(e, cl.warnings).c_str());
        else
            std::fprintf(stderr, "mpwb-run: %s\n%s", e.what(),
                         cl.exercise.empty() || !findExercise(cl.exercise)
                             ? kUsage
                             : ("'mpwb-run " + (cl.command.empty() ? std::string("run") : cl.command) + " " +
                                cl.exercise + " --help' lists what it takes.\n")
                                   .c_str());
        return kExitBadRequest;
    } catch (const std::exception& e) {
        if (asJson)
            std::printf("%s\n", errorJson("internal", e.what()).c_str());
        else
            std::fprintf(stderr, "mpwb-run: %s\n", e.what());
        return kExitFailed;
    }
}
