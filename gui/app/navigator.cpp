// SPDX-License-Identifier: GPL-3.0-or-later
#include "navigator.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>

#include "progress_store.h"

namespace mpwb {

namespace {
constexpr int kKindRole = Qt::UserRole;
constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kTitleRole = Qt::UserRole + 2;
constexpr int kMarksRole = Qt::UserRole + 3;
constexpr int kSpokenRole = Qt::UserRole + 4; // the title as a screen reader says it: words, no symbols
constexpr int kNoteRole = Qt::UserRole + 5;   // what the tooltip says besides the title and the marks

QSize markIconSize() {
    const QFontMetrics metrics(QApplication::font());
    return {metrics.horizontalAdvance(QString::fromUtf8("✓★◆")) + 4, metrics.height()};
}

// The marks as a picture of fixed size: an item with none gets a blank one, so titles stay aligned. The
// selected row has its own picture in the highlight's text colour: green on the highlight could vanish.
QPixmap markPixmap(const QString& marks, const QColor& colour) {
    const QSize size = markIconSize();
    QPixmap pixmap(size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setFont(QApplication::font());
    painter.setPen(colour);
    painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignLeft | Qt::AlignVCenter, QString(marks).remove(' '));
    return pixmap;
}

QIcon markIcon(const QString& marks, const QPalette& palette, bool dark) {
    // Okabe–Ito bluish green means done; a lighter tint of it on the dark theme's base.
    const QColor done = dark ? QColor(0x3d, 0xd6, 0xa3) : QColor(0x00, 0x7a, 0x58);
    QIcon icon;
    icon.addPixmap(markPixmap(marks, done), QIcon::Normal);
    icon.addPixmap(markPixmap(marks, palette.color(QPalette::Active, QPalette::HighlightedText)),
                   QIcon::Selected);
    return icon;
}

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}
} // namespace

Navigator::Navigator(const LessonCatalogue& lessons, const QVector<ExerciseDeclaration>& exercises,
                     ProgressStore& progress, QWidget* parent)
    : QTreeWidget(parent), m_progress(progress) {
    setHeaderHidden(true);
    setMinimumWidth(170);
    setAccessibleName(tr("Lessons and exercises"));
    // Marks are drawn as the item's icon, in front of the title, so eliding a long title never hides them.
    setIconSize(markIconSize());
    setWordWrap(true);
    QHash<QString, QString> exerciseTitles;
    for (const auto& e : exercises)
        exerciseTitles[e.id] = e.title;
    // An exercise sits under every lesson that prepares it, so it is at hand wherever the student reads; each
    // entry names the other lessons, so two entries read as one page, not two exercises.
    QHash<QString, QStringList> listedUnder; // exercise id -> numbers of the lessons it sits under
    for (const auto& lesson : lessons.lessons())
        listedUnder[lesson.exercise].append(lessonNumber(lesson.id));
    QSet<QString> placed;
    for (const auto& lesson : lessons.lessons()) {
        const QString here = lessonNumber(lesson.id);
        auto* item = addItem(nullptr, Kind::Lesson, lesson.id, QString("%1. %2").arg(here, lesson.title));
        if (lesson.exercise.isEmpty() || !exerciseTitles.contains(lesson.exercise)) continue;
        QStringList others;
        for (const auto& n : listedUnder.value(lesson.exercise))
            if (n != here) others << n;
        const QString title = exerciseTitles[lesson.exercise];
        auto* entry = addItem(item, Kind::Exercise, lesson.exercise, QString::fromUtf8("▶ ") + title,
                              tr("Exercise: %1").arg(title));
        if (!others.isEmpty()) {
            const QString also = others.size() == 1 ? tr("also in lesson %1").arg(others.first())
                                                    : tr("also in lessons %1").arg(others.join(", "));
            // On a line of its own: the navigator is narrow, and an end of line is where eliding cuts.
            entry->setData(0, kTitleRole, QString::fromUtf8("▶ %1\n    (%2)").arg(title, also));
            entry->setData(0, kSpokenRole, tr("Exercise: %1, %2").arg(title, also));
            entry->setData(0, kNoteRole,
                           tr("The same exercise page as under lesson %1: its settings and runs "
                              "are shared.")
                               .arg(others.join(", ")));
        }
        placed.insert(lesson.exercise);
    }
    QTreeWidgetItem* group = nullptr;
    for (const auto& e : exercises) {
        if (placed.contains(e.id)) continue;
        if (!group) {
            group = new QTreeWidgetItem(this, {tr("Exercises")});
            group->setFlags(Qt::ItemIsEnabled);
        }
        addItem(group, Kind::Exercise, e.id, e.title, tr("Exercise: %1").arg(e.title));
    }
    // The comparison of backends is a page of its own, reached from here as well as from exercises.
    addItem(nullptr, Kind::Compare, "compare", tr("Threads or processes? (compare backends)"));
    // A student's own script, under the same monitors as the exercises.
    addItem(nullptr, Kind::Python, "python", tr("Your own Python"));
    expandAll();
    refreshMarks();
    connect(&m_progress, &ProgressStore::changed, this, &Navigator::refreshMarks);
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item || item->data(0, kIdRole).toString().isEmpty()) return;
        const auto id = item->data(0, kIdRole).toString();
        const auto kind = Kind(item->data(0, kKindRole).toInt());
        if (kind == Kind::Lesson)
            Q_EMIT lessonChosen(id);
        else if (kind == Kind::Compare)
            Q_EMIT compareChosen();
        else if (kind == Kind::Python)
            Q_EMIT pythonChosen();
        else
            Q_EMIT exerciseChosen(id);
    });
}

