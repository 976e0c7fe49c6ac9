// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a student has done, remembered between sessions in QSettings: lessons read, quizzes passed,
// predictions made (with what was then measured) and exercises run. One object shared by the navigator and
// the pages, so every view hears of a change at once.

#include <QDateTime>
#include <QObject>
#include <QVector>
#include <optional>

#include "practice_parts.h"

namespace mpwb {

struct PredictionRecord {
    QString measure; // as in the lesson's predict block
    QString unit;
    double guess = 0;               // the student's own, or the median of the class's guesses
    std::optional<double> measured; // set once the run it was made for has finished
    QDateTime madeAt;
    // Guesses from the room, entered by an instructor; empty when a student guessed alone (and in records
    // stored before there were class guesses).
    QVector<double> classGuesses = {};
};

class ProgressStore : public QObject {
    Q_OBJECT
public:
    explicit ProgressStore(QObject* parent = nullptr);

    bool lessonRead(const QString& lesson) const;
    void markLessonRead(const QString& lesson);

    bool quizPassed(const QString& lesson) const;
    // Best score so far, as right answers out of the quiz's questions; 0 when never tried.
    int quizBest(const QString& lesson) const;
    void recordQuiz(const QString& lesson, int right, int questions);

    std::optional<PredictionRecord> prediction(const QString& lesson) const;
    void recordGuess(const QString& lesson, const PredictionRecord& record);
    void recordMeasurement(const QString& lesson, double measured);

    // How far a practice lesson's hints and solution have been opened, so they stay open next time.
    PracticeShown practiceShown(const QString& lesson) const;
    void setPracticeShown(const QString& lesson, const PracticeShown& shown);

    bool exerciseRun(const QString& exercise) const;
    void markExerciseRun(const QString& exercise);
    // One line per finished run of an exercise ("processes, 2 workers: 0.48 s, 1.9× faster"), newest first,
    // the last few kept: a practice lesson shows them beside the plain Python solution.
    void addExerciseResult(const QString& exercise, const QString& line);
    QStringList exerciseResults(const QString& exercise) const;

    // Forgets everything above (not the window layout or the theme).
    void reset();

Q_SIGNALS:
    void changed();
};

} // namespace mpwb
