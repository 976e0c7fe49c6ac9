// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_page.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include "lesson_text.h"
#include "prediction_panel.h"
#include "progress_store.h"
#include "quiz_panel.h"
#include "runnable_examples.h"
#include "section_heading.h"

namespace mpwb {

namespace {
// About 80 characters of body text: long lines are hard to follow, on a laptop and on a projector.
constexpr int kColumnWidth = 880;
} // namespace

LessonPage::LessonPage(const Lesson& lesson, ProgressStore& progress, QWidget* parent)
    : QWidget(parent), m_lesson(lesson), m_progress(progress) {
    auto* column = new QWidget;
    column->setMaximumWidth(kColumnWidth);
    auto* layout = new QVBoxLayout(column);
    m_text = new LessonText;
    m_text->setAccessibleName(tr("Lesson: %1").arg(lesson.title));
    m_text->setLessonMarkdown(renderedMarkdown(), false);
    layout->addWidget(m_text);
    if (!lesson.exercise.isEmpty()) {
        // The same work, measured: beside the plain Python in the text, the student's own runs of it.
        auto* box = new QGroupBox;
        auto* boxLayout = new QVBoxLayout(box);
        boxLayout->addWidget(sectionHeading(tr("Measured in the workbench")));
        m_measured = new QLabel;
        m_measured->setWordWrap(true);
        m_measured->setTextInteractionFlags(Qt::TextSelectableByMouse);
        boxLayout->addWidget(m_measured);
        layout->addWidget(box);
        connect(&m_progress, &ProgressStore::changed, this, &LessonPage::showMeasurements);
        showMeasurements();
    }
    if (lesson.prediction) {
        m_prediction = new PredictionPanel(lesson.id, *lesson.prediction, progress);
        layout->addWidget(m_prediction);
        connect(m_prediction, &PredictionPanel::runRequested, this, &LessonPage::predictionRunRequested);
    }
    if (!lesson.quiz.isEmpty()) {
        m_quiz = new QuizPanel(lesson.id, lesson.quiz, progress);
        layout->addWidget(m_quiz);
    }
    layout->addStretch();

    auto* centre = new QWidget;
    auto* row = new QHBoxLayout(centre);
    row->addStretch();
    row->addWidget(column, 100);
    row->addStretch();
    m_scroll = new QScrollArea;
    m_scroll->setWidget(centre);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Always shown, so the width (and with it the text's height) does not flip as the scroll bar comes and
    // goes.
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_scroll);

    connect(m_text, &LessonText::linkChosen, this, [this](const QUrl& url) {
        if (const auto practice = practiceLink(url); practice != PracticeLink::None)
            followPracticeLink(practice);
        else
            Q_EMIT linkChosen(url);
    });
    // The text is as tall as the lesson and does not scroll itself: the page scrolls for it, by key (the
    // filter) and to the link that Tab has reached.
    setFocusProxy(m_text);
    m_text->installEventFilter(this);
    m_scroll->installEventFilter(this);
    connect(m_text, &QTextBrowser::cursorPositionChanged, this, [this] {
        const QRect at = m_text->cursorRect();
        const QPoint centre = m_text->viewport()->mapTo(m_scroll->widget(), at.center());
        m_scroll->ensureVisible(centre.x(), centre.y(), 0, 2 * at.height());
    });
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, this, &LessonPage::noteScroll);
    connect(m_scroll->verticalScrollBar(), &QScrollBar::rangeChanged, this, &LessonPage::noteScroll);
}

void LessonPage::setDark(bool dark) {
    m_dark = dark;
    m_text->setLessonMarkdown(renderedMarkdown(), dark);
}

void LessonPage::followPracticeLink(PracticeLink link) {
    if (link == PracticeLink::Attempt) {
        QString why;
        const QString path = saveAttempt(m_lesson.id, m_lesson.practice.starter, &why);
        if (path.isEmpty()) {
            QMessageBox::warning(this, tr("Start my attempt"), why);
            return;
        }
        // Opened, not run: the starter has parts still to write.
        Q_EMIT linkChosen(pythonFileLink(path, false));
        return;
    }
    auto shown = m_progress.practiceShown(m_lesson.id);
    if (link == PracticeLink::NextHint) shown.hints = qMin(shown.hints + 1, m_lesson.practice.hints);
    if (link == PracticeLink::Solution) shown.solution = true;
    m_progress.setPracticeShown(m_lesson.id, shown);
    m_text->setLessonMarkdown(renderedMarkdown(), m_dark);
}

