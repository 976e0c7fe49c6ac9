#pragma once
// On the exercise page: the prediction a lesson asked for, waiting for its run, and afterwards the guess
// beside the measurement. Hidden when no prediction is pending or shown.

#include <QLabel>
#include <optional>

#include "lesson.h"
#include "prediction.h"

namespace mpwb {

class PredictionOutcome : public QLabel {
    Q_OBJECT
public:
    explicit PredictionOutcome(QWidget* parent = nullptr);

    void setPending(const QString& lessonId, const Prediction& prediction, double guess);
    bool isPending() const { return m_pending.has_value(); }
    // After a finished run: shows the comparison and reports the measurement, if the run measured it. The
    // outcome then belongs to that run (runId), and a page shows it only beside that run.
    void resolve(const RunMeasures& measures, const QString& runId = {});
    QString runId() const { return m_runId; }
    // The run it waited for did not finish (failed, cancelled, never started): forget it, saying why, so that
    // no other run is taken for its answer.
    void abandon(const QString& why);

Q_SIGNALS:
    void measured(const QString& lessonId, double value);

private:
    QString pendingText() const;
    struct Pending {
        QString lessonId;
        Prediction prediction;
        double guess = 0;
    };
    std::optional<Pending> m_pending;
    QString m_runId;
};

} // namespace mpwb
