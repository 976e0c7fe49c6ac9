// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A Python script's source, read-only, highlighted as in the lessons and with line numbers in the margin,
// since a traceback names its lines by number.

#include <QFont>
#include <QPlainTextEdit>

namespace mpwb {

class PythonHighlighter;

// The system's fixed-width family and nothing else: the size stays inherited, so code grows with View ›
// Larger text and presentation mode like the text around it.
QFont fixedFamilyOnly();

class ScriptSourceView : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ScriptSourceView(QWidget* parent = nullptr);

    // Reads and shows the file; false, with the reason in *why, when it cannot be read or is too large to be
    // a script a student wrote (over 1 MiB).
    bool load(const QString& path, QString* why);
    void showText(const QString& text);
    void setDark(bool dark);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    friend class LineNumberMargin;
    int marginWidth() const;
    void paintMargin(QPaintEvent* event);

    QWidget* m_margin = nullptr;
    PythonHighlighter* m_highlighter = nullptr;
    bool m_dark = false;
};

} // namespace mpwb
