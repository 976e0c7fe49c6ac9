// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One lesson on screen, in one scrolling column that keeps a readable line length: the text, then
// "Predict, then run", then the quiz. A lesson counts as read once the student has scrolled to its end. The
// text takes the keyboard when the lesson is shown, and the page scrolls with PageUp/PageDown, the arrows,
// Space and Ctrl+Home/Ctrl+End. A practice lesson opens its hints one at a time and its solution on request
// (practice_parts), and remembers how far the student has opened them.

#include <QWidget>

#include "lesson.h"

class QKeyEvent;
class QLabel;
class QScrollArea;

namespace mpwb {

class LessonText;
class PredictionPanel;
class ProgressStore;
class QuizPanel;

class LessonPage : public QWidget {
    Q_OBJECT
public:
    LessonPage(const Lesson& lesson, ProgressStore& progress, QWidget* parent = nullptr);

    const Lesson& lesson() const { return m_lesson; }
    LessonText* text() const { return m_text; }
    PredictionPanel* predictionPanel() const { return m_prediction; }
    QuizPanel* quizPanel() const { return m_quiz; }
    // The student's runs of the lesson's exercise, as shown (empty when the lesson has no exercise).
    QString measurementsText() const;
    void setDark(bool dark);
    // "predict" or "quiz" scroll to that part; anything else to the top.
    void scrollToPart(const QString& part);

Q_SIGNALS:
    void linkChosen(const QUrl& url);
    void predictionRunRequested(const QString& lessonId, const QUrl& run);

protected:
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void noteScroll();
    bool scrollByKey(const QKeyEvent* key);
    void showMeasurements();
    QString renderedMarkdown() const;
    // A practice lesson's own links: the next hint, the solution, the starter saved as the student's file.
    void followPracticeLink(PracticeLink link);

    Lesson m_lesson;
    ProgressStore& m_progress;
    QScrollArea* m_scroll = nullptr;
    LessonText* m_text = nullptr;
    PredictionPanel* m_prediction = nullptr;
    QuizPanel* m_quiz = nullptr;
    QLabel* m_measured = nullptr; // the student's runs of the lesson's exercise
    bool m_dark = false;
};

} // namespace mpwb
