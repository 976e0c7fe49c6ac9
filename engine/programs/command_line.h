// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Splits "mpwb-run <command> [exercise] --name value --flag ..." into its parts and checks the values that
// are common to every exercise. Exercise parameters are checked by the exercise's own declaration.
//
// The rule for options a run cannot use (--start with threads, --switch-interval-us without gil-threads,
// --stall-timeout without processes, --chunksize for an exercise that does not chunk, --workers with
// sequential): the run is still the run asked for, so it goes ahead, and a warning says the option is
// ignored and why. A value that is malformed or out of range is refused (exit status 2).

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "executor.h"
#include "run_spec.h"

namespace mpwb {

class BadRequest;
class Exercise;

struct CommandLine {
    std::string command;
    std::string exercise;
    std::map<std::string, std::string> options; // "--workers 4" and "--workers=4" both give workers -> 4
    std::map<std::string, std::string> given;   // every option as given; take() leaves this alone
    std::set<std::string> flags;                // --json, --help (also -h), --version
    std::vector<std::string> warnings;          // said on stderr, and in --json's "warnings"

    // Parses; throws BadRequest for a third word, an option given twice, a flag given a value, or an option
    // with no value.
    static CommandLine parse(const std::vector<std::string>& args, const std::set<std::string>& flagNames);

    // Removes and returns an option, or the fallback.
    std::string take(const std::string& name, const std::string& fallback);
    bool has(const std::string& name) const { return given.count(name) > 0; }
    // Says on stderr, now, and keeps it for the --json report.
    void warn(const std::string& text);
};

// "1,2,4" -> those numbers (sweep's lists); each must be one whole number.
std::vector<std::int64_t> parseIntegerList(const std::string& what, const std::string& text);
// "sequential,processes" -> those backends, in that order; throws BadRequest naming `what` for a word that is
// not a backend. An empty text gives an empty list.
std::vector<Backend> parseBackendList(const std::string& what, const std::string& text);

// Warns about every option given that none of the request's backends can use (spec.backend, or compare's
// --backends), and about more workers than 4x the cores (the one count, or the largest of sweep's list).
void warnAboutInapplicable(CommandLine& cl, const Exercise& exercise, const RunSpec& spec,
                           bool workersIsList);

// The one JSON object mpwb-run prints for a request it refused: {"error": {kind, message, parameter},
// "warnings": [...]}.
std::string badRequestJson(const BadRequest& error, const std::vector<std::string>& warnings);
// A report's JSON object with a "warnings" list added, when there are any.
std::string withWarnings(const std::string& reportJson, const std::vector<std::string>& warnings);

} // namespace mpwb
