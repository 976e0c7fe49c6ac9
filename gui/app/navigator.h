// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The tree on the left: lessons in teaching order, each exercise under the lesson that prepares it (the
// rest in an "Exercises" group), with marks for what the student has done: ✓ read or run, ★ quiz passed,
// ◆ prediction made. The marks follow the ProgressStore as it changes; a screen reader hears them in words
// after the title.

#include <QTreeWidget>

#include "exercise_catalogue.h"
#include "lesson_catalogue.h"

namespace mpwb {

class ProgressStore;

class Navigator : public QTreeWidget {
    Q_OBJECT
public:
    enum class Kind { Lesson, Exercise, Compare, Python };

    Navigator(const LessonCatalogue& lessons, const QVector<ExerciseDeclaration>& exercises,
              ProgressStore& progress, QWidget* parent = nullptr);

    QTreeWidgetItem* itemFor(Kind kind, const QString& id) const;
    void select(Kind kind, const QString& id);
    // "✓★" and so on: the marks an item shows, for tests and screen readers' tooltips.
    QString marksOf(Kind kind, const QString& id) const;
    // What a screen reader says for the item: "4. Pools and chunksize, read, quiz passed".
    QString spokenText(Kind kind, const QString& id) const;

Q_SIGNALS:
    void lessonChosen(const QString& id);
    void exerciseChosen(const QString& id);
    void compareChosen();
    void pythonChosen();

protected:
    void changeEvent(QEvent* event) override;

private:
    // spoken: the title in words for a screen reader, when it differs from the title shown.
    QTreeWidgetItem* addItem(QTreeWidgetItem* parent, Kind kind, const QString& id, const QString& title,
                             const QString& spoken = {});
    void refreshMarks();

    ProgressStore& m_progress;
    QVector<QTreeWidgetItem*> m_items;
};

} // namespace mpwb
