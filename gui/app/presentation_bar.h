// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The caption across the top of the screen in presentation mode: what is shown, in words large enough for
// the back of a classroom, and the keys that drive it, smaller, for the instructor.

#include <QFrame>

class QLabel;

namespace mpwb {

class PresentationBar : public QFrame {
    Q_OBJECT
public:
    explicit PresentationBar(QWidget* parent = nullptr);

    void setCaption(const QString& title, const QString& where);
    void setHints(const QString& hints);
    QString caption() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitTitle();

    QString m_fullTitle;
    QLabel* m_title = nullptr;
    QLabel* m_where = nullptr;
    QLabel* m_hints = nullptr;
};

} // namespace mpwb
