// SPDX-License-Identifier: GPL-3.0-or-later
// ExercisePage's sweeps: the engine's, and after it, when asked for, CPython's of the same work and grid.
#include <QThread>

#include "exercise_page.h"
#include "prediction_outcome.h"
#include "run_controls_panel.h"
#include "run_library.h"
#include "run_views_panel.h"
#include "sweep_controls.h"

namespace mpwb {

void ExercisePage::startSweep() {
    if (isRunning() || engineBusy()) return;
    QString why;
    const auto args = m_controls->sweep()->arguments(*m_form, &why);
    if (args.isEmpty()) {
        m_controls->setResult("<b>" + tr("Not started:") + "</b> " + why.toHtmlEscaped());
        return;
    }
    m_cpythonSweep =
        m_controls->sweep()->alsoCPython() ? SweepControls::cpythonArguments(args) : QStringList{};
    m_engineSweep = nullptr;
    m_sweepTotal = m_controls->sweep()->runCount();
    m_cancelled = false;
    m_controls->clearResult();
    m_views->showTab(m_controls->sweep()->variesOnlyChunksize() ? tr("Chunksize") : tr("Speedup"));
    beginPhase(Phase::Sweep, args);
}

void ExercisePage::showSweepSummary(RunModel* sweep) {
    showRun(sweep); // the sweep views and the prediction belong to it, whatever was on screen
    const auto& data = sweep->data();
    const auto summary = summariseSweep(data.sweepPoints.size(), m_views->fittedParallelFraction(),
                                        m_views->bestChunksize(), m_busyBeforeRun, machineCores(data));
    m_controls->setResult(summary.html);
    m_measures = summary.measures;
    m_outcome->resolve(m_measures, sweep->id(), &sweep->data());
    showOutcomeOf(sweep);
}

void ExercisePage::sweepFinished(RunModel* sweep) {
    m_views->setLastSweep(sweep);
    if (m_phase == Phase::PythonSweep) {
        // The engine's sweep keeps the prediction and the summary; CPython's is shown beside it.
        showRun(sweep);
        m_controls->setResult(tr("CPython's sweep of the same work is on the compare page, beside the "
                                 "engine's: the same chunksizes, Python's own cost per item."));
        setIdle();
        // Compare first: a screenshot taken on runFinished must already show both curves.
        if (m_engineSweep) Q_EMIT sweepsToCompare({m_engineSweep.data(), sweep});
        Q_EMIT runFinished(true);
        return;
    }
    showSweepSummary(sweep);
    if (m_cpythonSweep.isEmpty()) {
        setIdle();
        Q_EMIT runFinished(true);
        return;
    }
    m_engineSweep = sweep;
    const auto args = m_cpythonSweep;
    m_cpythonSweep.clear();
    beginPhase(Phase::PythonSweep, args);
}

} // namespace mpwb
