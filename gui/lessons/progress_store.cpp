// SPDX-License-Identifier: GPL-3.0-or-later
#include "progress_store.h"

#include <QSettings>

#include "lesson_catalogue.h"

namespace mpwb {

namespace {
QString lessonKey(const QString& lesson, const char* what) {
    return QString("progress/lesson/%1/%2").arg(lesson, what);
}
} // namespace

ProgressStore::ProgressStore(QObject* parent) : QObject(parent) {
    // Progress saved under a lesson's old id moves to its new one, once, so a moved lesson keeps its ticks.
    QSettings settings;
    for (const auto& [old, now] : retiredLessonIds()) {
        const QString from = QString("progress/lesson/%1").arg(old);
        const QString to = QString("progress/lesson/%1").arg(now);
        settings.beginGroup(from);
        const QStringList keys = settings.allKeys();
        settings.endGroup();
        for (const auto& key : keys) {
            if (!settings.contains(to + '/' + key))
                settings.setValue(to + '/' + key, settings.value(from + '/' + key));
        }
        settings.remove(from);
    }
}

bool ProgressStore::lessonRead(const QString& lesson) const {
    return QSettings().value(lessonKey(lesson, "read")).toBool();
}

void ProgressStore::markLessonRead(const QString& lesson) {
    if (lessonRead(lesson)) return;
    QSettings().setValue(lessonKey(lesson, "read"), true);
    Q_EMIT changed();
}

bool ProgressStore::quizPassed(const QString& lesson) const {
    return QSettings().value(lessonKey(lesson, "quizPassed")).toBool();
}

int ProgressStore::quizBest(const QString& lesson) const {
    return QSettings().value(lessonKey(lesson, "quizBest"), 0).toInt();
}

void ProgressStore::recordQuiz(const QString& lesson, int right, int questions) {
    QSettings settings;
    if (right > quizBest(lesson)) settings.setValue(lessonKey(lesson, "quizBest"), right);
    if (right == questions) settings.setValue(lessonKey(lesson, "quizPassed"), true);
    Q_EMIT changed();
}

std::optional<PredictionRecord> ProgressStore::prediction(const QString& lesson) const {
    QSettings settings;
    settings.beginGroup(lessonKey(lesson, "prediction"));
    if (!settings.contains("guess")) return std::nullopt;
    PredictionRecord r;
    r.measure = settings.value("measure").toString();
    r.unit = settings.value("unit").toString();
    r.guess = settings.value("guess").toDouble();
    if (settings.contains("measured")) r.measured = settings.value("measured").toDouble();
    r.madeAt = settings.value("madeAt").toDateTime();
    for (const auto& g : settings.value("classGuesses").toStringList())
        r.classGuesses << g.toDouble();
    return r;
}

void ProgressStore::recordGuess(const QString& lesson, const PredictionRecord& record) {
    QSettings settings;
    settings.remove(lessonKey(lesson, "prediction"));
    settings.beginGroup(lessonKey(lesson, "prediction"));
    settings.setValue("measure", record.measure);
    settings.setValue("unit", record.unit);
    settings.setValue("guess", record.guess);
    settings.setValue("madeAt", record.madeAt.isValid() ? record.madeAt : QDateTime::currentDateTime());
    if (record.measured) settings.setValue("measured", *record.measured);
    if (!record.classGuesses.isEmpty()) {
        // As text, so the settings file stays readable (a list of doubles would be stored as binary).
        QStringList guesses;
        for (double g : record.classGuesses)
            guesses << QString::number(g, 'g', 15);
        settings.setValue("classGuesses", guesses);
    }
    settings.endGroup();
    Q_EMIT changed();
}

void ProgressStore::recordMeasurement(const QString& lesson, double measured) {
    QSettings().setValue(lessonKey(lesson, "prediction") + "/measured", measured);
    Q_EMIT changed();
}

bool ProgressStore::exerciseRun(const QString& exercise) const {
    return QSettings().value("progress/exercise/" + exercise).toBool();
}

PracticeShown ProgressStore::practiceShown(const QString& lesson) const {
    const QSettings settings;
    return {settings.value(lessonKey(lesson, "hintsShown"), 0).toInt(),
            settings.value(lessonKey(lesson, "solutionShown"), false).toBool()};
}

void ProgressStore::setPracticeShown(const QString& lesson, const PracticeShown& shown) {
    QSettings settings;
    settings.setValue(lessonKey(lesson, "hintsShown"), shown.hints);
    settings.setValue(lessonKey(lesson, "solutionShown"), shown.solution);
    Q_EMIT changed();
}

void ProgressStore::markExerciseRun(const QString& exercise) {
    if (exerciseRun(exercise)) return;
    QSettings().setValue("progress/exercise/" + exercise, true);
    Q_EMIT changed();
}

void ProgressStore::addExerciseResult(const QString& exercise, const QString& line) {
    constexpr int kKept = 5;
    QStringList lines = exerciseResults(exercise);
    lines.prepend(line);
    QSettings().setValue("progress/results/" + exercise, lines.mid(0, kKept));
    Q_EMIT changed();
}

QStringList ProgressStore::exerciseResults(const QString& exercise) const {
    return QSettings().value("progress/results/" + exercise).toStringList();
}

void ProgressStore::reset() {
    QSettings().remove("progress");
    Q_EMIT changed();
}

} // namespace mpwb
