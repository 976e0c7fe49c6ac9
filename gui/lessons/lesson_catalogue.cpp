// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_catalogue.h"

#include <QDir>
#include <QFile>

namespace mpwb {

QString LessonCatalogue::defaultFolder() {
    const QString fromEnvironment = qEnvironmentVariable("MPWB_LESSONS_DIR");
    return fromEnvironment.isEmpty() ? QStringLiteral(":/lessons") : fromEnvironment;
}

LessonCatalogue::LessonCatalogue(const QString& folder) {
    const QDir dir(folder);
    // Names sort in teaching order because they start with two digits; a letter after them ("04a") puts a
    // lesson after 04 and before 05 without renaming the others, whose names are ids kept in saved progress.
    const auto names = dir.entryList({"[0-9][0-9]-*.md", "[0-9][0-9][a-z]-*.md"}, QDir::Files, QDir::Name);
    for (const auto& name : names) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            m_problems << QString("%1: %2").arg(name, file.errorString());
            continue;
        }
        QString why;
        auto lesson = parseLesson(name.chopped(3), QString::fromUtf8(file.readAll()), &why);
        if (lesson)
            m_lessons.append(std::move(*lesson));
        else
            m_problems << QString("%1: %2").arg(name, why);
    }
}

QString lessonNumber(const QString& id) {
    QString number = id.section('-', 0, 0);
    while (number.size() > 1 && number.startsWith('0'))
        number.remove(0, 1);
    return number;
}

const QVector<QPair<QString, QString>>& retiredLessonIds() {
    static const QVector<QPair<QString, QString>> renamed{{"08-start-methods", "03a-start-methods"}};
    return renamed;
}

QString currentLessonId(const QString& id) {
    for (const auto& [old, now] : retiredLessonIds())
        if (id == old) return now;
    return id;
}

const Lesson* LessonCatalogue::find(const QString& id) const {
    const QString wanted = currentLessonId(id);
    for (const auto& lesson : m_lessons)
        if (lesson.id == wanted) return &lesson;
    return nullptr;
}

} // namespace mpwb
