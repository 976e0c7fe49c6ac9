// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_output.h"

#include <boost/json.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <system_error>

#include "catalogue.h"
#include "speedup_wording.h"

namespace mpwb {
namespace json = boost::json;
namespace {

std::string format(const char* fmt, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

// JSON has no NaN: a value that could not be measured is null.
json::value numberOrNull(double v) {
    return std::isfinite(v) ? json::value(v) : json::value(nullptr);
}

json::object specObject(const RunSpec& spec) {
    json::object o;
    o["exercise"] = spec.exercise;
    o["backend"] = backendName(spec.backend);
    o["start"] = spec.backend == Backend::Processes ? startMethodName(spec.startMethod) : "";
    o["workers"] = spec.backend == Backend::Sequential ? 1 : spec.workers;
    return o;
}

json::object errorObject(const ErrorEvent& e) {
    json::object o{{"kind", e.kind}, {"message", e.message}};
    if (e.worker >= 0) o["worker"] = e.worker;
    if (e.pid) o["pid"] = e.pid;
    if (e.item >= 0) o["item"] = e.item;
    if (e.signal) o["signal"] = e.signal;
    if (e.exitCode || (e.kind == "worker-died" && !e.signal)) o["exit_code"] = e.exitCode;
    if (e.chunkItems || e.chunk >= 0) {
        json::object chunk{{"first_item", e.chunkFirst}, {"items", e.chunkItems}};
        if (e.chunk >= 0) chunk["number"] = e.chunk;
        o["chunk"] = chunk;
    }
    if (!e.file.empty()) o["file"] = e.file;
    if (!e.parameter.empty()) o["parameter"] = e.parameter;
    return o;
}

} // namespace

std::string runReportText(const RunSpec& spec, const RunReport& r) {
    std::ostringstream out;
    out << spec.exercise << ": backend " << backendName(spec.backend);
    if (spec.backend == Backend::Processes) out << " (" << startMethodName(spec.startMethod) << ")";
    out << ", " << (spec.backend == Backend::Sequential ? 1 : spec.workers) << " worker(s), chunksize "
        << r.chunksize << ", " << r.items << " items\n";
    if (r.status == "ok") {
        out << "  result   " << r.result.value << (r.result.correct ? "  (checked: correct)" : "  (WRONG)")
            << "\n";
        for (const auto& [k, v] : r.result.checks)
            out << "  " << k << "  " << v << "\n";
    } else {
        out << "  " << r.status << ": " << (r.error ? r.error->message : "") << "\n";
    }
    out << "  wall     " << format("%.3f s", r.wallNs / 1e9) << " (map only; "
        << format("%.3f s", r.totalNs / 1e9) << " with worker start-up and shutdown)\n";
    return out.str();
}

std::string runReportJson(const RunSpec& spec, const RunReport& r) {
    auto o = specObject(spec);
    o["chunksize"] = r.chunksize;
    o["items"] = r.items;
    // The exercise's own parameters as given, numbers as numbers; never over a common field of the same name.
    for (const auto& [k, v] : spec.params) {
        if (o.contains(k)) continue;
        char* end = nullptr;
        const long long n = std::strtoll(v.c_str(), &end, 10);
        if (!v.empty() && end && *end == '\0')
            o[k] = n;
        else
            o[k] = v;
    }
    o["status"] = r.status;
    o["wall_s"] = r.wallNs / 1e9;
    o["total_s"] = r.totalNs / 1e9;
    if (r.status == "ok") {
        o["result"] = r.result.value;
        o["correct"] = r.result.correct;
        // Each check sits next to the common fields (unless it would hide one) and in "checks" as well.
        json::object checks;
        for (const auto& [k, v] : r.result.checks) {
            boost::system::error_code ec;
            auto value = json::parse(v, ec);
            if (ec) value = json::string(v);
            checks[k] = value;
            if (!o.contains(k)) o[k] = value;
        }
        o["checks"] = checks;
    } else if (r.error) {
        o["error"] = errorObject(*r.error);
    }
    return json::serialize(o);
}

std::string sweepReportText(const SweepReport& r) {
    std::ostringstream out;
    out << r.what.exercise << " sweep, backend " << r.what.backend;
    if (r.what.backend == "cpython") out << " (Python " << r.what.params.at("python_version") << ")";
    out << ", " << r.what.repeats << " repeat(s) per cell; medians\n";
    if (r.status != "ok") {
        out << "  " << r.status << ": " << (r.error ? r.error->message : "") << "\n";
        return out.str();
    }
    const auto& a = r.analysis;
    out << "  sequential baseline  " << format("%.3f s", a.sequentialMedianSeconds) << "\n";
    out << "  workers  chunksize   median s   speedup  efficiency  serial fraction (Karp-Flatt)\n";
    for (const auto& row : a.rows) {
        // Outside [0, 1] the formula measured a disturbance: say so, never a "serial fraction" of 300%.
        const auto serial = describeSerialFraction(row.karpFlattFormula, row.workers);
        char line[160];
        std::snprintf(line, sizeof line, "  %7d  %9s  %9.3f  %7.2fx  %9.0f%%  %s\n", row.workers,
                      row.chunksize ? std::to_string(row.chunksize).c_str() : "auto", row.medianSeconds,
                      row.speedup, row.efficiency * 100, serial.c_str());
        out << line;
    }
    out << "  Amdahl fit: parallel fraction p = " << format("%.3f", a.amdahl.parallelFraction);
    std::string used;
    for (int w : a.amdahl.workersUsed)
        used += (used.empty() ? "" : ",") + std::to_string(w);
    if (!used.empty()) out << ", over " << used << " workers";
    if (a.amdahl.workersLeftOut > 0)
        out << " (" << a.amdahl.workersLeftOut << " worker count(s) above the " << r.cores
            << " cores left out: there the workers take turns)";
    out << "\n";
    if (a.bestChunksize) out << "  best chunksize at the most workers: " << a.bestChunksize << "\n";
    for (const auto& row : a.rows)
        if (row.workers > 1) out << "  " << describeSpeedup(row.workers, r.cores, row.speedup) << "\n";
    return out.str();
}

std::string sweepReportJson(const SweepReport& r) {
    const auto& a = r.analysis;
    json::object o;
    o["exercise"] = r.what.exercise;
    o["backend"] = r.what.backend;
    o["start"] = r.what.startMethod;
    if (r.what.backend == "cpython") o["python_version"] = r.what.params.at("python_version");
    o["repeats"] = r.what.repeats;
    o["cores"] = r.cores;
    o["status"] = r.status;
    if (r.error) o["error"] = errorObject(*r.error);
    o["sequential_s"] = numberOrNull(a.sequentialMedianSeconds);
    json::array rows;
    for (const auto& row : a.rows)
        rows.push_back(
            json::object{{"workers", row.workers},
                         {"chunksize", row.chunksize},
                         {"median_s", row.medianSeconds},
                         {"min_s", row.minSeconds},
                         {"max_s", row.maxSeconds},
                         {"speedup", numberOrNull(row.speedup)},
                         {"efficiency", numberOrNull(row.efficiency)},
                         {"karp_flatt", row.workers > 1 ? numberOrNull(row.karpFlatt) : json::value(nullptr)},
                         {"karp_flatt_disturbed", row.karpFlattDisturbed}});
    o["rows"] = rows;
    o["amdahl_p"] = numberOrNull(a.amdahl.parallelFraction);
    json::array used;
    for (int w : a.amdahl.workersUsed)
        used.push_back(w);
    o["amdahl_workers"] = used;
    o["amdahl_left_out"] = a.amdahl.workersLeftOut;
    o["best_chunksize"] = a.bestChunksize ? json::value(a.bestChunksize) : json::value(nullptr);
    return json::serialize(o);
}

std::string compareReportText(const CompareReport& r) {
    std::ostringstream out;
    out << r.exercise << " compared on " << r.backends.size() << " backend(s), one after another, on "
        << r.cores << (r.cores == 1 ? " core" : " cores");
    for (const auto& [k, v] : r.params)
        out << ", " << k << " " << v;
    out << "\n";
    out << "  backend      workers    wall s   speedup  result   cores busy  others  CPU per worker (s)\n";
    for (const auto& run : r.runs) {
        std::string cpu;
        for (double s : run.workerCpuSeconds)
            cpu += (cpu.empty() ? "" : " ") + format("%.2f", s);
        char line[200];
        std::snprintf(line, sizeof line, "  %-11s  %7d  %8.3f  %7s  %-7s  %10s  %6s  %s\n",
                      backendName(run.backend).c_str(), run.workers, run.report.wallNs / 1e9,
                      std::isfinite(run.speedup) ? format("%.2fx", run.speedup).c_str() : "-",
                      run.report.result.correct ? "correct" : "WRONG",
                      std::isfinite(run.coresBusy) ? format("%.2f", run.coresBusy).c_str() : "-",
                      std::isfinite(run.otherCores) ? format("%.2f", run.otherCores).c_str() : "-",
                      cpu.empty() ? "-" : cpu.c_str());
        out << line;
    }
    if (r.status != "ok") {
        out << "  " << r.status << (r.stoppedIn.empty() ? "" : " in the " + r.stoppedIn + " run") << ": "
            << (r.error ? r.error->message : "") << "\n";
        return out.str();
    }
    out << "  (speedup is work per second against the sequential run; others: cores' worth used by other "
           "programs meanwhile)\n";
    out << "Verdict: " << r.verdict << "\n";
    return out.str();
}

std::string compareReportJson(const CompareReport& r) {
    json::object o;
    o["exercise"] = r.exercise;
    json::object params;
    for (const auto& [k, v] : r.params)
        params[k] = v;
    o["params"] = params;
    o["cores"] = r.cores;
    json::array backends;
    for (auto b : r.backends)
        backends.push_back(json::string(backendName(b)));
    o["backends"] = backends;
    o["status"] = r.status;
    if (r.error) {
        auto error = errorObject(*r.error);
        if (!r.stoppedIn.empty()) error["backend"] = r.stoppedIn;
        o["error"] = error;
    }
    json::array runs;
    for (const auto& run : r.runs) {
        json::array cpu;
        for (double s : run.workerCpuSeconds)
            cpu.push_back(s);
        runs.push_back(json::object{{"backend", backendName(run.backend)},
                                    {"workers", run.workers},
                                    {"start_method", run.startMethod},
                                    {"chunksize", run.report.chunksize},
                                    {"items", run.report.items},
                                    {"wall_s", run.report.wallNs / 1e9},
                                    {"speedup", numberOrNull(run.speedup)},
                                    {"correct", run.report.result.correct},
                                    {"result", run.report.result.value},
                                    {"started_ns", run.startedNs},
                                    {"finished_ns", run.finishedNs},
                                    {"worker_cpu_s", cpu},
                                    {"cores_busy", numberOrNull(run.coresBusy)},
                                    {"busy_other_cores", numberOrNull(run.otherCores)}});
    }
    o["runs"] = runs;
    o["verdict"] = r.verdict;
    return json::serialize(o);
}

std::string errorJson(const std::string& kind, const std::string& message) {
    return json::serialize(json::object{{"error", json::object{{"kind", kind}, {"message", message}}}});
}

std::string errorReportJson(const ErrorEvent& error) {
    return json::serialize(json::object{{"error", errorObject(error)}});
}

bool writeReport(const std::string& text, std::FILE* to) {
    errno = 0;
    if (std::fputs(text.c_str(), to) >= 0 && std::fflush(to) == 0) return true;
    const int error = errno ? errno : EIO;
    std::clearerr(to);
    std::fprintf(stderr, "mpwb-run: cannot write the report to %s: %s\n",
                 to == stdout   ? "standard output"
                 : to == stderr ? "standard error"
                                : "its file",
                 std::generic_category().message(error).c_str());
    std::fflush(stderr);
    return false;
}

std::string catalogueText() {
    std::ostringstream out;
    out << "Exercises (mpwb-run run <id> [options]):\n";
    for (const auto* e : exerciseCatalogue()) {
        out << "\n  " << e->id() << "  " << e->title() << "\n    " << e->summary() << "\n";
        for (const auto& p : e->parameters()) {
            out << "    --" << p.name << "  " << p.help;
            if (p.kind == ParameterSpec::Kind::Integer)
                out << " (" << p.minimum << ".." << p.maximum << ", default " << p.defaultValue << ")";
            else if (p.kind == ParameterSpec::Kind::Choice) {
                out << " (";
                for (std::size_t i = 0; i < p.choices.size(); ++i)
                    out << (i ? "|" : "") << p.choices[i];
                out << ", default " << p.defaultText << ")";
            } else {
                out << " (a folder" << (p.mustExist ? " that exists" : "") << ")";
            }
            out << "\n";
        }
        std::string backends;
        for (auto b : e->backends())
            backends += (backends.empty() ? "" : "|") + backendName(b);
        out << "    runs with --backend " << backends
            << (e->usesChunksize() ? "" : "; --chunksize does not apply") << "\n";
    }
    out << "\nCommon options: --backend sequential|threads|gil-threads|processes  --start "
           "fork|spawn|forkserver\n"
           "  --workers 1.."
        << kMaxWorkers
        << "  --chunksize N|auto  --switch-interval-us N (gil-threads)\n"
           "  --cpu-interval-ms N (0: no CPU samples)  --events FILE|-  --json\n";
    return out.str();
}

std::string catalogueJson() {
    json::array list;
    for (const auto* e : exerciseCatalogue()) {
        json::array params;
        for (const auto& p : e->parameters()) {
            json::object o{
                {"name", p.name}, {"label", p.label}, {"help", p.help}, {"kind", parameterKindName(p.kind)}};
            if (p.kind == ParameterSpec::Kind::Integer) {
                o["min"] = p.minimum;
                o["max"] = p.maximum;
                o["default"] = p.defaultValue;
            } else {
                o["default"] = p.defaultText;
            }
            if (p.kind == ParameterSpec::Kind::Choice) {
                json::array choices;
                for (const auto& c : p.choices)
                    choices.push_back(json::string(c));
                o["choices"] = choices;
            }
            if (p.kind == ParameterSpec::Kind::Folder) o["must_exist"] = p.mustExist;
            params.push_back(o);
        }
        json::array backends;
        for (auto b : e->backends())
            backends.push_back(json::string(backendName(b)));
        json::array starts;
        for (auto m : e->startMethods())
            starts.push_back(json::string(startMethodName(m)));
        list.push_back(json::object{{"id", e->id()},
                                    {"title", e->title()},
                                    {"summary", e->summary()},
                                    {"parameters", params},
                                    {"backends", backends},
                                    {"chunksize", e->usesChunksize()},
                                    {"default_workers", e->defaultWorkers()},
                                    {"default_stall_timeout_ms", e->defaultStallTimeout().count()},
                                    {"start_methods", starts},
                                    {"python_sweep", !e->pythonMapFile().empty()}});
    }
    return json::serialize(json::object{{"exercises", list}});
}

} // namespace mpwb
