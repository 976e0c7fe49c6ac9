// SPDX-License-Identifier: GPL-3.0-or-later
#include "exercise_page.h"

#include <QBoxLayout>
#include <QDateTime>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include "baseline_choice.h"
#include "core_utilisation_plot.h"
#include "counter_plot.h"
#include "engine_exit.h"
#include "engine_host.h"
#include "failure_words.h"
#include "parameter_form.h"
#include "plot_theme.h"
#include "prediction_outcome.h"
#include "python_examples.h"
#include "run_controls_panel.h"
#include "run_library.h"
#include "run_views_panel.h"
#include "script_request.h"
#include "sweep_controls.h"
#include "system_monitor.h"

namespace mpwb {

int ExercisePage::machineCores(const RunData& run) {
    return run.hello ? run.hello->cores : QThread::idealThreadCount();
}

ExercisePage::ExercisePage(const ExerciseDeclaration& exercise, EngineHost& host, RunLibrary* library,
                           SystemMonitor* monitor, QWidget* parent)
    : QWidget(parent), m_exercise(exercise), m_host(host),
      m_ownLibrary(library ? nullptr : std::make_unique<RunLibrary>()),
      m_ownMonitor(monitor ? nullptr : std::make_unique<SystemMonitor>()),
      m_library(library ? *library : *m_ownLibrary), m_monitor(monitor ? *monitor : *m_ownMonitor) {

    m_controls = new RunControlsPanel(m_exercise);
    m_form = m_controls->form();
    m_outcome = m_controls->outcome();

    m_views = new RunViewsPanel(m_exercise, m_cursor);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_controls);
    split->addWidget(m_views);
    split->setStretchFactor(1, 3);
    split->setSizes({360, 900});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_controls, &RunControlsPanel::runRequested, this, &ExercisePage::startRun);
    connect(m_controls, &RunControlsPanel::cancelRequested, this, &ExercisePage::cancelRun);
    connect(m_controls, &RunControlsPanel::sweepRequested, this, &ExercisePage::startSweep);
    connect(m_controls, &RunControlsPanel::compareRequested, this, [this] {
        if (m_form->isValid()) Q_EMIT compareRequested(m_exercise.id, m_form->compareArguments());
    });
    addPythonVersionButton();
    connect(&m_cursor, &PlaybackCursor::moved, this, &ExercisePage::onCursorMoved);
    connect(&m_cursor, &PlaybackCursor::runChanged, this, &ExercisePage::onCursorMoved);
    // Until a run is shown the core plot is a system monitor, so a student sees what the machine is doing
    // before pressing Run. A shown run keeps its own samples on screen, with its start and end marked.
    connect(&m_monitor, &SystemMonitor::sampled, this, [this](double t, const QVector<double>& cores) {
        if (!m_shown) m_views->cores()->appendSample(t, cores);
    });
}

ExercisePage::~ExercisePage() {
    if (isRunning()) m_host.cancel();
    if (m_holdsMonitor) m_monitor.release();
}

// The same work written as a plain Python script, run with real CPython on the Python page: what the engine
// does in C++, a student can then see Python itself do.
void ExercisePage::addPythonVersionButton() {
    auto* box = m_controls->widget() ? qobject_cast<QBoxLayout*>(m_controls->widget()->layout()) : nullptr;
    if (!box || findPythonExample(m_exercise.id).path.isEmpty()) return;
    auto* button = new QPushButton(tr("Run the Python version…"));
    button->setToolTip(tr("Open this exercise's Python script on the Python page, with this form's "
                          "values as its arguments"));
    // Under Compare backends (the other way to see this work run differently), else at the end.
    int at = box->count();
    for (auto* other : m_controls->findChildren<QPushButton*>())
        if (other->text() == RunControlsPanel::tr("Compare backends") && box->indexOf(other) >= 0)
            at = box->indexOf(other) + 1;
    box->insertWidget(at, button);
    connect(button, &QPushButton::clicked, this, [this] {
        const auto run = m_form->runArguments(); // empty while the form has a problem: the script's defaults
        QStringList words;
        for (const auto& a : pythonArgumentsFor(m_exercise.id, run))
            words << shellQuoted(a);
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("args"), words.join(' '));
        if (const auto at = run.indexOf(QStringLiteral("--start")); at >= 0 && at + 1 < run.size())
            query.addQueryItem(QStringLiteral("start"), run[at + 1]);
        QUrl link(QStringLiteral("mpwb:python/exercise/") + m_exercise.id);
        link.setQuery(query);
        Q_EMIT pythonVersionRequested(link);
    });
}

