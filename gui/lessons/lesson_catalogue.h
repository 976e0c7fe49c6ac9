// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// All lessons in teaching order, read from a folder of Markdown files: by default the copy of lessons/
// built into the app, or the folder named by MPWB_LESSONS_DIR, so an instructor can try a new lesson
// without rebuilding.

#include <QStringList>
#include <QVector>

#include "lesson.h"

namespace mpwb {

class LessonCatalogue {
public:
    // Reads every NN-slug.md and NNx-slug.md (x a letter: a lesson added between NN and the next) in the
    // folder; a file that breaks the format is left out and its problem kept.
    explicit LessonCatalogue(const QString& folder = defaultFolder());

    static QString defaultFolder();

    const QVector<Lesson>& lessons() const { return m_lessons; }
    const Lesson* find(const QString& id) const;
    // "04-pools-and-chunksize.md: line 12: ..." for each file that could not be read.
    const QStringList& problems() const { return m_problems; }

private:
    QVector<Lesson> m_lessons;
    QStringList m_problems;
};

// The lesson's number as students see it, from its id: "04-pools-and-chunksize" is "4", "04a-..." is "4a".
// From the name, not the position, so adding a lesson never renumbers the ones the texts refer to.
QString lessonNumber(const QString& id);

// A lesson's id today for an id it once had: a lesson moved in the course (start methods, once 08, now 03a
// right after processes) keeps answering to its old id, in links, saved progress and the last page shown.
// Any other id comes back as it is.
QString currentLessonId(const QString& id);
// Every retired id with the id that replaced it.
const QVector<QPair<QString, QString>>& retiredLessonIds();

} // namespace mpwb
