#pragma once
// One exercise: its parameters, Run and Cancel, progress with an ETA, the result in plain words, and the live
// plots of the run. Runs go through EngineHost; a baseline (sequential) run is measured first when this work
// has none yet, so every speedup shown compares like with like.

#include <QElapsedTimer>
#include <QHash>
#include <QTimer>
#include <QWidget>
#include <deque>
#include <memory>

#include "exercise_catalogue.h"
#include "lesson.h"
#include "prediction.h"
#include "run_data.h"
#include "run_summary.h"
#include "summary_sheet.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace mpwb {

class ChunksizePlot;
class CounterPlot;
class FileThumbnails;
class QueueTrafficPlot;
class CoreUtilisationPlot;
class SpeedupPlot;
class SystemMonitor;
class EngineHost;
class ParameterForm;
class PredictionOutcome;
class TimelinePlot;
struct PlotTheme;

class ExercisePage : public QWidget {
    Q_OBJECT
public:
    ExercisePage(const ExerciseDeclaration& exercise, EngineHost& host, QWidget* parent = nullptr);
    ~ExercisePage() override;

    const ExerciseDeclaration& exercise() const { return m_exercise; }
    ParameterForm* form() const { return m_form; }
    const RunData& run() const { return m_run; }
    bool isRunning() const { return m_phase != Phase::Idle; }

    void setTheme(const PlotTheme& theme);
    // A saved stream, shown in the same views; returns false with the reason in *why.
    bool showSavedRun(const QByteArray& stream, QString* why);
    QWidget* plotArea() const { return m_plots; }
    QueueTrafficPlot* queuePlot() const { return m_queuePlot; }
    CounterPlot* counterPlot() const { return m_counterPlot; }
    FileThumbnails* fileThumbnails() const { return m_files; }
    PredictionOutcome* predictionOutcome() const { return m_outcome; }
    // What the last finished run or sweep measured.
    const RunMeasures& measures() const { return m_measures; }

    // What a class-ready summary of the last run shows (File › Export run summary); empty title when there
    // is no finished run to summarise.
    SummaryContent summaryContent() const;
    // The last finished run in one line ("processes, 2 workers: 0.476 s, 1.92× faster"); empty if none.
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

private:
    enum class Phase { Idle, Baseline, Main, Sweep };

    void beginPhase(Phase phase, const QStringList& arguments = {});
    QWidget* buildSweepControls();
    void showSweepSummary();
    void onEvents(const std::vector<Event>& events);
    void onHostFinished(int exitCode, const QString& errorText);
    void onFrame();
    void showResult();
    void noteCounterRun();
    bool engineBusy();
    void setIdle();

    ExerciseDeclaration m_exercise;
    EngineHost& m_host;
    ParameterForm* m_form = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_result = nullptr;
    PredictionOutcome* m_outcome = nullptr;
    RunMeasures m_measures;
    QWidget* m_plots = nullptr;
    CoreUtilisationPlot* m_cores = nullptr;
    TimelinePlot* m_timeline = nullptr;
    SpeedupPlot* m_speedup = nullptr;
    ChunksizePlot* m_chunksizePlot = nullptr;
    QueueTrafficPlot* m_queuePlot = nullptr;
    CounterPlot* m_counterPlot = nullptr;
    std::size_t m_queuesShown = 0;
    std::size_t m_countersShown = 0;
    FileThumbnails* m_files = nullptr;
    std::size_t m_filesShown = 0;
    QTabWidget* m_tabs = nullptr;
    QLineEdit* m_sweepWorkers = nullptr;
    QLineEdit* m_sweepChunks = nullptr;
    QSpinBox* m_sweepRepeats = nullptr;
    QPushButton* m_sweepButton = nullptr;
    int m_sweepTotal = 0; // runs the current sweep will make
    std::size_t m_pointsShown = 0;

    Phase m_phase = Phase::Idle;
    RunData m_run;
    std::size_t m_cpuShown = 0; // samples of m_run already on the core plot
    std::size_t m_chunksShown = 0;
    double m_runOffset = 0; // app-clock seconds at which the current run's clock starts
    QElapsedTimer m_runClock;
    QTimer m_frame;
    QHash<QString, BaselineRun> m_baselines; // by work key
    SystemMonitor* m_monitor = nullptr;
    double m_busyBeforeSweep = 0;
    bool m_cancelled = false;
};

} // namespace mpwb