QTreeWidgetItem* Navigator::addItem(QTreeWidgetItem* parent, Kind kind, const QString& id,
                                    const QString& title, const QString& spoken) {
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(this);
    item->setData(0, kKindRole, int(kind));
    item->setData(0, kIdRole, id);
    item->setData(0, kTitleRole, title);
    item->setData(0, kSpokenRole, spoken.isEmpty() ? title : spoken);
    m_items.append(item);
    return item;
}

QString Navigator::marksOf(Kind kind, const QString& id) const {
    auto* item = itemFor(kind, id);
    return item ? item->data(0, kMarksRole).toString() : QString();
}

QTreeWidgetItem* Navigator::itemFor(Kind kind, const QString& id) const {
    for (auto* item : m_items)
        if (Kind(item->data(0, kKindRole).toInt()) == kind && item->data(0, kIdRole).toString() == id)
            return item;
    return nullptr;
}

void Navigator::select(Kind kind, const QString& id) {
    auto* current = currentItem();
    if (current && Kind(current->data(0, kKindRole).toInt()) == kind &&
        current->data(0, kIdRole).toString() == id)
        return; // already on one of its entries
    if (auto* item = itemFor(kind, id)) {
        const QSignalBlocker quiet(this); // the caller is already showing the page
        setCurrentItem(item);
    }
}

QString Navigator::spokenText(Kind kind, const QString& id) const {
    auto* item = itemFor(kind, id);
    return item ? item->data(0, Qt::AccessibleTextRole).toString() : QString();
}

void Navigator::changeEvent(QEvent* event) {
    QTreeWidget::changeEvent(event);
    // The marks are pictures: drawn again in the new theme's colours, or at the new text size.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        setIconSize(markIconSize());
        refreshMarks();
    }
}

void Navigator::refreshMarks() {
    const bool dark = isDark(palette());
    for (auto* item : m_items) {
        const auto id = item->data(0, kIdRole).toString();
        QString marks;
        QStringList done;
        if (Kind(item->data(0, kKindRole).toInt()) == Kind::Lesson) {
            if (m_progress.lessonRead(id)) marks += QString::fromUtf8(" ✓"), done << tr("read");
            if (m_progress.quizPassed(id)) marks += QString::fromUtf8(" ★"), done << tr("quiz passed");
            if (m_progress.prediction(id)) marks += QString::fromUtf8(" ◆"), done << tr("prediction made");
        } else if (m_progress.exerciseRun(id)) {
            marks += QString::fromUtf8(" ✓");
            done << tr("run");
        }
        item->setText(0, item->data(0, kTitleRole).toString());
        item->setData(0, kMarksRole, marks.trimmed());
        item->setIcon(0, markIcon(marks.trimmed(), palette(), dark));
        // The marks are a picture a screen reader cannot read: it hears them in words after the title.
        item->setData(0, Qt::AccessibleTextRole,
                      (QStringList{item->data(0, kSpokenRole).toString()} + done).join(", "));
        const QString tip = done.isEmpty() ? tr("Not started yet") : tr("Done: %1").arg(done.join(", "));
        QStringList tipLines{item->data(0, kTitleRole).toString(), tip};
        if (const auto note = item->data(0, kNoteRole).toString(); !note.isEmpty()) tipLines << note;
        item->setToolTip(0, tipLines.join('\n'));
    }
}

} // namespace mpwb
