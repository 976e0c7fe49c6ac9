// SPDX-License-Identifier: GPL-3.0-or-later
#include "exercise_help.h"

#include <sstream>
#include <thread>

namespace mpwb {
namespace {

std::string joined(const std::vector<std::string>& words, const char* between) {
    std::string s;
    for (const auto& w : words)
        s += (s.empty() ? "" : between) + w;
    return s;
}

// 10000000 -> 10_000_000: the way the option accepts it back.
std::string grouped(std::int64_t v) {
    auto digits = std::to_string(v < 0 ? -v : v);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), "_");
    return (v < 0 ? "-" : "") + digits;
}

void describeParameter(std::ostringstream& out, const ParameterSpec& p) {
    out << "  --" << p.name << "  " << p.label << ": " << p.help << "\n      ";
    switch (p.kind) {
    case ParameterSpec::Kind::Integer:
        out << "a whole number from " << grouped(p.minimum) << " to " << grouped(p.maximum) << "; default "
            << grouped(p.defaultValue);
        break;
    case ParameterSpec::Kind::Choice:
        out << "one of " << joined(p.choices, ", ") << "; default " << p.defaultText;
        break;
    case ParameterSpec::Kind::Folder:
        out << "a folder" << (p.mustExist ? " that exists" : "") << "; default "
            << (p.defaultText.empty() ? "none" : p.defaultText);
        break;
    }
    out << "\n";
}

} // namespace

std::string exerciseHelpText(const Exercise& e, const std::string& command) {
    const bool sweep = command == "sweep";
    const bool compare = command == "compare";
    std::ostringstream out;
    out << "usage: mpwb-run " << command << " " << e.id() << " [options]\n\n"
        << e.id() << ": " << e.title() << "\n  " << e.summary() << "\n\n";
    const auto params = e.parameters();
    out << "Its parameters:\n";
    if (params.empty()) out << "  none\n";
    for (const auto& p : params)
        describeParameter(out, p);

    std::vector<std::string> backends, starts;
    for (auto b : e.backends())
        backends.push_back(backendName(b));
    for (auto m : e.startMethods())
        starts.push_back(startMethodName(m));
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const auto workersDefault = e.defaultWorkers() > 0 ? std::to_string(e.defaultWorkers())
                                                       : "one per core (" + std::to_string(cores) + " here)";
    out << "\nOptions for every exercise:\n";
    if (compare)
        out << "  --backends LIST      the backends to compare, from " << joined(backends, ",")
            << "; default all of them\n";
    else
        out << "  --backend NAME       " << joined(backends, ", ") << "; default processes\n";
    if (starts.empty())
        out << "  --start              does not apply: this exercise cannot start processes both ways\n";
    else
        out << "  --start METHOD       how worker processes start (processes only): " << joined(starts, ", ")
            << "; default fork\n";
    if (sweep && !e.pythonMapFile().empty())
        out << "  --backend cpython    sweep " << e.pythonMapFile()
            << ", this exercise's Python version, under real CPython\n"
               "                       instead, the same work and grid (--python PATH: which Python)\n";
    if (sweep)
        out << "  --workers LIST       worker counts to measure, e.g. 1,2,4; default 1,2\n"
            << "  --repeats N          runs per point, 1 to 100; default 3\n";
    else
        out << "  --workers N          1 to " << kMaxWorkers << "; default " << workersDefault
            << " (more than 4 per core gets a warning)\n";
    if (!e.usesChunksize())
        out << "  --chunksize          does not apply: this exercise does not hand out its work in chunks\n";
    else if (sweep)
        out << "  --chunksize LIST     chunksizes to measure, e.g. 1,100,10000, or auto; default auto\n";
    else
        out << "  --chunksize N|auto   items per chunk; default auto\n";
    out << "  --stall-timeout S    seconds a worker process may hold work without finishing an item before "
           "the run\n"
           "                       ends as stalled (processes only); default "
        << e.defaultStallTimeout().count() / 1000.0 << " s for this exercise\n"
        << "  --switch-interval-us N  how often the interpreter lock is offered to another thread "
           "(gil-threads only);\n"
           "                       1 to 10_000_000; default 5_000\n"
        << "  --cpu-interval-ms N  how often CPU use is sampled, 0 to 60_000 (0: never); default 100\n"
        << "  --events FILE|-      write the event stream to FILE, or to standard output\n"
        << "  --json               print the report as one JSON object\n"
        << "Numbers are single whole numbers; group long ones with '_' (10_000_000). An option the chosen "
           "backend\ncannot use is ignored with a warning.\n";
    return out.str();
}

} // namespace mpwb