void ExercisePage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!m_holdsMonitor) m_monitor.acquire();
    m_holdsMonitor = true;
}

void ExercisePage::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    if (m_holdsMonitor) m_monitor.release();
    m_holdsMonitor = false;
}

void ExercisePage::setTheme(const PlotTheme& theme) {
    m_views->setTheme(theme);
}

void ExercisePage::setPresenting(bool on) {
    m_controls->setVisible(!on);
    m_views->setPresenting(on);
}

QWidget* ExercisePage::plotArea() const {
    return m_views;
}
QueueTrafficPlot* ExercisePage::queuePlot() const {
    return m_views->queuePlot();
}
CounterPlot* ExercisePage::counterPlot() const {
    return m_views->counterPlot();
}
FileThumbnails* ExercisePage::fileThumbnails() const {
    return m_views->files();
}
const std::vector<RunView*>& ExercisePage::views() const {
    return m_views->views();
}

const RunData& ExercisePage::run() const {
    static const RunData empty;
    return m_shown ? m_shown->data() : empty;
}

bool ExercisePage::needsBaseline() const {
    if (m_form->backend() == "sequential" || !m_exercise.backends.contains("sequential")) return false;
    return m_baselines.needsNew(m_form->workKey(), m_monitor.recentBusyCores());
}

void ExercisePage::startRun() {
    if (isRunning() || engineBusy()) return;
    const auto problems = m_form->problems();
    if (!problems.isEmpty()) { // nothing invalid ever reaches the engine
        m_controls->setResult("<b>" + tr("Not started:") + "</b> " + problems.join("<br>"));
        return;
    }
    m_cancelled = false;
    m_controls->clearResult();
    // What this run is: fixed now, so editing the form while it goes on changes nothing of it.
    m_runKey = m_form->workKey();
    m_mainArguments = m_form->runArguments();
    m_baselineArguments = m_form->baselineArguments();
    beginPhase(needsBaseline() ? Phase::Baseline : Phase::Main);
}

void ExercisePage::beginPhase(Phase phase, const QStringList& arguments) {
    m_phase = phase;
    // What the rest of the machine was doing just before: the monitor ran while nothing of ours did.
    m_busyBeforeRun = std::max(0.0, m_monitor.recentBusyCores()); // NaN: no quiet sample yet
    m_live = m_library.beginLiveRun();
    m_runStartedMs = QDateTime::currentMSecsSinceEpoch();
    showRun(m_live);
    disconnect(&m_host, nullptr, this, nullptr);
    connect(&m_host, &EngineHost::eventsArrived, this, [this](const std::vector<Event>& events) {
        if (m_live) m_live->append(events);
    });
    connect(&m_host, &EngineHost::finished, this, &ExercisePage::onHostFinished);
    connect(&m_host, &EngineHost::failed, this, [this](const QString& why) {
        if (!m_host.isRunning()) {
            // No finished signal will follow for this page: end the run here, as onHostFinished would.
            m_library.finishLive(m_live);
            m_outcome->abandon(tr("The run failed, so it measured nothing: %1").arg(why));
            setIdle();
            Q_EMIT runFinished(false);
        }
        m_controls->setResult("<b>" + tr("Could not run:") + "</b> " + why.toHtmlEscaped());
    });
    const auto args = sweeping()                 ? arguments
                      : phase == Phase::Baseline ? m_baselineArguments
                                                 : m_mainArguments;
    m_controls->setRunning(true);
    m_controls->setProgress(0);
    m_controls->setStatus(phase == Phase::Baseline
                              ? tr("Measuring the sequential baseline first…")
                              : tr("Running with %1 %2…").arg(m_form->workers()).arg(m_form->backend()));
    Q_EMIT statusChanged(m_controls->status());
    if (!m_host.start(args)) {
        m_library.finishLive(m_live);
        setIdle();
    }
}

