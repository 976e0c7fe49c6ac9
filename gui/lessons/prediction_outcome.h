// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// On the exercise page: the prediction a lesson asked for, waiting for its run, and afterwards the guess
// beside the measurement; for guesses from the class, their spread drawn against it. Hidden when no
// prediction is pending or shown.

#include <QFrame>
#include <QVector>
#include <optional>

#include "lesson.h"
#include "prediction.h"

class QLabel;

namespace mpwb {

class GuessSpreadPlot;

class PredictionOutcome : public QFrame {
    Q_OBJECT
public:
    explicit PredictionOutcome(QWidget* parent = nullptr);

    // A student's own guess, or the class's guesses (then guess is their median).
    void setPending(const QString& lessonId, const Prediction& prediction, double guess,
                    const QVector<double>& classGuesses);
    bool isPending() const { return m_pending.has_value(); }
    // After a finished run: shows the comparison and reports the measurement, if the run measured it. The
    // outcome then belongs to that run (runId), and a page shows it only beside that run. The run's data,
    // when given, serves the measures read from its events (startup-share, cpu-cores, chunksize-ratio, ...).
    void resolve(const RunMeasures& measures, const QString& runId = {}, const RunData* run = nullptr);
    QString runId() const { return m_runId; }
    // The run it waited for did not finish (failed, cancelled, never started): forget it, saying why, so that
    // no other run is taken for its answer.
    void abandon(const QString& why);

    // All of it as rich text (the spread in words), for the instructor's sheet; empty when there is nothing.
    QString text() const { return m_html; }
    // Shown once a run has resolved guesses from the class.
    GuessSpreadPlot* spreadPlot() const { return m_spread; }

Q_SIGNALS:
    void measured(const QString& lessonId, double value);

private:
    QString pendingText() const;
    // Rich text above the plot (or alone), below it, and for text().
    void showText(const QString& above, const QString& below = {}, const QString& whole = {});
    struct Pending {
        QString lessonId;
        Prediction prediction;
        double guess = 0;
        QVector<double> classGuesses;
    };
    std::optional<Pending> m_pending;
    QString m_runId;
    QString m_html;
    QLabel* m_above = nullptr;
    GuessSpreadPlot* m_spread = nullptr;
    QLabel* m_below = nullptr;
};

} // namespace mpwb
