// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Colours the Python in a lesson's code blocks (keywords, strings, comments, numbers, built-ins) and leaves
// the prose alone. Colours come from the Okabe–Ito set and suit light and dark backgrounds.

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace mpwb {

class PythonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    PythonHighlighter(QTextDocument* document, bool dark);

    // Whether a block of the document belongs to a fenced code block (as Qt's Markdown reader marks them).
    static bool isCode(const QTextBlock& block);

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_keyword, m_builtin, m_string, m_comment, m_number, m_decorator;
};

} // namespace mpwb
