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
    // Names sort in teaching order because they start with two digits.
    const auto names = dir.entryList({"[0-9][0-9]-*.md"}, QDir::Files, QDir::Name);
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

const Lesson* LessonCatalogue::find(const QString& id) const {
    for (const auto& lesson : m_lessons)
        if (lesson.id == id) return &lesson;
    return nullptr;
}

} // namespace mpwb
