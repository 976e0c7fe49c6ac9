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

QSize markIconSize() {
    const QFontMetrics metrics(QApplication::font());
    return {metrics.horizontalAdvance(QString::fromUtf8("✓★◆")) + 4, metrics.height()};
}

// The marks as a picture of fixed size: an item with none gets a blank one, so titles stay aligned.
QIcon markIcon(const QString& marks) {
    const QSize size = markIconSize();
    QPixmap pixmap(size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setFont(QApplication::font());
    painter.setPen(QColor(0x00, 0x9e, 0x73)); // Okabe–Ito bluish green: done
    painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignLeft | Qt::AlignVCenter, QString(marks).remove(' '));
    return QIcon(pixmap);
}
} // namespace

Navigator::Navigator(const LessonCatalogue& lessons, const QVector<ExerciseDeclaration>& exercises,
                     ProgressStore& progress, QWidget* parent)
    : QTreeWidget(parent), m_progress(progress) {
    setHeaderHidden(true);
    setMinimumWidth(170);
    // Marks are drawn as the item's icon, in front of the title, so eliding a long title never hides them.
    setIconSize(markIconSize());
    setWordWrap(true);
    QHash<QString, QString> exerciseTitles;
    for (const auto& e : exercises)
        exerciseTitles[e.id] = e.title;
    // An exercise sits under every lesson that prepares it, so it is at hand wherever the student reads.
    QSet<QString> placed;
    int number = 1;
    for (const auto& lesson : lessons.lessons()) {
        auto* item =
            addItem(nullptr, Kind::Lesson, lesson.id, QString("%1. %2").arg(number++).arg(lesson.title));
        if (!lesson.exercise.isEmpty() && exerciseTitles.contains(lesson.exercise)) {
            addItem(item, Kind::Exercise, lesson.exercise,
                    QString::fromUtf8("▶ ") + exerciseTitles[lesson.exercise]);
            placed.insert(lesson.exercise);
        }
    }
    QTreeWidgetItem* group = nullptr;
    for (const auto& e : exercises) {
        if (placed.contains(e.id)) continue;
        if (!group) {
            group = new QTreeWidgetItem(this, {tr("Exercises")});
            group->setFlags(Qt::ItemIsEnabled);
        }
        addItem(group, Kind::Exercise, e.id, e.title);
    }
    // The comparison of backends is a page of its own, reached from here as well as from exercises.
    addItem(nullptr, Kind::Compare, "compare", tr("Threads or processes? (compare backends)"));
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
        else
            Q_EMIT exerciseChosen(id);
    });
}

QTreeWidgetItem* Navigator::addItem(QTreeWidgetItem* parent, Kind kind, const QString& id,
                                    const QString& title) {
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(this);
    item->setData(0, kKindRole, int(kind));
    item->setData(0, kIdRole, id);
    item->setData(0, kTitleRole, title);
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

void Navigator::refreshMarks() {
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
        item->setIcon(0, markIcon(marks.trimmed()));
        const QString tip = done.isEmpty() ? tr("Not started yet") : tr("Done: %1").arg(done.join(", "));
        item->setToolTip(0, item->data(0, kTitleRole).toString() + "\n" + tip);
    }
}

} // namespace mpwb