void ExercisePage::cancelRun() {
    if (!isRunning()) return;
    m_cancelled = true;
    m_controls->setStatus(tr("Cancelling…"));
    m_host.cancel();
}

void ExercisePage::showRun(RunModel* run) {
    if (m_shown != run) {
        m_shown = run;
        m_measures = {};
    }
    if (run && run->isSweep()) m_views->setLastSweep(run);
    m_cursor.setRun(run);
    showOutcomeOf(run);
    if (!run || run->isLive()) return;
    m_controls->setResult(tr("This run has no result: it did not finish."));
    // A finished run from the library: its result in words, against a baseline of the same work if the
    // library has one.
    const auto& data = run->data();
    if (run->isSweep()) {
        m_controls->setResult(tr("A sweep of %1 runs.").arg(data.sweepPoints.size()));
    } else if (data.result && data.finished) {
        const auto baseline = chooseBaseline(data, m_baselines.find(m_runKey), m_library);
        const auto summary = summariseRun(data, baseline, machineCores(data));
        m_controls->setResult(summary.html);
        m_measures = summary.measures;
    } else if (data.error) {
        m_controls->setResult(failureHtml(*data.error, data.started ? data.started->stallTimeoutMs : 0));
    }
}

bool ExercisePage::showSavedRun(const QByteArray& stream, QString* why) {
    if (isRunning()) {
        if (why) *why = tr("A run is going on; cancel it first.");
        return false;
    }
    auto runs = RunLibrary::read(stream, why);
    if (runs.empty()) return false;
    RunModel* last = nullptr;
    for (auto& run : runs) {
        last = run.release();
        m_library.add(last);
    }
    showRun(last);
    m_controls->setStatus(tr("Showing a saved run."));
    return true;
}

// The prediction panel belongs to the run it predicted: shown beside that run, hidden beside any other.
void ExercisePage::showOutcomeOf(RunModel* run) {
    const bool mine = m_outcome->isPending() || (run && m_outcome->runId() == run->id());
    m_outcome->setVisible(mine && !m_outcome->text().isEmpty());
}

void ExercisePage::onCursorMoved() {
    m_views->showCursor();
    if (isRunning()) updateProgress();
}

void ExercisePage::updateProgress() {
    if (!m_live) return;
    const auto& data = m_live->data();
    const double p =
        sweeping() ? (m_sweepTotal ? double(data.sweepPoints.size()) / m_sweepTotal : 0) : data.progress();
    m_controls->setProgress(p);
    const double elapsed = double(QDateTime::currentMSecsSinceEpoch() - m_runStartedMs) / 1000.0;
    QString text = m_phase == Phase::Sweep         ? tr("Sweep: ")
                   : m_phase == Phase::PythonSweep ? tr("CPython's sweep: ")
                   : m_phase == Phase::Baseline    ? tr("Baseline (sequential): ")
                                                   : tr("Run: ");
    text += tr("%1% done, %2 elapsed").arg(int(p * 100)).arg(secondsText(elapsed));
    if (p > 0.02 && p < 1) text += tr(", about %1 left").arg(secondsText(elapsed * (1 - p) / p));
    m_controls->setStatus(text);
}

