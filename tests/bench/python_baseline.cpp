// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_baseline.h"

#include <boost/json.hpp> // compiled once, by the engine's event_json.cpp
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace mpwb::bench {
namespace json = boost::json;
namespace {

// Single quotes keep the shell from reading anything inside; a quote itself is closed, escaped and reopened.
std::string shellQuoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

Samples samplesOf(const json::value& v) {
    Samples s;
    for (const auto& x : v.as_array())
        s.values.push_back(x.to_number<double>());
    return s;
}

std::uint64_t countOf(const json::object& o, const char* key) {
    return o.at(key).to_number<std::uint64_t>();
}

PythonBaseline fromJson(const json::object& root, int workers) {
    PythonBaseline py;
    py.version = std::string(root.at("python").as_string());
    for (const auto& v : root.at("overhead").as_array()) {
        const auto& o = v.as_object();
        py.overhead.push_back({{countOf(o, "chunksize"), countOf(o, "items")},
                               samplesOf(o.at("pool_s")),
                               samplesOf(o.at("sequential_s"))});
    }
    const auto& sum = root.at("sum_squares").as_object();
    py.sumSquares.n = countOf(sum, "n");
    py.sumSquares.block = countOf(sum, "block");
    py.sumSquares.chunksize = countOf(sum, "chunksize");
    py.sumSquares.sequential = samplesOf(sum.at("sequential_s"));
    py.sumSquares.rows.push_back({"python-processes", workers, samplesOf(sum.at("pool_s"))});
    for (const auto& v : root.at("startup").as_array()) {
        const auto& o = v.as_object();
        py.startup.push_back({std::string(o.at("method").as_string()), samplesOf(o.at("per_worker_s")), {}});
    }
    return py;
}

} // namespace

std::string findOnPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const auto candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

PythonBaseline runPythonBaseline(const std::string& python, const BenchConfig& config) {
    if (::access(config.pythonScript.c_str(), R_OK) != 0)
        throw std::runtime_error("cannot read " + config.pythonScript);
    std::string sizes;
    for (const auto& s : config.overheadSizes)
        sizes += (sizes.empty() ? "" : ",") + std::to_string(s.chunksize) + ":" + std::to_string(s.items);
    const std::string command = shellQuoted(python) + " " + shellQuoted(config.pythonScript) + " --workers " +
                                std::to_string(config.cores) + " --repeats " +
                                std::to_string(config.repeats) + " --overhead " + sizes + " --sum-n " +
                                std::to_string(config.pythonSumN) + " --sum-block " +
                                std::to_string(config.sumBlock);

    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("cannot start " + python);
    std::string output;
    char buffer[4096];
    while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe.get()))
        output.append(buffer, n);
    const int status = ::pclose(pipe.release());
    if (status != 0 || output.empty())
        throw std::runtime_error(python + " " + config.pythonScript + " failed (wait status " +
                                 std::to_string(status) + ")");
    try {
        return fromJson(json::parse(output).as_object(), config.cores);
    } catch (const std::exception& e) {
        throw std::runtime_error("unexpected output from " + config.pythonScript + ": " + e.what());
    }
}

} // namespace mpwb::bench
