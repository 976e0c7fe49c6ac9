// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare_session.h"

#include <algorithm>
#include <limits>

#include "clock.h"
#include "errors.h"
#include "run_capture.h"
#include "speedup_wording.h"

namespace mpwb {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The order a lesson tells it in: the baseline, the threads that cannot help, those that can, processes.
const Backend kTeachingOrder[] = {Backend::Sequential, Backend::GilThreads, Backend::Threads,
                                  Backend::Processes};

// Work per second, so a run whose work grows with its workers (each adds M to a counter) compares fairly.
double workRate(const RunReport& r) {
    return r.wallNs > 0 ? static_cast<double>(r.items) / (static_cast<double>(r.wallNs) / 1e9) : kNaN;
}

} // namespace

CompareSession::CompareSession(const Exercise& exercise, CompareSpec spec, EventSink* events)
    : m_exercise(exercise), m_spec(std::move(spec)), m_events(events) {
    const auto supported = exercise.backends();
    auto supports = [&](Backend b) {
        return std::find(supported.begin(), supported.end(), b) != supported.end();
    };
    if (m_spec.backends.empty())
        for (auto b : kTeachingOrder)
            if (supports(b)) m_spec.backends.push_back(b);
    std::string allowed;
    for (auto b : supported)
        allowed += (allowed.empty() ? "" : ", ") + backendName(b);
    for (std::size_t i = 0; i < m_spec.backends.size(); ++i) {
        const auto b = m_spec.backends[i];
        if (!supports(b))
            throw BadRequest("--backends: '" + exercise.id() + "' runs only with " + allowed +
                                 ", so it cannot be compared on " + backendName(b),
                             "backends");
        if (std::find(m_spec.backends.begin(), m_spec.backends.begin() + static_cast<std::ptrdiff_t>(i), b) !=
            m_spec.backends.begin() + static_cast<std::ptrdiff_t>(i))
            throw BadRequest("--backends names " + backendName(b) + " twice; each backend runs once",
                             "backends");
    }
    // Building a session checks workers, start method and parameters for that backend; nothing starts yet.
    for (auto b : m_spec.backends) {
        auto probe = m_spec.base;
        probe.backend = b;
        RunSession check(exercise, probe, nullptr);
    }
}

void CompareSession::cancel() {
    m_cancelled.store(true);
    if (auto* s = m_current.load()) s->cancel();
}

CompareReport CompareSession::run() {
    const auto origin = monotonicNs();
    CompareReport report;
    report.exercise = m_exercise.id();
    report.params = resolveParameters(m_exercise, m_spec.base.params).asText();
    report.cores = describeMachine().cores;
    report.backends = m_spec.backends;

    for (auto backend : m_spec.backends) {
        if (m_cancelled.load()) {
            report.status = "cancelled";
            report.error = ErrorEvent{"cancelled", "the compare was cancelled before the " +
                                                       backendName(backend) + " run"};
            break;
        }
        auto spec = m_spec.base;
        spec.backend = backend;
        RunCapture capture(m_events);
        RunSession session(m_exercise, spec, &capture);
        CompareRun run;
        run.backend = backend;
        m_current.store(&session);
        if (m_cancelled.load()) session.cancel();
        run.startedNs = monotonicNs() - origin;
        run.report = session.run();
        run.finishedNs = monotonicNs() - origin;
        m_current.store(nullptr);

        if (run.report.status != "ok") {
            report.status = run.report.status;
            report.stoppedIn = backendName(backend);
            report.error = run.report.error;
            if (report.error && run.report.status == "error")
                report.error->message =
                    "The " + backendName(backend) + " run failed: " + report.error->message;
            break;
        }
        const auto started = capture.started();
        run.workers = started ? started->workers : spec.workers;
        run.startMethod = started ? started->startMethod : "";
        run.workerCpuSeconds = capture.workerCpuSeconds();
        const auto load = capture.loadSamples();
        run.coresBusy = averageRunCores(load);
        run.otherCores = averageOtherCores(load);
        report.runs.push_back(std::move(run));
    }
    // A stop asked for after the last run began still counts: whoever asked gets a cancelled compare.
    if (report.status.empty() && m_cancelled.load()) {
        report.status = "cancelled";
        report.error = ErrorEvent{"cancelled", "the compare was cancelled"};
    }
    if (report.status.empty()) report.status = "ok";

    const auto baseline = std::find_if(report.runs.begin(), report.runs.end(),
                                       [](const CompareRun& r) { return r.backend == Backend::Sequential; });
    std::vector<BackendOutcome> outcomes;
    for (auto& run : report.runs) {
        run.speedup =
            baseline == report.runs.end() ? kNaN : workRate(run.report) / workRate(baseline->report);
        outcomes.push_back(BackendOutcome{backendName(run.backend), run.speedup, run.coresBusy,
                                          run.otherCores, run.report.result.correct});
    }
    if (report.status == "ok") report.verdict = describeComparison(outcomes, report.cores);
    return report;
}

} // namespace mpwb
