// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `mpwb-run python [--python PATH] [--start fork|spawn|forkserver] [--events FILE|-] [--json] SCRIPT.py
// [ARGS...]`: its words split, and everything checked before the script starts (throws BadRequest, naming
// the option at fault and what is allowed).

#include <string>
#include <vector>

namespace mpwb {

struct PythonArgs {
    std::string python = "python3";
    std::string start; // "" when not given
    std::string events;
    bool json = false, help = false;
    std::string script;
    std::vector<std::string> scriptArgs;
    std::vector<std::string> given; // the runner's options given, without "--", in order
};

// Runner options come before the script; every word after it is the script's, however it looks.
PythonArgs parsePythonArgs(const std::vector<std::string>& args);

struct PythonRequest {
    std::string script;   // absolute
    std::string exercise; // the exercise whose Python version the script is, by file name; else ""
    std::vector<std::string> args;
    std::string python; // as found on PATH, or as given
    std::string pythonVersion;
    std::string startMethod; // as asked, or this Python's default (the script's hello has the last word)
    bool startGiven = false;
    std::string tracerDir;
};

// Checks the script, the Python (by running it) and finds the tracer: $MPWB_TRACER, then
// ../share/mpwb/tracer beside this program.
PythonRequest checkPythonRequest(const PythonArgs& args);

// The tracer's directory, or BadRequest naming every place looked.
std::string findTracer();

// "a 'b c' \"d\"": each argument quoted when it needs it, for run_started's params.args.
std::string quoteArgs(const std::vector<std::string>& args);

} // namespace mpwb
