// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_command.h"

#include <atomic>
#include <boost/json.hpp>
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include "command_line.h"
#include "errors.h"
#include "event_output.h"
#include "python_session.h"
#include "run_output.h"

namespace mpwb {
namespace {
namespace json = boost::json;

constexpr int kExitOk = 0, kExitFailed = 1, kExitBadRequest = 2, kExitCancelled = 130;

const char* kPythonUsage =
    "usage: mpwb-run python [--python PATH] [--start fork|spawn|forkserver] [--events FILE|-] [--json]\n"
    "                       SCRIPT.py [the script's arguments...]\n"
    "Runs your own Python script with real CPython under the workbench's monitors: every process it starts,\n"
    "the chunks its pools hand out, its queues, counters, locks and shared memory, its CPU and its output.\n"
    "Options come before the script; every word after the script is the script's.\n"
    "  --python PATH   the Python 3.8+ to run it with (default: python3 on PATH)\n"
    "  --start M       run it as if it had called multiprocessing.set_start_method(M) first\n"
    "  --events FILE   write the event stream there (- for standard output)\n"
    "  --json          print the report as one JSON object\n"
    "Exit status: 0 the script exited 0, 1 it failed, 2 a bad request, 130 cancelled.\n";

std::atomic<PythonSession*> g_session{nullptr};
std::atomic<bool> g_stopRequested{false};

extern "C" void onPythonStop(int) {
    g_stopRequested.store(true);
    if (auto* s = g_session.load()) s->cancel(); // an atomic store and a write(): async-signal-safe
}

void installHandlers() {
    struct sigaction sa {};
    sa.sa_handler = onPythonStop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

std::string reportJson(const PythonReport& r, const std::vector<std::string>& warnings) {
    json::object o{{"exercise", "python"},     {"backend", "cpython"}, {"status", r.status},
                   {"exit_code", r.exitCode},  {"signal", r.signal},   {"wall_ns", r.wallNs},
                   {"processes", r.processes}, {"chunks", r.chunks},   {"items", r.items}};
    if (r.error) o["error"] = json::parse(errorReportJson(*r.error)).as_object()["error"];
    json::array pids;
    for (int pid : r.pids)
        pids.push_back(pid);
    o["pids"] = pids;
    std::vector<std::string> all = warnings;
    all.insert(all.end(), r.warnings.begin(), r.warnings.end());
    return withWarnings(json::serialize(o), all);
}

std::string reportText(const PythonRequest& q, const PythonReport& r) {
    char wall[64];
    std::snprintf(wall, sizeof wall, "%.3f s", static_cast<double>(r.wallNs) / 1e9);
    std::string out = "python " + q.script + " (Python " + q.pythonVersion + ", " + q.startMethod +
                      "): " + r.status + ", " +
                      (r.signal ? "killed by signal " + std::to_string(r.signal)
                                : "exit status " + std::to_string(r.exitCode)) +
                      ", " + wall + "\n  " + std::to_string(r.processes) + " process(es) started, " +
                      std::to_string(r.chunks) + " chunk(s), " + std::to_string(r.items) + " item(s)\n";
    if (r.error) out += "  " + r.error->kind + ": " + r.error->message + "\n";
    for (const auto& w : r.warnings)
        out += "  warning: " + w + "\n";
    return out;
}

} // namespace

int commandPython(const std::vector<std::string>& args) {
    installHandlers();
    bool asJson = false;
    for (const auto& a : args) {
        if (a == "--json") asJson = true;
        if (a.size() > 3 && a.substr(a.size() - 3) == ".py") break; // the script's own words follow
    }
    std::vector<std::string> warnings;
    try {
        const auto parsed = parsePythonArgs(args);
        asJson = parsed.json;
        if (parsed.help) {
            std::fputs(kPythonUsage, stdout);
            return kExitOk;
        }
        const auto request = checkPythonRequest(parsed);
        EventOutput events(parsed.events, [] {
            if (auto* s = g_session.load()) s->cancel();
        });
        if (events.openError()) return events.refuse(asJson);
        // The script's output goes to the terminal as well, unless standard output carries the stream (it
        // is in there) or the JSON report (then it goes to standard error).
        const bool streamOnStdout = parsed.events == "-" || parsed.events == "/dev/stdout";
        const int echoOut = streamOnStdout ? -1 : (asJson ? 2 : 1);
        const int echoErr = streamOnStdout ? -1 : 2;
        PythonSession session(request, events.sink(), echoOut, echoErr);
        g_session.store(&session);
        if (g_stopRequested.load() || events.failed()) session.cancel();
        auto report = session.run();
        const auto lost = events.finish();
        g_session.store(nullptr);
        if (lost) {
            report.status = "error";
            report.error = lost;
        }
        if (!events.report(asJson ? reportJson(report, warnings) + "\n" : reportText(request, report)))
            return kExitFailed;
        if (report.status == "cancelled") return kExitCancelled;
        return report.status == "ok" ? kExitOk : kExitFailed;
    } catch (const BadRequest& e) {
        if (asJson)
            std::printf("%s\n", badRequestJson(e, warnings).c_str());
        else
            std::fprintf(stderr, "mpwb-run: %s\n%s", e.what(), kPythonUsage);
        return kExitBadRequest;
    }
}

} // namespace mpwb