void LessonPage::scrollToPart(const QString& part) {
    QWidget* target = part == "quiz"      ? static_cast<QWidget*>(m_quiz)
                      : part == "predict" ? m_prediction
                                          : nullptr;
    // After layout, so the part's position is its real one.
    QTimer::singleShot(0, this, [this, target] {
        m_scroll->verticalScrollBar()->setValue(target ? target->mapTo(m_scroll->widget(), QPoint(0, 0)).y()
                                                       : 0);
    });
}

QString LessonPage::measurementsText() const {
    return m_measured ? m_measured->text() : QString();
}

void LessonPage::showMeasurements() {
    const auto lines = m_progress.exerciseResults(m_lesson.exercise);
    if (lines.isEmpty()) {
        m_measured->setText(tr("No runs of this exercise yet. Use a Run link above; your last results appear "
                               "here, newest first."));
        return;
    }
    QString html = "<ul>";
    for (const auto& line : lines)
        html += "<li>" + line.toHtmlEscaped() + "</li>";
    m_measured->setText(html + "</ul>");
}

QString LessonPage::renderedMarkdown() const {
    // The title lives in the front matter (the navigator shows it too); the page shows it as the heading.
    return "# " + m_lesson.title + "\n\n" +
           withPracticeShown(m_lesson.markdown, m_progress.practiceShown(m_lesson.id));
}

void LessonPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // The reading area takes the keys, so PageDown reads on at once; not while the student walks the tree
    // with the arrows (each step shows a lesson), where taking the keys would stop the walk. After the show,
    // so that a window opening on a lesson does not hand the keys to its first widget instead.
    QTimer::singleShot(0, this, [this] {
        const auto* walking = qobject_cast<QAbstractItemView*>(QApplication::focusWidget());
        if (isVisible() && !(walking && walking->isActiveWindow())) m_text->setFocus(Qt::OtherFocusReason);
    });
    QTimer::singleShot(500, this, &LessonPage::noteScroll);
}

bool LessonPage::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress && scrollByKey(static_cast<QKeyEvent*>(event))) return true;
    return QWidget::eventFilter(watched, event);
}

bool LessonPage::scrollByKey(const QKeyEvent* key) {
    auto* bar = m_scroll->verticalScrollBar();
    const auto mods = key->modifiers() & ~Qt::KeypadModifier;
    QAbstractSlider::SliderAction action = QAbstractSlider::SliderNoAction;
    if (key->matches(QKeySequence::MoveToNextPage) || (key->key() == Qt::Key_Space && mods == Qt::NoModifier))
        action = QAbstractSlider::SliderPageStepAdd;
    else if (key->matches(QKeySequence::MoveToPreviousPage) ||
             (key->key() == Qt::Key_Space && mods == Qt::ShiftModifier))
        action = QAbstractSlider::SliderPageStepSub;
    else if (key->matches(QKeySequence::MoveToEndOfDocument) || (key->key() == Qt::Key_End && !mods))
        action = QAbstractSlider::SliderToMaximum;
    else if (key->matches(QKeySequence::MoveToStartOfDocument) || (key->key() == Qt::Key_Home && !mods))
        action = QAbstractSlider::SliderToMinimum;
    else if (key->key() == Qt::Key_Down && !mods)
        action = QAbstractSlider::SliderSingleStepAdd;
    else if (key->key() == Qt::Key_Up && !mods)
        action = QAbstractSlider::SliderSingleStepSub;
    if (action == QAbstractSlider::SliderNoAction) return false;
    bar->triggerAction(action);
    return true;
}

void LessonPage::noteScroll() {
    // Read means the end of the text has been on screen, after layout has given the text its real height.
    const int fullHeight = m_text->heightForWidth(m_text->width());
    if (!isVisible() || m_text->height() != fullHeight) return; // not laid out at its real height yet
    const auto* bar = m_scroll->verticalScrollBar();
    const int textBottom = m_text->mapTo(m_scroll->widget(), QPoint(0, fullHeight)).y();
    if (textBottom <= bar->value() + m_scroll->viewport()->height()) m_progress.markLessonRead(m_lesson.id);
}

} // namespace mpwb
