// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_highlighter.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>

namespace mpwb {

namespace {

QTextCharFormat makeFormat(QColor colour, bool bold = false, bool italic = false) {
    QTextCharFormat f;
    f.setForeground(colour);
    if (bold) f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}

} // namespace

PythonHighlighter::PythonHighlighter(QTextDocument* document, bool dark) : QSyntaxHighlighter(document) {
    // Okabe–Ito blue, vermillion, bluish green, reddish purple; lighter variants on a dark background.
    m_keyword = makeFormat(dark ? QColor(0x56, 0xb4, 0xe9) : QColor(0x00, 0x72, 0xb2), true);
    m_builtin = makeFormat(dark ? QColor(0xcc, 0x79, 0xa7) : QColor(0x9a, 0x3e, 0x78));
    m_string = makeFormat(dark ? QColor(0x7f, 0xd1, 0xae) : QColor(0x00, 0x7a, 0x5a));
    m_comment = makeFormat(dark ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x70, 0x70, 0x70), false, true);
    m_number = makeFormat(dark ? QColor(0xf0, 0xa0, 0x60) : QColor(0xb0, 0x45, 0x00));
    m_decorator = m_builtin;
}

bool PythonHighlighter::isCode(const QTextBlock& block) {
    const auto f = block.blockFormat();
    return f.hasProperty(QTextFormat::BlockCodeFence) || f.hasProperty(QTextFormat::BlockCodeLanguage);
}

bool PythonHighlighter::isPython(const QTextBlock& block) {
    const auto language =
        block.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage).section(' ', 0, 0);
    return language == QLatin1String("python") || language == QLatin1String("py");
}

void PythonHighlighter::highlightBlock(const QString& text) {
    if (!isPython(currentBlock())) return;
    static const QRegularExpression keywords(
        R"(\b(and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|)"
        R"(global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield|None|)"
        R"(True|False)\b)");
    static const QRegularExpression builtins(
        R"(\b(print|range|len|sum|min|max|list|dict|set|tuple|int|float|str|bytes|enumerate|zip|map|)"
        R"(sorted|open|isinstance|super|__name__|__main__)\b)");
    static const QRegularExpression numbers(R"(\b\d[\d_]*(\.\d+)?([eE][+-]?\d+)?\b)");
    static const QRegularExpression decorators(R"(^\s*@\w+(\.\w+)*)");
    for (const auto& [pattern, fmt] : {std::pair{&keywords, &m_keyword},
                                       {&builtins, &m_builtin},
                                       {&numbers, &m_number},
                                       {&decorators, &m_decorator}})
        for (auto it = pattern->globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), *fmt);
        }
    // Strings and comments last, scanning once so a '#' inside a string is not taken for a comment. A
    // triple-quoted string may run over several lines: the block state carries its quote (1 double, 2
    // single).
    setCurrentBlockState(0);
    QString quote;
    int stringStart = -1;
    if (previousBlockState() > 0) {
        quote = QString(3, previousBlockState() == 1 ? QChar('"') : QChar('\''));
        stringStart = 0;
    }
    for (int i = 0; i < text.size(); ++i) {
        if (stringStart >= 0) {
            if (text[i] == '\\')
                ++i;
            else if (text.mid(i, quote.size()) == quote) {
                setFormat(stringStart, i + int(quote.size()) - stringStart, m_string);
                i += int(quote.size()) - 1;
                stringStart = -1;
            }
        } else if (text[i] == '"' || text[i] == '\'') {
            const QString triple(3, text[i]);
            quote = text.mid(i, 3) == triple ? triple : QString(text[i]);
            stringStart = i;
            i += int(quote.size()) - 1;
        } else if (text[i] == '#') {
            setFormat(i, int(text.size()) - i, m_comment);
            return;
        }
    }
    if (stringStart >= 0) {
        setFormat(stringStart, int(text.size()) - stringStart, m_string);
        if (quote.size() == 3) setCurrentBlockState(quote[0] == '"' ? 1 : 2);
    }
}

} // namespace mpwb
