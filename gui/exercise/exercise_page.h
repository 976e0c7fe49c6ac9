// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One exercise: its parameters, Run, Sweep and Cancel, progress with an ETA, the result in plain words, and
// the views of the run on screen. Every run goes into the app's RunLibrary as a RunModel; the page shows one
// of them through a PlaybackCursor, and its views (a list of RunView) draw the run at the cursor. A
// baseline (sequential) run is measured first when this work has none yet, or when the one it has is stale
// or was measured under another load, so every speedup shown compares like with like (MeasuredBaselines).
// The controls are on the left (RunControlsPanel), the views on the right (RunViewsPanel); the page itself
// runs the engine between them.

#include <QPointer>
#include <QWidget>
#include <memory>
#include <vector>

#include "exercise_catalogue.h"
#include "lesson.h"
#include "measured_baselines.h"
#include "playback_cursor.h"
#include "run_summary.h"
#include "summary_sheet.h"

class QTabWidget;

namespace mpwb {

class CoreUtilisationPlot;
class CounterPlot;
class EngineHost;
class FileThumbnails;
class ParameterForm;
class PlaybackBar;
class PredictionOutcome;
class QueueTrafficPlot;
class RunControlsPanel;
class RunLibrary;
class RunView;
class RunViewsPanel;
class SystemMonitor;
struct PlotTheme;

class ExercisePage : public QWidget {
    Q_OBJECT
public:
    // A page made without a library or monitor (tests) makes its own.
    ExercisePage(const ExerciseDeclaration& exercise, EngineHost& host, RunLibrary* library = nullptr,
                 SystemMonitor* monitor = nullptr, QWidget* parent = nullptr);
    ~ExercisePage() override;

    const ExerciseDeclaration& exercise() const { return m_exercise; }
    ParameterForm* form() const { return m_form; }
    // The run on screen (the one Save writes and the summary describes); null before the first.
    RunModel* shownRun() const { return m_shown; }
    // Its data, or an empty run.
    const RunData& run() const;
    bool isRunning() const { return m_phase != Phase::Idle; }
    PlaybackCursor& cursor() { return m_cursor; }
    const std::vector<RunView*>& views() const;

    void setTheme(const PlotTheme& theme);
    // Presentation mode: the controls hidden, the views large and side by side.
    void setPresenting(bool on);
    RunViewsPanel* viewsPanel() const { return m_views; }
    // Shows a run of the library (one opened from a file, or an earlier one) in this page's views.
    void showRun(RunModel* run);
    // A saved stream, added to the library and shown; returns false with the reason in *why.
    bool showSavedRun(const QByteArray& stream, QString* why);
    QWidget* plotArea() const;
    QueueTrafficPlot* queuePlot() const;
    CounterPlot* counterPlot() const;
    FileThumbnails* fileThumbnails() const;
    PredictionOutcome* predictionOutcome() const { return m_outcome; }
    // What the shown run (or the last finished sweep) measured.
    const RunMeasures& measures() const { return m_measures; }

    // What a class-ready summary of the shown run says; empty title when it has not finished.
    SummaryContent summaryContent() const;
    // The shown run in one line ("processes, 2 workers: 0.476 s, 1.92× faster"); empty if none.
    QString resultLine() const;

    // Fills the form (and the sweep fields) from a lesson's link, then runs or sweeps if the link says so.
    // Returns false with the reason when a preset value is not one the form accepts; nothing starts then.
    bool applyLink(const LessonLink& link, QString* why);

public Q_SLOTS:
    void startRun();
    void startSweep();
    void cancelRun();

Q_SIGNALS:
    void runFinished(bool ok);
    void statusChanged(const QString& text);
    // "Compare backends": the compare page should run this exercise with these mpwb-run arguments.
    void compareRequested(const QString& exerciseId, const QStringList& compareArguments);
    // "Run the Python version": an mpwb:python/exercise/ID link with the form's work as the script's
    // arguments, for the Python page.
    void pythonVersionRequested(const QUrl& link);
    // A sweep and CPython's sweep of the same work and grid have finished: show them overlaid.
    void sweepsToCompare(const QList<RunModel*>& sweeps);

protected:
    // The system monitor samples only while a page that shows it is on screen.
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    enum class Phase { Idle, Baseline, Main, Sweep, PythonSweep };
    bool sweeping() const { return m_phase == Phase::Sweep || m_phase == Phase::PythonSweep; }
    static int machineCores(const RunData& run);

    void beginPhase(Phase phase, const QStringList& arguments = {});
    void onHostFinished(int exitCode, const QString& errorText);
    void onCursorMoved();
    void updateProgress();
    void showOutcomeOf(RunModel* run);
    void showSweepSummary(RunModel* sweep);
    // A sweep ended well: its summary, then CPython's sweep when one was asked for, or the overlay of both.
    void sweepFinished(RunModel* sweep);
    void refreshCounterHistory();
    bool needsBaseline() const;
    bool engineBusy();
    void addPythonVersionButton();
    void setIdle();

    ExerciseDeclaration m_exercise;
    EngineHost& m_host;
    std::unique_ptr<RunLibrary> m_ownLibrary;
    std::unique_ptr<SystemMonitor> m_ownMonitor;
    RunLibrary& m_library;
    SystemMonitor& m_monitor;
    PlaybackCursor m_cursor;

    RunControlsPanel* m_controls = nullptr;
    RunViewsPanel* m_views = nullptr;
    ParameterForm* m_form = nullptr;        // the controls' own, kept at hand
    PredictionOutcome* m_outcome = nullptr; // the controls' own, kept at hand

    Phase m_phase = Phase::Idle;
    QPointer<RunModel> m_shown; // the run at the cursor
    QPointer<RunModel> m_live;  // the run the host is writing
    RunMeasures m_measures;
    MeasuredBaselines m_baselines;
    int m_sweepTotal = 0;             // runs the current sweep will make
    QStringList m_cpythonSweep;       // CPython's sweep to run after the engine's, when asked for
    QPointer<RunModel> m_engineSweep; // the engine's sweep that CPython's is to be shown beside
    double m_busyBeforeRun = 0;       // other programs' load just before the run, in cores
    qint64 m_runStartedMs = 0;
    QString m_runKey; // the work of the run going on (or last run), as the form had it
    QStringList m_mainArguments, m_baselineArguments;
    bool m_cancelled = false;
    bool m_holdsMonitor = false;
};

} // namespace mpwb
