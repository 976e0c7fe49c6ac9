// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A lesson's quiz: radio buttons for multiple choice, a field for numeric answers, and after "Check answers"
// an explanation under every question, for the answer given whether it was right or wrong. A question may
// come with a program to read ("spot the bug"), shown in a fixed-width font. A wrong number is not corrected
// at once: the answer and its working are shown only after a second wrong try, so the first retry is the
// student's own.

#include <QGroupBox>
#include <QHash>
#include <QVector>

#include "lesson.h"

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mpwb {

class ProgressStore;

class QuizPanel : public QGroupBox {
    Q_OBJECT
public:
    QuizPanel(const QString& lessonId, const QVector<QuizQuestion>& quiz, ProgressStore& progress,
              QWidget* parent = nullptr);

    // For tests and keyboard users: choose option `option` of question `question`, or type a number.
    void choose(int question, int option);
    void typeAnswer(int question, const QString& text);
    // Marks every question; returns how many were right. Records the score.
    int check();
    QString feedback(int question) const;

Q_SIGNALS:
    void checked(int right, int questions);

protected:
    // A click on an answer's words checks its button.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct QuestionWidgets {
        QButtonGroup* options = nullptr;
        QLineEdit* number = nullptr;
        QLabel* feedback = nullptr;
        int wrongNumbers = 0; // wrong numeric answers checked so far
    };

    QString m_lessonId;
    QVector<QuizQuestion> m_quiz;
    ProgressStore& m_progress;
    QVector<QuestionWidgets> m_widgets;
    QLabel* m_score = nullptr;
    QHash<QObject*, QAbstractButton*> m_optionOf; // an answer's words -> its button
};

} // namespace mpwb
