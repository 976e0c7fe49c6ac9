#include "exercise_page.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMetaObject>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>

#include "chunksize_plot.h"
#include "core_utilisation_plot.h"
#include "counter_plot.h"
#include "cpu_sampler.h"
#include "engine_host.h"
#include "event_stream.h"
#include "file_thumbnails.h"
#include "parameter_form.h"
#include "plot_theme.h"
#include "prediction_outcome.h"
#include "queue_traffic_plot.h"
#include "run_summary.h"
#include "speedup_plot.h"
#include "speedup_wording.h"
#include "system_monitor.h"
#include "timeline_plot.h"

namespace mpwb {
namespace {

constexpr int kFrameMs = 66; // about 15 redraws a second, whatever the event rate

} // namespace

ExercisePage::ExercisePage(const ExerciseDeclaration& exercise, EngineHost& host, QWidget* parent)
    : QWidget(parent), m_exercise(exercise), m_host(host) {

    auto* controls = new QWidget;
    auto* left = new QVBoxLayout(controls);
    auto* title = new QLabel(m_exercise.title);
    title->setStyleSheet("font-size: 150%; font-weight: bold;");
    auto* summary = new QLabel(m_exercise.summary);
    summary->setWordWrap(true);
    m_form = new ParameterForm(m_exercise);
    m_runButton = new QPushButton(tr("Run"));
    m_runButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_runButton->setToolTip(tr("Run with these parameters (Ctrl+R)"));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelButton->setEnabled(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_cancelButton);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_eta = new QLabel(tr("Ready."));
    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setTextFormat(Qt::RichText);
    m_result->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    left->addWidget(title);
    left->addWidget(summary);
    left->addWidget(m_form);
    left->addLayout(buttons);
    left->addWidget(buildSweepControls());
    left->addWidget(m_progress);
    left->addWidget(m_eta);
    m_outcome = new PredictionOutcome;
    left->addWidget(m_outcome);
    left->addWidget(m_result, 1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded); // a narrow window scrolls, never clips
    scroll->setMinimumWidth(300);

    m_cores = new CoreUtilisationPlot;
    m_timeline = new TimelinePlot;
    m_speedup = new SpeedupPlot;
    m_speedup->setCores(QThread::idealThreadCount());
    m_chunksizePlot = new ChunksizePlot;
    m_tabs = new QTabWidget;
    m_tabs->addTab(m_timeline, tr("Timeline"));
    m_tabs->addTab(m_speedup, tr("Speedup"));
    m_tabs->addTab(m_chunksizePlot, tr("Chunksize"));
    // Queue and counter views join the tabs when a run first sends their events.
    m_queuePlot = new QueueTrafficPlot;
    m_counterPlot = new CounterPlot;
    m_files = new FileThumbnails;
    m_queuePlot->hide();
    m_counterPlot->hide();
    m_files->hide();
    auto* plots = new QSplitter(Qt::Vertical);
    plots->addWidget(m_cores);
    plots->addWidget(m_tabs);
    m_plots = plots;

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(scroll);
    split->addWidget(plots);
    split->setStretchFactor(1, 3);
    split->setSizes({360, 900});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_runButton, &QPushButton::clicked, this, &ExercisePage::startRun);
    connect(m_cancelButton, &QPushButton::clicked, this, &ExercisePage::cancelRun);
    connect(m_form, &ParameterForm::validityChanged, this,
            [this](bool ok) { m_runButton->setEnabled(ok && !isRunning()); });
    connect(&m_frame, &QTimer::timeout, this, &ExercisePage::onFrame);
    m_frame.start(kFrameMs);
    m_monitor = new SystemMonitor(this);
    connect(m_monitor, &SystemMonitor::sampled, m_cores, &CoreUtilisationPlot::appendSample);
    m_monitor->start();
}

ExercisePage::~ExercisePage() {
    m_monitor->stop();
}

void ExercisePage::setTheme(const PlotTheme& theme) {
    m_cores->setTheme(theme);
    m_timeline->setTheme(theme);
    m_speedup->setTheme(theme);
    m_chunksizePlot->setTheme(theme);
    m_queuePlot->setTheme(theme);
    m_counterPlot->setTheme(theme);
}

