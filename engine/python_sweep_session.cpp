// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_sweep_session.h"

#include <algorithm>

#include "clock.h"
#include "errors.h"
#include "python_session.h"
#include "run_session.h"
#include "share_dir.h"

namespace mpwb {
std::string findExamples() {
    return findShareDir("examples", "MPWB_EXAMPLES", "sum_squares.py", "the Python examples", "exercise");
}

PythonSweepSession::PythonSweepSession(const Exercise& exercise, PythonSweepSpec spec, EventSink* events)
    : m_exercise(exercise), m_spec(std::move(spec)), m_events(events) {
    if (exercise.pythonMapFile().empty())
        throw BadRequest(
            "the cpython backend sweeps an exercise whose Python version is a pool map taking its "
            "workers and chunksize, and " +
                exercise.id() + "'s is not; run its Python version with 'mpwb-run python' instead",
            "backend");
    if (m_spec.workers.empty()) throw BadRequest("a sweep needs at least one worker count", "workers");
    for (int w : m_spec.workers)
        if (w < 1 || w > kMaxWorkers)
            throw BadRequest("every --workers value must be between 1 and " + std::to_string(kMaxWorkers),
                             "workers");
    if (m_spec.chunksizes.empty()) m_spec.chunksizes = {0};
    if (m_spec.repeats < 1 || m_spec.repeats > 100)
        throw BadRequest("--repeats must be between 1 and 100, got " + std::to_string(m_spec.repeats),
                         "repeats");
    m_values = resolveParameters(exercise, m_spec.params);
    PythonArgs args;
    args.python = m_spec.python;
    args.start = m_spec.start;
    args.script = findExamples() + "/" + exercise.pythonMapFile();
    m_request = checkPythonRequest(args); // the script readable, the Python 3.8+: once for every point
}

void PythonSweepSession::cancel() {
    m_cancelled.store(true);
    if (auto* s = m_current.load()) s->cancel();
}

SweepReport PythonSweepSession::run() {
    SweepReport report;
    HelloEvent hello = describeMachine();
    hello.runId = makeRunId();
    report.cores = hello.cores;
    std::vector<SweepPointEvent> points;
    const auto origin = monotonicNs();
    auto publish = [&](EventBody body) {
        if (m_events) m_events->record(Event{monotonicNs() - origin, std::move(body)});
    };
    publish(hello);
    auto params = m_spec.params;
    params["python"] = m_request.python;
    params["python_version"] = m_request.pythonVersion;
    report.what =
        SweepStartedEvent{m_exercise.id(),
                          "cpython",
                          m_request.startMethod,
                          std::vector<std::int64_t>(m_spec.workers.begin(), m_spec.workers.end()),
                          std::vector<std::int64_t>(m_spec.chunksizes.begin(), m_spec.chunksizes.end()),
                          m_spec.repeats,
                          params,
                          hello.runId};
    publish(report.what);
    auto finish = [&] {
        if (report.error) publish(*report.error);
        publish(RunFinishedEvent{report.status.empty() ? "error" : report.status, monotonicNs() - origin});
        return report;
    };
    // One traced run of the program; its own stream is not kept (a sweep reports points), its error is.
    auto once = [&](const std::string& backend, int workers, std::uint64_t chunksize, int repeat) {
        auto request = m_request;
        request.args = m_exercise.pythonMapArguments(m_values, workers, chunksize);
        PythonSession session(request, nullptr, -1, -1);
        m_current.store(&session);
        if (m_cancelled.load()) session.cancel();
        const auto r = session.run();
        m_current.store(nullptr);
        if (r.status != "ok") {
            report.status = r.status;
            report.error = r.error ? *r.error
                                   : ErrorEvent{"script-failed",
                                                m_exercise.pythonMapFile() + " failed: " +
                                                    (r.signal ? "killed by signal " + std::to_string(r.signal)
                                                              : "exit status " + std::to_string(r.exitCode))};
            return false;
        }
        // The chunksize the program used: the one passed (a resolved "auto" included), 0 for no pool.
        const auto used = workers == 0 ? 0 : std::stoull(request.args.back());
        points.push_back(SweepPointEvent{backend, std::max(workers, 1), used, repeat,
                                         r.scriptNs > 0 ? r.scriptNs : r.wallNs});
        publish(points.back());
        return true;
    };

    for (int rep = 0; rep < m_spec.repeats; ++rep)
        if (!once("sequential", 0, 0, rep)) return finish();
    for (int w : m_spec.workers)
        for (auto c : m_spec.chunksizes)
            for (int rep = 0; rep < m_spec.repeats; ++rep)
                if (!once("cpython", w, c, rep)) return finish();
    report.analysis = analyseSweep(points, report.cores);
    report.status = "ok";
    return finish();
}

} // namespace mpwb
