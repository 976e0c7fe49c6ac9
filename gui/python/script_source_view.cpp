// SPDX-License-Identifier: GPL-3.0-or-later
#include "script_source_view.h"

#include <QFile>
#include <QFontDatabase>
#include <QPainter>
#include <QTextBlock>

#include "python_highlighter.h"

namespace mpwb {

QFont fixedFamilyOnly() {
    QFont font;
    font.setFamilies({QFontDatabase::systemFont(QFontDatabase::FixedFont).family()});
    font.setStyleHint(QFont::Monospace);
    return font;
}

class LineNumberMargin : public QWidget {
public:
    explicit LineNumberMargin(ScriptSourceView* view) : QWidget(view), m_view(view) {}
    QSize sizeHint() const override { return {m_view->marginWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { m_view->paintMargin(event); }

private:
    ScriptSourceView* m_view;
};

ScriptSourceView::ScriptSourceView(QWidget* parent) : QPlainTextEdit(parent) {
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(fixedFamilyOnly());
    setPlaceholderText(tr("Open a .py file or pick an example to see its code here."));
    setAccessibleName(tr("Script source"));
    m_margin = new LineNumberMargin(this);
    connect(this, &QPlainTextEdit::blockCountChanged, this,
            [this] { setViewportMargins(marginWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& rect, int dy) {
        if (dy)
            m_margin->scroll(0, dy);
        else
            m_margin->update(0, rect.y(), m_margin->width(), rect.height());
    });
    setViewportMargins(marginWidth(), 0, 0, 0);
}

bool ScriptSourceView::load(const QString& path, QString* why) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (why) *why = tr("%1 could not be read: %2").arg(path, file.errorString());
        return false;
    }
    if (file.size() > qint64(1024) * 1024) {
        if (why) *why = tr("%1 is over 1 MiB: too large to be a script to read here.").arg(path);
        return false;
    }
    showText(QString::fromUtf8(file.readAll()));
    return true;
}

void ScriptSourceView::showText(const QString& text) {
    delete m_highlighter;
    m_highlighter = nullptr;
    setPlainText(text);
    // The lessons' highlighter colours only what Markdown marked as code: here every line is.
    QTextCursor cursor(document());
    cursor.select(QTextCursor::Document);
    QTextBlockFormat code;
    code.setProperty(QTextFormat::BlockCodeLanguage, QStringLiteral("python"));
    cursor.mergeBlockFormat(code);
    m_highlighter = new PythonHighlighter(document(), m_dark);
}

void ScriptSourceView::setDark(bool dark) {
    if (m_dark == dark) return;
    m_dark = dark;
    showText(toPlainText());
}

int ScriptSourceView::marginWidth() const {
    const auto digits = static_cast<int>(QString::number(std::max(1, blockCount())).size());
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(2, digits);
}

void ScriptSourceView::resizeEvent(QResizeEvent* event) {
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_margin->setGeometry(QRect(r.left(), r.top(), marginWidth(), r.height()));
}

void ScriptSourceView::paintMargin(QPaintEvent* event) {
    QPainter painter(m_margin);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.setFont(font());
    auto block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int lineHeight = fontMetrics().height();
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible())
            painter.drawText(0, top, m_margin->width() - 6, lineHeight, Qt::AlignRight,
                             QString::number(block.blockNumber() + 1));
        top += qRound(blockBoundingRect(block).height());
        block = block.next();
    }
}

} // namespace mpwb