QWidget* ExercisePage::buildSweepControls() {
    auto* box = new QGroupBox(tr("Sweep: many runs, one speedup curve"));
    auto* form = new QFormLayout(box);
    // Worker counts that double up to the machine's cores, so the same default suits 2 and 64 cores.
    QStringList counts;
    for (int w = 1; w < QThread::idealThreadCount(); w *= 2)
        counts << QString::number(w);
    counts << QString::number(QThread::idealThreadCount());
    m_sweepWorkers = new QLineEdit(counts.join(','));
    m_sweepWorkers->setToolTip(tr("Worker counts to try, separated by commas"));
    m_sweepChunks = new QLineEdit("auto");
    m_sweepChunks->setToolTip(tr("Chunksizes to try, separated by commas (e.g. 1,10,100,1000), or 'auto'"));
    m_sweepRepeats = new QSpinBox;
    m_sweepRepeats->setRange(1, 20);
    m_sweepRepeats->setValue(3);
    m_sweepRepeats->setToolTip(tr("Runs per cell; the plots show medians, and the spread as error bars"));
    m_sweepButton = new QPushButton(tr("Sweep"));
    form->addRow(tr("Workers"), m_sweepWorkers);
    form->addRow(tr("Chunksizes"), m_sweepChunks);
    if (!m_exercise.usesChunksize) form->setRowVisible(m_sweepChunks, false);
    form->addRow(tr("Repeats"), m_sweepRepeats);
    form->addRow(m_sweepButton);
    connect(m_sweepButton, &QPushButton::clicked, this, &ExercisePage::startSweep);
    return box;
}

void ExercisePage::startSweep() {
    if (isRunning() || engineBusy()) return;
    QString why;
    const auto args =
        m_form->sweepArguments(m_sweepWorkers->text(), m_sweepChunks->text(), m_sweepRepeats->value(), &why);
    if (args.isEmpty()) {
        m_result->setText("<b>" + tr("Not started:") + "</b> " + why.toHtmlEscaped());
        return;
    }
    const int workerCounts = m_sweepWorkers->text().split(',', Qt::SkipEmptyParts).size();
    const int chunkCounts = m_sweepChunks->text().trimmed() == "auto"
                                ? 1
                                : m_sweepChunks->text().split(',', Qt::SkipEmptyParts).size();
    m_sweepTotal = m_sweepRepeats->value() * (1 + workerCounts * chunkCounts);
    m_cancelled = false;
    // What other programs were doing just before: the monitor ran while the page was idle.
    m_busyBeforeSweep = m_monitor->recentBusyCores();
    m_result->clear();
    m_speedup->clear();
    m_chunksizePlot->clear();
    m_tabs->setCurrentWidget(chunkCounts > 1 && workerCounts == 1 ? static_cast<QWidget*>(m_chunksizePlot)
                                                                  : m_speedup);
    beginPhase(Phase::Sweep, args);
}

void ExercisePage::showSweepSummary() {
    const int cores = m_run.hello ? m_run.hello->cores : QThread::idealThreadCount();
    const auto summary = summariseSweep(m_run.sweepPoints.size(), m_speedup->fittedParallelFraction(),
                                        m_chunksizePlot->bestChunksize(), m_busyBeforeSweep, cores);
    m_result->setText(summary.html);
    m_measures = summary.measures;
    m_outcome->resolve(m_measures);
}

void ExercisePage::startRun() {
    if (isRunning() || engineBusy()) return;
    const auto problems = m_form->problems();
    if (!problems.isEmpty()) { // nothing invalid ever reaches the engine
        m_result->setText("<b>" + tr("Not started:") + "</b> " + problems.join("<br>"));
        return;
    }
    m_cancelled = false;
    m_result->clear();
    // A baseline needs the sequential backend; an exercise that has none is shown without speedups.
    const bool needBaseline = m_form->backend() != "sequential" &&
                              m_exercise.backends.contains("sequential") &&
                              !m_baselines.contains(m_form->workKey());
    beginPhase(needBaseline ? Phase::Baseline : Phase::Main);
}

