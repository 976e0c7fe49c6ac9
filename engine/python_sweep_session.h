// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A sweep of an exercise's own Python version under real CPython (`mpwb-run sweep EXERCISE --backend
// cpython`): the same grid of workers x chunksizes x repeats as an engine sweep, each point one traced run
// of the program, after a sequential baseline of the same program with no pool. Its stream is a sweep's
// stream (hello, sweep_started with backend "cpython", sweep_point, run_finished), so the GUI overlays it on
// the engine's sweep of the same work: CPython's cost per item seen beside the engine's.
//
// A point's time runs from the script's process saying hello (Python's own start-up done) to its end: the
// pool's start, the work and the shutdown, as the engine's points measure their pools. Python's start-up,
// the same for every point, is left out.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "events.h"
#include "exercise.h"
#include "python_request.h"
#include "sweep_session.h"

namespace mpwb {

class PythonSession;

struct PythonSweepSpec {
    std::string exercise;
    std::map<std::string, std::string> params; // the exercise's own, as given
    std::vector<int> workers;
    std::vector<std::uint64_t> chunksizes; // empty or {0}: the exercise's default rule
    int repeats = 3;
    std::string python = "python3";
    std::string start; // "" : the Python's default
};

class PythonSweepSession {
public:
    // Checks everything before any process starts (throws BadRequest): an exercise whose Python version is
    // a pool map, its parameters, the grid, the Python and the program's file among the examples.
    PythonSweepSession(const Exercise& exercise, PythonSweepSpec spec, EventSink* events);
    SweepReport run();
    void cancel(); // safe from a signal handler

    const PythonRequest& request() const { return m_request; }

private:
    const Exercise& m_exercise;
    PythonSweepSpec m_spec;
    ParameterValues m_values;
    PythonRequest m_request; // the script and the Python, checked once; each point sets its arguments
    EventSink* m_events;
    std::atomic<PythonSession*> m_current{nullptr};
    std::atomic<bool> m_cancelled{false};
};

// The examples folder ($MPWB_EXAMPLES, else share/mpwb/examples beside this program), or BadRequest.
std::string findExamples();

} // namespace mpwb
