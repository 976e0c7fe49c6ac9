// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_session.h"

#include <algorithm>

#include "clock.h"
#include "errors.h"

namespace mpwb {

SweepSession::SweepSession(const Exercise& exercise, SweepSpec spec, EventSink* events)
    : m_exercise(exercise), m_spec(std::move(spec)), m_events(events) {
    if (m_spec.workers.empty()) throw BadRequest("a sweep needs at least one worker count", "workers");
    if (m_spec.chunksizes.empty()) m_spec.chunksizes = {0};
    if (m_spec.repeats < 1 || m_spec.repeats > 100)
        throw BadRequest("--repeats must be between 1 and 100, got " + std::to_string(m_spec.repeats),
                         "repeats");
    // Building a session validates workers and parameters before any process starts.
    for (int w : m_spec.workers) {
        auto probe = m_spec.base;
        probe.workers = w;
        RunSession check(exercise, probe, nullptr);
    }
}

void SweepSession::cancel() {
    m_cancelled.store(true);
    if (auto* s = m_current.load()) s->cancel();
}

SweepReport SweepSession::run() {
    SweepReport report;
    HelloEvent hello = describeMachine();
    hello.runId = makeRunId(); // the sweep as a whole is one run of its stream
    report.cores = hello.cores;
    std::vector<SweepPointEvent> points;
    const auto origin = monotonicNs();
    auto publish = [&](EventBody body) {
        if (m_events) m_events->record(Event{monotonicNs() - origin, std::move(body)});
    };
    // A sweep's stream is a stream like any other: hello first, its points, then how it ended.
    publish(hello);
    const RunSpec& base = m_spec.base;
    SweepStartedEvent started{m_exercise.id(),
                              backendName(base.backend),
                              base.backend == Backend::Processes ? startMethodName(base.startMethod) : "",
                              std::vector<std::int64_t>(m_spec.workers.begin(), m_spec.workers.end()),
                              std::vector<std::int64_t>(m_spec.chunksizes.begin(), m_spec.chunksizes.end()),
                              m_spec.repeats,
                              base.params,
                              hello.runId};
    publish(started);
    report.what = started;
    auto finish = [&] {
        if (report.error) publish(*report.error);
        publish(RunFinishedEvent{report.status.empty() ? "error" : report.status, monotonicNs() - origin});
        return report;
    };
    // Only the first run's stream carries CPU samples and chunks would drown the sweep: sweeps report points.
    auto once = [&](RunSpec spec, int repeat) {
        spec.cpuInterval = std::chrono::milliseconds(0);
        RunSession session(m_exercise, spec, nullptr);
        m_current.store(&session);
        if (m_cancelled.load()) session.cancel();
        const auto r = session.run();
        m_current.store(nullptr);
        if (r.status != "ok") {
            report.status = r.status;
            report.error = r.error;
            return false;
        }
        if (!r.result.correct) {
            report.status = "error";
            report.error = ErrorEvent{"wrong-result", "a run gave a wrong answer: " + r.result.value};
            return false;
        }
        points.push_back(
            SweepPointEvent{backendName(spec.backend), spec.workers, r.chunksize, repeat, r.wallNs});
        publish(points.back());
        return true;
    };

    auto seq = m_spec.base;
    seq.backend = Backend::Sequential;
    seq.workers = 1;
    seq.chunksize = 0;
    for (int rep = 0; rep < m_spec.repeats; ++rep)
        if (!once(seq, rep)) return finish();

    for (int w : m_spec.workers)
        for (auto c : m_spec.chunksizes) {
            auto spec = m_spec.base;
            spec.workers = w;
            spec.chunksize = c;
            for (int rep = 0; rep < m_spec.repeats; ++rep)
                if (!once(spec, rep)) return finish();
        }
    report.analysis = analyseSweep(points, report.cores);
    report.status = "ok";
    return finish();
}

} // namespace mpwb