void ExercisePage::beginPhase(Phase phase, const QStringList& arguments) {
    m_phase = phase;
    m_run = RunData();
    m_cpuShown = m_chunksShown = m_pointsShown = m_queuesShown = m_countersShown = m_filesShown = 0;
    m_files->clear();
    m_timeline->clear();
    m_queuePlot->clear();
    m_counterPlot->clearRun();
    // During a run the engine's own samples feed the plot; a sweep sends none, so the monitor keeps going.
    if (phase == Phase::Sweep)
        m_monitor->start();
    else
        m_monitor->stop();
    m_runOffset = m_monitor->now();
    m_runClock.start();
    disconnect(&m_host, nullptr, this, nullptr);
    connect(&m_host, &EngineHost::eventsArrived, this, &ExercisePage::onEvents);
    connect(&m_host, &EngineHost::finished, this, &ExercisePage::onHostFinished);
    connect(&m_host, &EngineHost::failed, this, [this](const QString& why) {
        m_result->setText("<b>" + tr("Could not run:") + "</b> " + why.toHtmlEscaped());
        if (!m_host.isRunning()) setIdle();
    });
    const auto args = phase == Phase::Sweep      ? arguments
                      : phase == Phase::Baseline ? m_form->baselineArguments()
                                                 : m_form->runArguments();
    m_runButton->setEnabled(false);
    m_sweepButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_eta->setText(phase == Phase::Baseline
                       ? tr("Measuring the sequential baseline first…")
                       : tr("Running with %1 %2…").arg(m_form->workers()).arg(m_form->backend()));
    Q_EMIT statusChanged(m_eta->text());
    if (!m_host.start(args)) setIdle();
}

void ExercisePage::cancelRun() {
    if (!isRunning()) return;
    m_cancelled = true;
    m_eta->setText(tr("Cancelling…"));
    m_host.cancel();
}

void ExercisePage::onEvents(const std::vector<Event>& events) {
    applyEvents(m_run, events);
}

void ExercisePage::onFrame() {
    if (m_cpuShown < m_run.cpu.size()) {
        for (; m_cpuShown < m_run.cpu.size(); ++m_cpuShown)
            m_cores->appendSample(m_runOffset + m_run.cpu[m_cpuShown].t, m_run.cpu[m_cpuShown].cores);
    }
    if (m_chunksShown != m_run.chunks.size()) {
        m_chunksShown = m_run.chunks.size();
        m_timeline->setChunks(m_run.chunks, m_run.started ? m_run.started->workers : 1);
    }
    if (m_queuesShown != m_run.queues.size()) {
        m_queuesShown = m_run.queues.size();
        // The first time queues appear, they are what this run is about: show them.
        if (m_tabs->indexOf(m_queuePlot) < 0)
            m_tabs->setCurrentIndex(m_tabs->addTab(m_queuePlot, tr("Queues")));
        m_queuePlot->setSamples(m_run.queues);
    }
    if (m_countersShown != m_run.counters.size()) {
        m_countersShown = m_run.counters.size();
        if (m_tabs->indexOf(m_counterPlot) < 0)
            m_tabs->setCurrentIndex(m_tabs->addTab(m_counterPlot, tr("Counter")));
        m_counterPlot->setSamples(m_run.counters);
    }
    if (m_filesShown != m_run.files.size()) {
        m_filesShown = m_run.files.size();
        if (m_tabs->indexOf(m_files) < 0) m_tabs->addTab(m_files, tr("Files"));
        m_files->setFiles(m_run.files);
    }
    if (m_pointsShown != m_run.sweepPoints.size()) {
        m_pointsShown = m_run.sweepPoints.size();
        m_speedup->setPoints(m_run.sweepPoints);
        m_chunksizePlot->setPoints(m_run.sweepPoints);
    }
    if (!isRunning()) return;
    const double p = m_phase == Phase::Sweep
                         ? (m_sweepTotal ? double(m_run.sweepPoints.size()) / m_sweepTotal : 0)
                         : m_run.progress();
    m_progress->setValue(int(p * 1000));
    const double elapsed = m_runClock.elapsed() / 1000.0;
    QString text = m_phase == Phase::Sweep      ? tr("Sweep: ")
                   : m_phase == Phase::Baseline ? tr("Baseline (sequential): ")
                                                : tr("Run: ");
    text += tr("%1% done, %2 elapsed").arg(int(p * 100)).arg(secondsText(elapsed));
    if (p > 0.02 && p < 1) text += tr(", about %1 left").arg(secondsText(elapsed * (1 - p) / p));
    m_eta->setText(text);
}

