// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The "Predict, then run" box under a lesson: the question, a field for the guess, and a button that locks
// the guess in and starts the run that answers it. Once the run has measured the answer, the box shows the
// guess beside the measurement with the lesson's explanation.
//
// In class, an instructor switches the box to the room's guesses: a list typed as the students call them
// out, checked as it is typed. The list then stands in for the single guess (stored with it, its median as
// the guess), and after the run the box draws its spread against the measurement.

#include <QGroupBox>

#include "lesson.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace mpwb {

class GuessSpreadPlot;
class ProgressStore;
struct GuessList;

class PredictionPanel : public QGroupBox {
    Q_OBJECT
public:
    PredictionPanel(const QString& lessonId, const Prediction& prediction, ProgressStore& progress,
                    QWidget* parent = nullptr);

    QLineEdit* guessField() const { return m_guess; }
    QPushButton* lockButton() const { return m_lock; }
    // Checked: the box takes the class's guesses instead of one.
    QPushButton* classToggle() const { return m_classToggle; }
    QPlainTextEdit* classField() const { return m_classField; }
    QPushButton* clearClassButton() const { return m_clearClass; }
    // What the check of the class's list says: how many guesses, or what is wrong and what is allowed.
    QString classCheck() const;
    GuessSpreadPlot* spreadPlot() const { return m_spread; }

Q_SIGNALS:
    // The guess is stored; the receiver runs the prediction's link and reports the measurement to the store.
    void runRequested(const QString& lessonId, const QUrl& run);

private:
    void refresh();
    void lockIn();
    void checkInput();
    bool classMode() const;
    GuessList classGuesses() const;

    QString m_lessonId;
    Prediction m_prediction;
    ProgressStore& m_progress;
    QLineEdit* m_guess = nullptr;
    QPushButton* m_lock = nullptr;
    QPushButton* m_classToggle = nullptr;
    QWidget* m_classBox = nullptr;
    QPlainTextEdit* m_classField = nullptr;
    QPushButton* m_clearClass = nullptr;
    QLabel* m_classCheck = nullptr;
    QLabel* m_outcome = nullptr;
    GuessSpreadPlot* m_spread = nullptr;
};

} // namespace mpwb
