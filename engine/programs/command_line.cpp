// SPDX-License-Identifier: GPL-3.0-or-later
#include "command_line.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <thread>

#include "errors.h"
#include "exercise.h"

namespace mpwb {
namespace json = boost::json;

CommandLine CommandLine::parse(const std::vector<std::string>& args, const std::set<std::string>& flagNames) {
    CommandLine cl;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a == "-h") { // the short form everyone tries first
            cl.flags.insert("help");
            continue;
        }
        if (a.rfind("--", 0) != 0) {
            // Words: the command, then the exercise; a third word has nowhere to go.
            if (a.rfind('-', 0) == 0 && a.size() > 1)
                throw BadRequest("unknown option '" + a + "': options look like --name value");
            if (cl.command.empty())
                cl.command = a;
            else if (cl.exercise.empty())
                cl.exercise = a;
            else
                throw BadRequest("unexpected '" + a + "': 'mpwb-run " + cl.command +
                                 "' takes one exercise and then options that look like --name value");
            continue;
        }
        auto name = a.substr(2);
        std::string value;
        bool hasValue = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasValue = true;
        }
        if (name.empty()) throw BadRequest("'" + a + "' names no option: options look like --name value");
        if (flagNames.count(name)) {
            if (hasValue) throw BadRequest("--" + name + " takes no value, got '" + value + "'", name);
            cl.flags.insert(name);
            continue;
        }
        if (!hasValue) {
            if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
                throw BadRequest("--" + name + " needs a value", name);
            value = args[++i];
        }
        if (const auto before = cl.given.find(name); before != cl.given.end())
            throw BadRequest("--" + name + " is given twice ('" + before->second + "' and '" + value +
                                 "'); give it once",
                             name);
        cl.given[name] = value;
        cl.options[name] = value;
    }
    return cl;
}

std::string CommandLine::take(const std::string& name, const std::string& fallback) {
    auto it = options.find(name);
    if (it == options.end()) return fallback;
    auto v = it->second;
    options.erase(it);
    return v;
}

void CommandLine::warn(const std::string& text) {
    std::fprintf(stderr, "mpwb-run: warning: %s\n", text.c_str());
    warnings.push_back(text);
}

std::vector<std::int64_t> parseIntegerList(const std::string& what, const std::string& text) {
    std::vector<std::int64_t> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        out.push_back(parseInteger(what, part));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::vector<Backend> parseBackendList(const std::string& what, const std::string& text) {
    std::vector<Backend> out;
    if (text.empty()) return out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto backend = parseBackend(part);
        if (!backend)
            throw BadRequest(what +
                                 " must list backends from sequential, gil-threads, threads, processes, "
                                 "separated by commas; '" +
                                 part + "' is not one",
                             what.rfind("--", 0) == 0 ? what.substr(2) : what);
        out.push_back(*backend);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

namespace {

// The backends a request will run: the one asked for, or for compare its --backends (all the exercise's when
// none are named).
std::vector<Backend> backendsInPlay(const CommandLine& cl, const Exercise& exercise, Backend chosen) {
    if (cl.command != "compare") return {chosen};
    const auto it = cl.given.find("backends");
    auto list = parseBackendList("--backends", it == cl.given.end() ? "" : it->second);
    return list.empty() ? exercise.backends() : list;
}

// The largest worker count the request will run: the one number, or the largest of sweep's list.
std::int64_t mostWorkersOf(const CommandLine& cl, const RunSpec& spec, bool workersIsList) {
    if (!workersIsList) return spec.workers;
    const auto it = cl.given.find("workers");
    const auto list = parseIntegerList("--workers", it == cl.given.end() ? "1,2" : it->second);
    return *std::max_element(list.begin(), list.end());
}

} // namespace

void warnAboutInapplicable(CommandLine& cl, const Exercise& exercise, const RunSpec& spec,
                           bool workersIsList) {
    const auto backends = backendsInPlay(cl, exercise, spec.backend);
    const auto mostWorkers = mostWorkersOf(cl, spec, workersIsList);
    const auto uses = [&](Backend b) {
        return std::find(backends.begin(), backends.end(), b) != backends.end();
    };
    std::string which;
    for (auto b : backends)
        which += (which.empty() ? "" : ", ") + backendName(b);
    const std::string thisRun =
        (cl.command == "compare" ? "these backends (" + which + ")" : "a " + which + " run");
    if (cl.has("start") && !uses(Backend::Processes))
        cl.warn("--start is ignored: only the processes backend starts processes, and " + thisRun +
                " starts none");
    if (cl.has("switch-interval-us") && !uses(Backend::GilThreads))
        cl.warn("--switch-interval-us is ignored: only gil-threads share an interpreter lock that switches, "
                "and " +
                thisRun + " has none");
    if (cl.has("stall-timeout") && !uses(Backend::Processes))
        cl.warn("--stall-timeout is ignored: only the processes backend watches for stalled workers (a stuck "
                "thread cannot be stopped from outside its process), and " +
                thisRun + " has none");
    if (cl.has("chunksize") && !exercise.usesChunksize())
        cl.warn("--chunksize is ignored: '" + exercise.id() + "' does not hand out its work in chunks");
    const bool onlySequential =
        !backends.empty() &&
        std::all_of(backends.begin(), backends.end(), [](Backend b) { return b == Backend::Sequential; });
    if (onlySequential && cl.has("workers") && cl.given.at("workers") != "1")
        cl.warn("--workers is ignored: a sequential run is one worker, the program itself");
    const std::int64_t cores = std::max(1u, std::thread::hardware_concurrency());
    if (!onlySequential && mostWorkers > 4 * cores)
        cl.warn(std::to_string(mostWorkers) + " workers on " + std::to_string(cores) + " cores: at most " +
                std::to_string(cores) +
                " can run at once and the rest wait their turn, "
                "while each still costs its start-up, its memory and the switching between them; expect it "
                "to be slower than " +
                std::to_string(cores) + " workers, not faster");
}

namespace {

json::array warningArray(const std::vector<std::string>& warnings) {
    json::array list;
    for (const auto& w : warnings)
        list.push_back(json::string(w));
    return list;
}

} // namespace

std::string badRequestJson(const BadRequest& error, const std::vector<std::string>& warnings) {
    json::object e{{"kind", "bad-request"}, {"message", error.what()}};
    if (!error.parameter().empty()) e["parameter"] = error.parameter();
    json::object o{{"error", e}};
    if (!warnings.empty()) o["warnings"] = warningArray(warnings);
    return json::serialize(o);
}

std::string withWarnings(const std::string& reportJson, const std::vector<std::string>& warnings) {
    if (warnings.empty()) return reportJson;
    boost::system::error_code ec;
    auto value = json::parse(reportJson, ec);
    if (ec || !value.is_object()) return reportJson; // not ours to repair; the warnings went to stderr
    value.as_object()["warnings"] = warningArray(warnings);
    return json::serialize(value) + (reportJson.size() && reportJson.back() == '\n' ? "\n" : "");
}

} // namespace mpwb