void ExercisePage::onHostFinished(int exitCode, const QString& errorText) {
    onFrame();
    if (m_cancelled || exitCode == 130) {
        m_result->setText("<b>" + tr("Cancelled.") + "</b> " + tr("Every worker was stopped."));
        m_outcome->abandon(
            tr("The run was cancelled, so it measured nothing. Lock in your guess again from the "
               "lesson to run it once more."));
        setIdle();
        Q_EMIT runFinished(false);
        return;
    }
    if (m_phase == Phase::Sweep && exitCode == 0) {
        showSweepSummary();
        setIdle();
        Q_EMIT runFinished(true);
        return;
    }
    if (exitCode != 0 || (!m_run.result && m_phase != Phase::Sweep)) {
        QString why = m_run.error ? QString::fromStdString(m_run.error->message) : errorText;
        if (why.isEmpty()) why = tr("the engine stopped with status %1").arg(exitCode);
        if (m_run.error) m_timeline->setFailure(m_run.error->worker, why);
        m_outcome->abandon(tr("The run failed, so it measured nothing: %1").arg(why));
        m_result->setText("<b>" + tr("The run failed:") + "</b> " + why.toHtmlEscaped());
        setIdle();
        Q_EMIT runFinished(false);
        return;
    }
    const double wall = m_run.finished ? m_run.finished->wallNs / 1e9 : 0;
    if (m_run.started && m_run.started->backend == "sequential")
        m_baselines[m_form->workKey()] = BaselineRun{wall, m_run.started->items};
    if (m_phase == Phase::Baseline) {
        beginPhase(Phase::Main);
        return;
    }
    showResult();
    noteCounterRun();
    m_outcome->resolve(m_measures);
    setIdle();
    Q_EMIT runFinished(true);
}

void ExercisePage::showResult() {
    const auto key = m_form->workKey();
    const auto baseline =
        m_baselines.contains(key) ? std::optional<BaselineRun>(m_baselines[key]) : std::nullopt;
    const int cores = m_run.hello ? m_run.hello->cores : QThread::idealThreadCount();
    const auto summary = summariseRun(m_run, baseline, cores);
    m_result->setText(summary.html);
    m_measures = summary.measures;
}

// A finished run of a shared counter joins the side-by-side comparison of modes.
void ExercisePage::noteCounterRun() {
    if (const auto counter = summariseCounter(m_run, m_measures)) m_counterPlot->addRun(*counter);
}

void ExercisePage::setIdle() {
    m_phase = Phase::Idle;
    disconnect(&m_host, nullptr, this, nullptr); // an idle page hears nothing of other pages' runs
    m_runButton->setEnabled(m_form->isValid());
    m_sweepButton->setEnabled(m_form->isValid());
    m_cancelButton->setEnabled(false);
    if (!m_cancelled) m_progress->setValue(m_run.isFinished() ? 1000 : m_progress->value());
    m_eta->setText(tr("Ready."));
    Q_EMIT statusChanged(tr("Engine idle"));
    m_monitor->start();
}

