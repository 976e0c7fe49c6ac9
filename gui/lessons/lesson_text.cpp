// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_text.h"
#include "text_scale.h"

#include <QDesktopServices>
#include <QFontDatabase>
#include <QMessageBox>
#include <QPainter>
#include <QTextBlock>
#include <QTextCursor>
#include <QUrlQuery>
#include <cmath>
#include <memory>

#include "lesson.h"
#include "python_highlighter.h"
#include "runnable_examples.h"

namespace mpwb {

LessonText::LessonText(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    setFrameShape(QFrame::NoFrame);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    document()->setDocumentMargin(12);
    // Lessons are read, often from a projector: a size up from the controls around them.
    scaleText(this, 1.15);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (const int n = lessonExampleIndex(url); n >= 0 && n < m_programs.size()) {
            QString why;
            const auto path = saveLessonExample(m_programs[n], &why);
            if (path.isEmpty()) {
                QMessageBox::warning(this, tr("Run in the workbench"), why);
                return;
            }
            // The link under a program runs it (its label says so); one in the text runs it only with
            // action=run, as its mark and tooltip say (parseLessonLink).
            const QUrlQuery asked(url);
            const bool run = !url.hasQuery() || asked.queryItemValue("action") == "run";
            Q_EMIT linkChosen(pythonFileLink(path, run, asked.queryItemValue("view")));
        } else if (url.scheme() == "mpwb") {
            Q_EMIT linkChosen(url);
        } else if (url.scheme() == "https" || url.scheme() == "http")
            QDesktopServices::openUrl(url);
    });
    connect(this, qOverload<const QUrl&>(&QTextBrowser::highlighted), this, &LessonText::describeHoveredLink);
}

void LessonText::describeHoveredLink(const QUrl& url) {
    // Before a click: does this link only open a page, or start a run at once?
    QString text;
    if (lessonExampleIndex(url) >= 0 && !url.hasQuery())
        text = tr("%1 Opens this program on the Python page and runs it at once").arg(kStartsMark);
    else if (const auto practice = practiceLink(url); practice != PracticeLink::None)
        text = describePracticeLink(practice);
    else if (const auto link = parseLessonLink(url))
        text = describeLink(*link);
    setToolTip(text);
}

void LessonText::setLessonMarkdown(const QString& markdown, bool dark) {
    m_markdown = markdown;
    m_dark = dark;
    render();
}

void LessonText::render() {
    delete m_highlighter;
    m_highlighter = nullptr;
    m_heights.clear();
    m_programs.clear();
    setMarkdown(withRunLinks(withStartMarks(m_markdown), &m_programs));
    tintCodeBlocks(m_dark);
    m_highlighter = new PythonHighlighter(document(), m_dark);
    updateGeometry();
    if (isVisible()) setFixedHeight(heightForWidth(width())); // else the first resize sets it
}

void LessonText::tintCodeBlocks(bool dark) {
    // The reader gives code the system's fixed font at its own size: set to ours, so code grows with the
    // text.
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    fixed.setPointSizeF(font().pointSizeF());
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    for (auto block = document()->begin(); block.isValid(); block = block.next()) {
        if (!PythonHighlighter::isCode(block)) continue;
        cursor.setPosition(block.position());
        auto f = block.blockFormat();
        f.setBackground(dark ? QColor(0x26, 0x2a, 0x30) : QColor(0xf2, 0xf4, 0xf7));
        f.setLeftMargin(8);
        // The text never scrolls sideways: a line longer than the column wraps rather than being cut off
        // (at 1280 pixels wide some programs' lines are).
        f.setNonBreakableLines(false);
        cursor.setBlockFormat(f);
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        QTextCharFormat c;
        c.setFontFamilies({fixed.family()});
        c.setFontPointSize(fixed.pointSizeF());
        cursor.mergeCharFormat(c);
    }
    cursor.endEditBlock();
}

int LessonText::heightForWidth(int width) const {
    // Laying a whole lesson out is not free, and layouts and scrolling ask often: remember each width's
    // answer.
    if (const auto it = m_heights.constFind(width); it != m_heights.constEnd()) return *it;
    // Lay the text out at the given width on a copy, so asking does not disturb what is shown.
    std::unique_ptr<QTextDocument> copy(document()->clone());
    copy->setTextWidth(width - 2 * frameWidth());
    const int height = int(std::ceil(copy->size().height())) + 2 * frameWidth();
    m_heights.insert(width, height);
    return height;
}

QSize LessonText::sizeHint() const {
    const int w = qMax(width(), 400);
    return {w, heightForWidth(w)};
}

void LessonText::changeEvent(QEvent* event) {
    QTextBrowser::changeEvent(event);
    // A new text size (View › Larger text reaches this widget through scaleText): the document's own sizes
    // (code, headings) were fixed when it was read, so read it again at the new size; every height changes.
    if (event->type() == QEvent::FontChange && !m_markdown.isEmpty()) render();
}

void LessonText::focusInEvent(QFocusEvent* event) {
    QTextBrowser::focusInEvent(event);
    viewport()->update();
}

void LessonText::focusOutEvent(QFocusEvent* event) {
    QTextBrowser::focusOutEvent(event);
    viewport()->update();
}

void LessonText::paintEvent(QPaintEvent* event) {
    QTextBrowser::paintEvent(event);
    if (!hasFocus()) return;
    // The text is as tall as the lesson and scrolls inside the page, so a frame's top and bottom are rarely
    // on screen: a bar in the highlight colour down each side shows where the keys go wherever the page is.
    QPainter painter(viewport());
    const QColor bar = palette().color(QPalette::Highlight);
    const QRect r = viewport()->rect();
    painter.fillRect(QRect(r.left(), r.top(), 3, r.height()), bar);
    painter.fillRect(QRect(r.right() - 2, r.top(), 3, r.height()), bar);
}

void LessonText::resizeEvent(QResizeEvent* event) {
    QTextBrowser::resizeEvent(event);
    const int wanted = heightForWidth(width());
    if (wanted != height()) setFixedHeight(wanted);
}

} // namespace mpwb
