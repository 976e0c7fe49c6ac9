#pragma once
// What an exercise plugs into the engine: its identity, its parameters (with ranges, so runners and the
// GUI can validate before anything starts), the work it maps, and the check of its own answer. Adding an
// exercise touches exercises/ and lessons/ only.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "events.h"
#include "map_job.h"

namespace mpwb {

struct ParameterSpec {
    std::string name;  // as on the command line, without "--"
    std::string label; // for people
    std::string help;
    std::int64_t minimum = 0;
    std::int64_t maximum = 0;
    std::int64_t defaultValue = 0;
};

using ParameterValues = std::map<std::string, std::int64_t>;

// The work of one run, built from validated parameters.
class ExerciseRun {
public:
    virtual ~ExerciseRun() = default;
    virtual std::string task() const = 0;
    virtual const ItemSource& items() const = 0;
    virtual ResultSink& results() = 0;
    // After a successful map: the answer and the exercise's own checks.
    virtual ResultEvent finish() = 0;
};

class Exercise {
public:
    virtual ~Exercise() = default;
    virtual std::string id() const = 0;
    virtual std::string title() const = 0;
    virtual std::string summary() const = 0;
    virtual std::vector<ParameterSpec> parameters() const = 0;
    // The plain Python program the lesson shows for the same work.
    virtual std::string pythonSource() const = 0;
    virtual std::unique_ptr<ExerciseRun> prepare(const ParameterValues& values) const = 0;
};

// Fills in defaults and checks every value against its range; throws BadRequest naming the parameter, the
// value and what is allowed. Unknown names are rejected too.
ParameterValues resolveParameters(const Exercise& exercise, const std::map<std::string, std::string>& given);

// Parses a whole decimal integer (no trailing junk); throws BadRequest naming `what`.
std::int64_t parseInteger(const std::string& what, const std::string& text);

} // namespace mpwb