SummaryContent ExercisePage::summaryContent() const {
    SummaryContent c;
    if (!m_run.finished || !m_run.started) return c;
    const auto& s = *m_run.started;
    c.title = m_exercise.title;
    QStringList params;
    for (const auto& [k, v] : s.params)
        params << QString::fromStdString(k + " = " + v);
    c.setup =
        tr("%1 with %2 worker(s)%3; %4")
            .arg(QString::fromStdString(s.backend))
            .arg(s.workers)
            .arg(s.startMethod.empty() ? QString()
                                       : tr(", started by %1").arg(QString::fromStdString(s.startMethod)))
            .arg(params.join(", "));
    if (m_run.hello)
        c.machine =
            tr("%1 cores, %2").arg(m_run.hello->cores).arg(QString::fromStdString(m_run.hello->machine));
    c.resultHtml = m_result->text();
    if (!m_outcome->isHidden() && !m_outcome->isPending()) c.predictionHtml = m_outcome->text();
    return c;
}

QString ExercisePage::resultLine() const {
    if (!m_run.finished || !m_run.started || !m_measures.seconds) return {};
    const auto& s = *m_run.started;
    QString line = tr("%1, %2 worker(s): %3")
                       .arg(QString::fromStdString(s.backend))
                       .arg(s.workers)
                       .arg(secondsText(*m_measures.seconds));
    if (m_measures.speedup && s.backend != "sequential")
        line += tr(", %1× faster").arg(*m_measures.speedup, 0, 'f', 2);
    if (m_run.result) line += " · " + QString::fromStdString(m_run.result->value);
    return line;
}

// The engine host is shared by every page: while one page's run goes on, no other page may start one (it
// would take the other's events for its own).
bool ExercisePage::engineBusy() {
    if (!m_host.isRunning()) return false;
    m_result->setText("<b>" + tr("Not started:") + "</b> " +
                      tr("another run is going on; wait for it or cancel it."));
    return true;
}

bool ExercisePage::applyLink(const LessonLink& link, QString* why) {
    if (isRunning() || m_host.isRunning()) {
        if (why) *why = tr("A run is going on; cancel it or wait for it first.");
        return false;
    }
    const auto problems = m_form->applyPreset(link.preset);
    if (!link.sweepWorkers.isEmpty()) m_sweepWorkers->setText(link.sweepWorkers);
    if (!link.sweepChunksizes.isEmpty()) m_sweepChunks->setText(link.sweepChunksizes);
    if (link.repeats > 0) m_sweepRepeats->setValue(link.repeats);
    if (!problems.isEmpty()) {
        if (why) *why = problems.join("; ");
        return false;
    }
    if (link.action == LessonLink::Action::Sweep) {
        QString sweepWhy;
        if (m_form
                ->sweepArguments(m_sweepWorkers->text(), m_sweepChunks->text(), m_sweepRepeats->value(),
                                 &sweepWhy)
                .isEmpty()) {
            if (why) *why = sweepWhy;
            return false;
        }
    }
    if (link.action == LessonLink::Action::Run)
        startRun();
    else if (link.action == LessonLink::Action::Sweep)
        startSweep();
    return true;
}

bool ExercisePage::showSavedRun(const QByteArray& stream, QString* why) {
    if (isRunning()) {
        if (why) *why = tr("A run is going on; cancel it first.");
        return false;
    }
    RunData run;
    try {
        EventStreamReader reader;
        applyEvents(run, reader.readString(std::string_view(stream.constData(), std::size_t(stream.size()))));
    } catch (const std::exception& e) {
        if (why) *why = QString::fromUtf8(e.what());
        return false;
    }
    m_monitor->stop();
    m_run = std::move(run);
    m_cores->clear();
    m_timeline->clear();
    m_speedup->clear();
    m_chunksizePlot->clear();
    m_runOffset = 0;
    m_cpuShown = m_chunksShown = m_pointsShown = m_queuesShown = m_countersShown = m_filesShown = 0;
    m_files->clear();
    m_queuePlot->clear();
    m_counterPlot->clearRun();
    onFrame();
    if (m_run.result && m_run.finished)
        showResult();
    else if (m_run.error) {
        m_timeline->setFailure(m_run.error->worker, QString::fromStdString(m_run.error->message));
        m_result->setText("<b>" + tr("That run failed:") + "</b> " +
                          QString::fromStdString(m_run.error->message).toHtmlEscaped());
    }
    m_eta->setText(tr("Showing a saved run."));
    return true;
}

} // namespace mpwb
