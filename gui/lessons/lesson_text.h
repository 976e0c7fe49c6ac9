// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A lesson's Markdown, rendered: headings and prose as Qt's Markdown reader lays them out, code blocks on a
// tinted background with Python highlighted, and mpwb: links reported instead of followed. The widget is as
// tall as its text, so the page around it scrolls as one (text, then prediction, then quiz). It follows the
// app's text size (View › Larger text) while open, code included, and shows when it has the keyboard. Under
// each Python block that is a whole program, a link runs it on the Python page (runnable_examples).

#include <QHash>
#include <QTextBrowser>

namespace mpwb {

class PythonHighlighter;

class LessonText : public QTextBrowser {
    Q_OBJECT
public:
    explicit LessonText(QWidget* parent = nullptr);

    void setLessonMarkdown(const QString& markdown, bool dark);
    // The whole programs shown, each with its "Run in the workbench" link, in order.
    const QStringList& programs() const { return m_programs; }

    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

Q_SIGNALS:
    void linkChosen(const QUrl& url);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    void render();
    void tintCodeBlocks(bool dark);
    void describeHoveredLink(const QUrl& url);

    PythonHighlighter* m_highlighter = nullptr;
    mutable QHash<int, int> m_heights; // laid-out height by width, for the text now shown
    QString m_markdown;                // what is shown, to render again at a new text size
    QStringList m_programs;            // its whole programs, which "Run in the workbench" links name
    bool m_dark = false;
};

} // namespace mpwb
