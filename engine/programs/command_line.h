#pragma once
// Splits "mpwb-run <command> [exercise] --name value --flag ..." into its parts and checks the values that
// are common to every exercise. Exercise parameters are checked by the exercise's own declaration.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "executor.h"

namespace mpwb {

struct CommandLine {
    std::string command;
    std::string exercise;
    std::map<std::string, std::string> options; // "--workers 4" and "--workers=4" both give workers -> 4
    std::set<std::string> flags;                // --json, --help

    // Parses; throws BadRequest for stray words or an option with no value.
    static CommandLine parse(const std::vector<std::string>& args, const std::set<std::string>& flagNames);

    // Removes and returns an option, or the fallback.
    std::string take(const std::string& name, const std::string& fallback);
};

std::vector<std::int64_t> parseIntegerList(const std::string& what, const std::string& text);
// "sequential,processes" -> those backends, in that order; throws BadRequest naming `what` for a word that is
// not a backend. An empty text gives an empty list.
std::vector<Backend> parseBackendList(const std::string& what, const std::string& text);

} // namespace mpwb
