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
    // Whether a code block is Python: fenced as python or py. Output, shell and text blocks are shown as code
    // but not coloured, since "in" or "True" in a program's output is not a keyword.
    static bool isPython(const QTextBlock& block);

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat m_keyword, m_builtin, m_string, m_comment, m_number, m_decorator;
};

} // namespace mpwb
