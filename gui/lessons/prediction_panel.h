#pragma once
// The "Predict, then run" box under a lesson: the question, a field for the guess, and a button that locks
// the guess in and starts the run that answers it. Once the run has measured the answer, the box shows the
// guess beside the measurement with the lesson's explanation.

#include <QGroupBox>

#include "lesson.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace mpwb {

class ProgressStore;

class PredictionPanel : public QGroupBox {
    Q_OBJECT
public:
    PredictionPanel(const QString& lessonId, const Prediction& prediction, ProgressStore& progress,
                    QWidget* parent = nullptr);

    QLineEdit* guessField() const { return m_guess; }
    QPushButton* lockButton() const { return m_lock; }

Q_SIGNALS:
    // The guess is stored; the receiver runs the prediction's link and reports the measurement to the store.
    void runRequested(const QString& lessonId, const QUrl& run);

private:
    void refresh();
    void lockIn();

    QString m_lessonId;
    Prediction m_prediction;
    ProgressStore& m_progress;
    QLineEdit* m_guess = nullptr;
    QPushButton* m_lock = nullptr;
    QLabel* m_outcome = nullptr;
};

} // namespace mpwb