void ExercisePage::onHostFinished(int exitCode, const QString& errorText) {
    RunModel* run = m_live;
    m_library.finishLive(run);
    onCursorMoved();
    const RunData empty;
    const auto& data = run ? run->data() : empty;
    if (m_cancelled || exitCode == 130) {
        m_controls->setResult("<b>" + tr("Cancelled.") + "</b> " + tr("Every worker was stopped."));
        m_outcome->abandon(
            tr("The run was cancelled, so it measured nothing. Lock in your guess again from the "
               "lesson to run it once more."));
        setIdle();
        m_controls->showRunEnd(RunControlsPanel::RunEnd::Cancelled);
        Q_EMIT runFinished(false);
        return;
    }
    if (sweeping() && exitCode == 0) {
        sweepFinished(run);
        return;
    }
    if (exitCode != 0 || (!data.result && !sweeping())) {
        QString why = data.error ? QString::fromStdString(data.error->message) : errorText;
        if (why.isEmpty()) why = engineEndWords(0, exitCode);
        m_outcome->abandon(tr("The run failed, so it measured nothing: %1").arg(why));
        // An error event says what failed and what to try, by its kind (a stall, a full disk); without one
        // only the engine's last words are known.
        m_controls->setResult(data.error
                                  ? failureHtml(*data.error, data.started ? data.started->stallTimeoutMs : 0)
                                  : "<b>" + tr("The run failed:") + "</b> " + why.toHtmlEscaped());
        setIdle();
        m_controls->showRunEnd(RunControlsPanel::RunEnd::Failed,
                               data.error ? failureHeadline(*data.error) : QString());
        Q_EMIT runFinished(false);
        return;
    }
    if (data.started && data.started->backend == "sequential") m_baselines.record(m_runKey, run);
    if (m_phase == Phase::Baseline) {
        beginPhase(Phase::Main);
        return;
    }
    showRun(run);
    refreshCounterHistory();
    m_outcome->resolve(m_measures, run->id(), &run->data());
    showOutcomeOf(run);
    setIdle();
    Q_EMIT runFinished(true);
}

// The comparison of counter modes is built from this session's finished counter runs in the library, oldest
// first, so the latest run of each mode is the one shown.
void ExercisePage::refreshCounterHistory() {
    m_views->counterPlot()->clearHistory();
    for (int row = 0; row < m_library.size(); ++row) {
        const auto& data = m_library.runAt(row)->data();
        RunMeasures measures;
        if (data.result) measures.checks = data.result->checks;
        if (const auto counter = summariseCounter(data, measures)) m_views->counterPlot()->addRun(*counter);
    }
}

void ExercisePage::setIdle() {
    m_phase = Phase::Idle;
    // The last seconds of samples saw our own run: they say nothing about other programs.
    m_monitor.forgetRecent();
    disconnect(&m_host, nullptr, this, nullptr); // an idle page hears nothing of other pages' runs
    m_controls->setRunning(false);
    // A run that ended any other way than "ok" failed (or could not start), unless the caller, which knows
    // more, says otherwise next: the bar never stays at 75% beside "Ready.".
    const bool ok = m_live && m_live->isFinished() && m_live->data().finished->status == "ok";
    m_controls->showRunEnd(ok ? RunControlsPanel::RunEnd::Finished : RunControlsPanel::RunEnd::Failed);
    Q_EMIT statusChanged(tr("Engine idle"));
}

SummaryContent ExercisePage::summaryContent() const {
    if (!m_shown) return {};
    const bool predicted = !m_outcome->isPending() && m_outcome->runId() == m_shown->id();
    return summaryContentOf(m_exercise.title, *m_shown, m_controls->result(),
                            predicted ? m_outcome->text() : QString());
}

QString ExercisePage::resultLine() const {
    if (!m_shown || !m_shown->isFinished()) return {};
    return oneLineResult(m_shown->data(), m_measures);
}

// The engine host is shared by every page: while one page's run goes on, no other page may start one (it
// would take the other's events for its own).
bool ExercisePage::engineBusy() {
    if (!m_host.isRunning()) return false;
    m_controls->setResult("<b>" + tr("Not started:") + "</b> " +
                          tr("another run is going on; wait for it or cancel it."));
    return true;
}

bool ExercisePage::applyLink(const LessonLink& link, QString* why) {
    if (isRunning() || m_host.isRunning()) {
        if (why) *why = tr("A run is going on; cancel it or wait for it first.");
        return false;
    }
    if (!m_controls->applyLink(link, why)) return false;
    m_views->showView(link.view);
    if (link.action == LessonLink::Action::Run)
        startRun();
    else if (link.action == LessonLink::Action::Sweep)
        startSweep();
    return true;
}

} // namespace mpwb
