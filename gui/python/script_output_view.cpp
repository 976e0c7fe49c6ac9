// SPDX-License-Identifier: GPL-3.0-or-later
#include "script_output_view.h"
#include "script_source_view.h"

#include <QScrollBar>
#include <QTextCursor>

namespace mpwb {

ScriptOutputView::ScriptOutputView(QWidget* parent) : QPlainTextEdit(parent) {
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    // A script that prints without end must not eat the memory of the app that watches it.
    setMaximumBlockCount(20'000);
    setFont(fixedFamilyOnly());
    setPlaceholderText(tr("What the script prints appears here while it runs."));
    setAccessibleName(tr("Script output"));
}

void ScriptOutputView::setRun(const RunModel* run) {
    if (m_run) disconnect(m_run, nullptr, this, nullptr);
    m_run = run;
    if (run) {
        connect(run, &RunModel::appended, this, &ScriptOutputView::appendNew);
        connect(run, &RunModel::reset, this, &ScriptOutputView::redraw);
    }
    redraw();
}

void ScriptOutputView::setDark(bool dark) {
    if (m_dark == dark) return;
    m_dark = dark;
    redraw();
}

void ScriptOutputView::redraw() {
    clear();
    m_shown = 0;
    m_scanned = 0;
    appendNew();
}

void ScriptOutputView::appendNew() {
    if (!m_run) return;
    // Output is kept only as the run's events: the views of other runs never need it.
    const auto& events = m_run->events();
    if (m_scanned >= events.size()) return;
    // Follow the end only if the student has not scrolled up to read.
    auto* bar = verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    for (; m_scanned < events.size(); ++m_scanned) {
        const auto* out = std::get_if<OutputEvent>(&events[m_scanned].body);
        if (!out) continue;
        QTextCharFormat format;
        auto text = QString::fromStdString(out->text);
        if (out->stream == "stderr") {
            format.setForeground(m_dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20));
        } else if (out->stream == "workbench") {
            format.setForeground(m_dark ? QColor(0x56, 0xb4, 0xe9) : QColor(0x00, 0x5a, 0x9c));
            format.setFontItalic(true);
            text = tr("workbench: ") + text;
        } else {
            format.setForeground(palette().color(QPalette::Text));
        }
        // Each event holds whole lines; a last line without its newline still ends here, so the next event
        // (perhaps the other stream) starts on a line of its own.
        if (text.endsWith('\n')) text.chop(1);
        if (m_shown > 0) cursor.insertBlock();
        cursor.insertText(text, format);
        ++m_shown;
    }
    if (atEnd) bar->setValue(bar->maximum());
}

} // namespace mpwb
