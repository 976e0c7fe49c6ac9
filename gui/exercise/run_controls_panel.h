// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The left side of an exercise page: what the exercise is, its parameters, Run, Cancel, Compare and the
// sweep box, then how the run goes (progress and ETA), the prediction's outcome and the result. It only
// shows and asks; the page runs the engine and says what to show, so buttons here emit requests.

#include <QScrollArea>

#include "exercise_catalogue.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace mpwb {

class ParameterForm;
class PredictionOutcome;
class SweepControls;
struct LessonLink;

class RunControlsPanel : public QScrollArea {
    Q_OBJECT
public:
    explicit RunControlsPanel(const ExerciseDeclaration& exercise, QWidget* parent = nullptr);

    ParameterForm* form() const { return m_form; }
    SweepControls* sweep() const { return m_sweep; }
    PredictionOutcome* outcome() const { return m_outcome; }

    // While a run goes on only Cancel works; otherwise Run, Sweep and Compare do when the form is valid.
    void setRunning(bool running);
    // How much of the work is done, 0..1.
    void setProgress(double fraction);
    int progressPercent() const;
    // How a run ended, said on the bar and in the line under it, so a bar stopped at 75% never sits beside
    // "Ready.": a finished run fills the bar; a cancelled or failed one keeps where it stopped and says so.
    // Starting the next run (setRunning(true)) clears it.
    // A failed run's `headline` says how it failed ("Stalled at 40%"); empty: just "Failed".
    enum class RunEnd { Finished, Cancelled, Failed };
    void showRunEnd(RunEnd end, const QString& headline = {});
    // What the bar says (empty while it only shows progress).
    QString progressText() const;
    // One line under the progress bar: what the run is doing, or what became of it.
    void setStatus(const QString& text);
    QString status() const;
    // Takes a lesson link's preset and sweep lists; false, with the reason in *why, when a value is not one
    // the form accepts, or the link asks for a sweep and its lists are not valid.
    bool applyLink(const LessonLink& link, QString* why);
    // The result panel, as rich text.
    void setResult(const QString& html);
    void clearResult();
    QString result() const;

Q_SIGNALS:
    void runRequested();
    void cancelRequested();
    void compareRequested();
    void sweepRequested();

private:
    ParameterForm* m_form = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_compareButton = nullptr;
    SweepControls* m_sweep = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_eta = nullptr;
    PredictionOutcome* m_outcome = nullptr;
    QLabel* m_result = nullptr;
    bool m_running = false;
};

} // namespace mpwb
