// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench_report.h"

#include <boost/json.hpp> // compiled once, by the engine's event_json.cpp
#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace mpwb::bench {
namespace json = boost::json;
namespace {

__attribute__((format(printf, 2, 3))) void appendf(std::string& out, const char* fmt, ...) {
    char buf[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    out += buf;
}

std::string verdict(const std::vector<TargetCheck>& targets, const std::string& key) {
    const auto* t = findTarget(targets, key);
    return t ? t->limit + "  " + t->status : "";
}

std::string formatted(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

const OverheadRow* pythonRowFor(const BenchResults& r, std::uint64_t chunksize) {
    if (!r.python) return nullptr;
    for (const auto& row : r.python->overhead)
        if (row.size.chunksize == chunksize) return &row;
    return nullptr;
}

void speedupLine(std::string& out, const char* name, const SpeedupRow& row, double sequential,
                 double available, const std::string& target) {
    const double s = mpwb::speedup(sequential, row.wall.median());
    appendf(out, "  %-22s %8.3f %8.2fx %9.0f%% %11.0f%%", name, row.wall.median(), s,
            100 * mpwb::efficiency(s, row.workers), 100 * s / available);
    out += target.empty() ? "\n" : "   " + target + "\n";
}

json::array arrayOf(const Samples& s) {
    json::array a;
    for (const double v : s.values)
        a.push_back(v);
    return a;
}

// NaN and infinities are not JSON numbers; null says "not measured" instead.
json::value number(double v) {
    return std::isfinite(v) ? json::value(v) : json::value(nullptr);
}

json::object timesOf(const Samples& s) {
    return {{"median", number(s.median())}, {"repeats", arrayOf(s)}};
}

json::array overheadJson(const std::vector<OverheadRow>& rows) {
    json::array a;
    for (const auto& row : rows)
        a.push_back(json::object{{"chunksize", row.size.chunksize},
                                 {"items", row.size.items},
                                 {"pool_s", timesOf(row.pool)},
                                 {"sequential_s", timesOf(row.sequential)},
                                 {"overhead_us_per_item", number(row.overheadUsPerItem())},
                                 {"pool_us_per_item", number(row.poolUsPerItem())}});
    return a;
}

json::object speedupJson(const SpeedupResult& r) {
    json::object o{
        {"n", r.n}, {"block", r.block}, {"chunksize", r.chunksize}, {"sequential_s", timesOf(r.sequential)}};
    json::array rows;
    for (const auto& row : r.rows) {
        const double s = mpwb::speedup(r.sequential.median(), row.wall.median());
        rows.push_back(json::object{{"backend", row.backend},
                                    {"workers", row.workers},
                                    {"wall_s", timesOf(row.wall)},
                                    {"speedup", number(s)},
                                    {"efficiency", number(mpwb::efficiency(s, row.workers))}});
    }
    o["parallel"] = std::move(rows);
    return o;
}

json::array startupJson(const std::vector<StartupRow>& rows) {
    json::array a;
    for (const auto& row : rows) {
        json::object o{{"method", row.method}, {"per_worker_s", timesOf(row.perWorker)}};
        if (!row.eachWorker.values.empty()) o["each_worker_s"] = timesOf(row.eachWorker);
        a.push_back(std::move(o));
    }
    return a;
}

} // namespace

std::string textReport(const BenchResults& r, const std::vector<TargetCheck>& targets) {
    const auto& c = r.config;
    const double available = r.parallelism.median();
    std::string out;
    appendf(out, "MP Workbench benchmarks%s on %s, %d cores%s%s\n", c.quick ? " (quick)" : "",
            r.machine.c_str(), c.cores, r.python ? ", Python " : "",
            r.python ? r.python->version.c_str() : "");
    appendf(out,
            "Every figure is the median of %d repeats (events: %d); ratios compare medians of this run.\n",
            c.repeats, c.eventRepeats);
    if (!r.python) appendf(out, "No Python column: %s\n", r.pythonMissing.c_str());

    appendf(out, "\n1. Available parallelism: %d spin processes at once vs one alone (ideal %d.00)\n",
            c.cores, c.cores);
    appendf(out, "  at start %.2f   at end %.2f   median %.2f\n", r.parallelism.atStart.median(),
            r.parallelism.atEnd.median(), available);

    appendf(out,
            "\n2. Per-item overhead, task \"square\", processes/fork, %d workers, pool already started\n",
            c.cores);
    appendf(out, "  overhead = (pool wall - sequential wall of the same map) / M; (pool) = pool wall / M\n");
    appendf(out, "  %9s %9s %12s %10s %12s %10s %12s\n", "chunksize", "M", "mpwb us", "(pool)", "Python us",
            "(pool)", "mpwb/Python");
    for (const auto& row : r.overhead) {
        appendf(out, "  %9llu %9llu %12.3f %10.3f", static_cast<unsigned long long>(row.size.chunksize),
                static_cast<unsigned long long>(row.size.items), row.overheadUsPerItem(),
                row.poolUsPerItem());
        if (const auto* py = pythonRowFor(r, row.size.chunksize)) {
            appendf(out, " %12.3f %10.3f %12.3f", py->overheadUsPerItem(), py->poolUsPerItem(),
                    row.overheadUsPerItem() / py->overheadUsPerItem());
            if (row.size.chunksize == 1)
                appendf(out, "   %s", verdict(targets, "overhead-share-of-python").c_str());
        }
        out += "\n";
    }

    const auto& s = r.speedup;
    appendf(out, "\n3. Speedup on sum-squares at workers = %d (map wall, workers already started)\n",
            c.cores);
    appendf(out, "  mpwb: n = %llu, block %llu, chunksize %llu (auto)\n",
            static_cast<unsigned long long>(s.n), static_cast<unsigned long long>(s.block),
            static_cast<unsigned long long>(s.chunksize));
    appendf(out, "  %-22s %8s %9s %10s %12s   %s\n", "backend", "wall s", "speedup", "efficiency",
            "of available", "target");
    appendf(out, "  %-22s %8.3f %8.2fx\n", "sequential", s.sequential.median(), 1.0);
    for (const auto& row : s.rows) {
        const auto name = row.backend == "processes" ? std::string("processes (fork)") : row.backend;
        speedupLine(out, name.c_str(), row, s.sequential.median(), available,
                    verdict(targets, row.backend + "-speedup"));
    }
    if (r.python) {
        const auto& p = r.python->sumSquares;
        appendf(out, "  Python: n = %llu, block %llu, chunksize %llu (same rule)\n",
                static_cast<unsigned long long>(p.n), static_cast<unsigned long long>(p.block),
                static_cast<unsigned long long>(p.chunksize));
        appendf(out, "  %-22s %8.3f %8.2fx\n", "plain loop", p.sequential.median(), 1.0);
        speedupLine(out, "ProcessPoolExecutor", p.rows.front(), p.sequential.median(), available, "");
    }

    appendf(out, "\n4. Worker start-up, pool of %d workers (ms per worker)\n", c.cores);
    appendf(out,
            "  per worker = (ask for the pool .. every worker ready) / workers; each = one worker's own\n");
    appendf(out, "  %-8s %12s %10s %12s %12s\n", "method", "mpwb", "(each)", "Python", "mpwb/Python");
    for (std::size_t i = 0; i < r.startup.size(); ++i) {
        const auto& row = r.startup[i];
        appendf(out, "  %-8s %12.3f %10.3f", row.method.c_str(), 1e3 * row.perWorker.median(),
                1e3 * row.eachWorker.median());
        if (r.python && i < r.python->startup.size()) {
            const double py = r.python->startup[i].perWorker.median();
            appendf(out, " %12.3f %12.3f", 1e3 * py, row.perWorker.median() / py);
        }
        out += "\n";
    }

    const auto& e = r.events;
    appendf(out,
            "\n5. Events on vs off: sum-squares n = %llu, block %llu, chunksize %llu, processes/fork, %d "
            "workers\n",
            static_cast<unsigned long long>(e.n), static_cast<unsigned long long>(e.block),
            static_cast<unsigned long long>(e.chunksize), c.cores);
    appendf(out, "  whole run; on = ChunkAggregator -> JsonLinesSink(/dev/null), off = no sink\n");
    appendf(out, "  off %.3f s   on %.3f s   on/off %.3f   %s\n", e.off.median(), e.on.median(), e.ratio(),
            verdict(targets, "events-slowdown").c_str());

    appendf(out, "\nTargets\n");
    for (const auto& t : targets)
        appendf(out, "  %-50s %8s  %-8s %s\n", t.label.c_str(),
                std::isfinite(t.value) ? formatted(t.value).c_str() : "-", t.limit.c_str(), t.status.c_str());
    return out;
}

std::string jsonReport(const BenchResults& r, const std::vector<TargetCheck>& targets) {
    const auto& c = r.config;
    json::object root;
    root["machine"] = r.machine;
    root["cores"] = c.cores;
    root["repeats"] = c.repeats;
    root["event_repeats"] = c.eventRepeats;
    root["quick"] = c.quick;
    root["available_parallelism"] = json::object{{"processes", r.parallelism.processes},
                                                 {"median", number(r.parallelism.median())},
                                                 {"at_start", timesOf(r.parallelism.atStart)},
                                                 {"at_end", timesOf(r.parallelism.atEnd)}};
    json::object mpwbFigures{{"item_overhead", overheadJson(r.overhead)},
                             {"speedup", speedupJson(r.speedup)},
                             {"startup", startupJson(r.startup)}};
    mpwbFigures["events"] = json::object{{"n", r.events.n},
                                         {"block", r.events.block},
                                         {"chunksize", r.events.chunksize},
                                         {"off_s", timesOf(r.events.off)},
                                         {"on_s", timesOf(r.events.on)},
                                         {"ratio", number(r.events.ratio())}};
    root["mpwb"] = std::move(mpwbFigures);
    if (r.python)
        root["python"] = json::object{{"version", r.python->version},
                                      {"item_overhead", overheadJson(r.python->overhead)},
                                      {"speedup", speedupJson(r.python->sumSquares)},
                                      {"startup", startupJson(r.python->startup)}};
    else
        root["python"] = json::object{{"missing", r.pythonMissing}};
    json::array checks;
    for (const auto& t : targets)
        checks.push_back(json::object{{"key", t.key},
                                      {"label", t.label},
                                      {"value", number(t.value)},
                                      {"limit", t.limit},
                                      {"status", t.status}});
    root["targets"] = std::move(checks);
    return json::serialize(root) + "\n";
}

} // namespace mpwb::bench
