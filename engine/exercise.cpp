// SPDX-License-Identifier: GPL-3.0-or-later
#include "exercise.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include "errors.h"

namespace mpwb {

ParameterSpec ParameterSpec::integer(std::string name, std::string label, std::string help,
                                     std::int64_t minimum, std::int64_t maximum, std::int64_t defaultValue) {
    ParameterSpec s;
    s.name = std::move(name);
    s.label = std::move(label);
    s.help = std::move(help);
    s.minimum = minimum;
    s.maximum = maximum;
    s.defaultValue = defaultValue;
    return s;
}

ParameterSpec ParameterSpec::choice(std::string name, std::string label, std::string help,
                                    std::vector<std::string> choices, std::string defaultChoice) {
    ParameterSpec s;
    s.kind = Kind::Choice;
    s.name = std::move(name);
    s.label = std::move(label);
    s.help = std::move(help);
    s.choices = std::move(choices);
    s.defaultText = std::move(defaultChoice);
    return s;
}

ParameterSpec ParameterSpec::folder(std::string name, std::string label, std::string help, bool mustExist) {
    ParameterSpec s;
    s.kind = Kind::Folder;
    s.name = std::move(name);
    s.label = std::move(label);
    s.help = std::move(help);
    s.mustExist = mustExist;
    return s;
}

const char* parameterKindName(ParameterSpec::Kind kind) {
    switch (kind) {
    case ParameterSpec::Kind::Integer:
        return "integer";
    case ParameterSpec::Kind::Choice:
        return "choice";
    case ParameterSpec::Kind::Folder:
        return "folder";
    }
    return "integer";
}

std::map<std::string, std::string> ParameterValues::asText() const {
    auto all = texts;
    for (const auto& [k, v] : integers)
        all[k] = std::to_string(v);
    return all;
}

MapOutcome ExerciseRun::runCustom(RunContext&) {
    MapOutcome outcome;
    outcome.status = MapStatus::Failed;
    outcome.error = ErrorEvent{"internal", "this exercise is a map, but it gave no items to map"};
    return outcome;
}

std::vector<Backend> Exercise::backends() const {
    return {Backend::Sequential, Backend::Threads, Backend::GilThreads, Backend::Processes};
}

std::int64_t parseInteger(const std::string& what, const std::string& text) {
    // One number, as Python's int() reads it: an optional sign, digits, and '_' only between two digits
    // (10_000_000). A comma is never a digit separator here: "2,4" is a list, and "10,0" would otherwise
    // become 100 without a word.
    const std::string parameter = what.rfind("--", 0) == 0 ? what.substr(2) : what;
    if (text.find(',') != std::string::npos)
        throw BadRequest(what + " takes one whole number, got '" + text +
                             "': lists of values are only for sweep's --workers and --chunksize, and long "
                             "numbers are grouped with '_' (10_000), not ','",
                         parameter);
    std::string digits;
    bool wellFormed = !text.empty();
    for (std::size_t i = 0; i < text.size() && wellFormed; ++i) {
        const char c = text[i];
        const bool isDigit = c >= '0' && c <= '9';
        if (isDigit || ((c == '-' || c == '+') && i == 0))
            digits.push_back(c);
        else if (c == '_')
            wellFormed = i > 0 && i + 1 < text.size() && text[i - 1] >= '0' && text[i - 1] <= '9' &&
                         text[i + 1] >= '0' && text[i + 1] <= '9';
        else
            wellFormed = false;
    }
    if (!wellFormed || digits.empty() || digits == "-" || digits == "+")
        throw BadRequest(what +
                             " must be a whole number (digits, grouped with '_' if you like: 10_000), got '" +
                             text + "'",
                         parameter);
    errno = 0;
    const long long v = std::strtoll(digits.c_str(), nullptr, 10);
    if (errno == ERANGE) throw BadRequest(what + " is far too large: '" + text + "'", parameter);
    return v;
}

namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string s;
    for (const auto& w : words)
        s += (s.empty() ? "" : ", ") + w;
    return s;
}

void resolveOne(const ParameterSpec& s, const std::string* given, ParameterValues& values) {
    const std::string option = "--" + s.name;
    switch (s.kind) {
    case ParameterSpec::Kind::Integer: {
        const auto v = given ? parseInteger(option, *given) : s.defaultValue;
        if (v < s.minimum || v > s.maximum)
            throw BadRequest(option + " must be between " + std::to_string(s.minimum) + " and " +
                                 std::to_string(s.maximum) + ", got " + std::to_string(v),
                             s.name);
        values.integers[s.name] = v;
        return;
    }
    case ParameterSpec::Kind::Choice: {
        const std::string v = given ? *given : s.defaultText;
        if (std::find(s.choices.begin(), s.choices.end(), v) == s.choices.end())
            throw BadRequest(option + " must be one of " + joined(s.choices) + ", got '" + v + "'", s.name);
        values.texts[s.name] = v;
        return;
    }
    case ParameterSpec::Kind::Folder: {
        const std::string v = given ? *given : s.defaultText;
        if (s.mustExist && !v.empty()) {
            std::error_code ec;
            if (!std::filesystem::exists(v, ec))
                throw BadRequest(option + ": the folder '" + v + "' does not exist", s.name);
            if (!std::filesystem::is_directory(v, ec))
                throw BadRequest(option + ": '" + v + "' is a file, not a folder", s.name);
        }
        values.texts[s.name] = v;
        return;
    }
    }
}

} // namespace

ParameterValues resolveParameters(const Exercise& exercise, const std::map<std::string, std::string>& given) {
    ParameterValues values;
    const auto specs = exercise.parameters();
    for (const auto& [name, text] : given) {
        const bool known = std::any_of(specs.begin(), specs.end(),
                                       [&wanted = name](const ParameterSpec& s) { return s.name == wanted; });
        if (!known) {
            std::string allowed;
            for (const auto& s : specs)
                allowed += (allowed.empty() ? "--" : ", --") + s.name;
            throw BadRequest("'" + exercise.id() + "' has no parameter --" + name + "; it takes " +
                                 (allowed.empty() ? "none" : allowed),
                             name);
        }
    }
    for (const auto& s : specs) {
        const auto it = given.find(s.name);
        resolveOne(s, it == given.end() ? nullptr : &it->second, values);
    }
    return values;
}

} // namespace mpwb
