// SPDX-License-Identifier: GPL-3.0-or-later
#include "presentation_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "text_scale.h"

namespace mpwb {

PresentationBar::PresentationBar(QWidget* parent) : QFrame(parent) {
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    m_title = new QLabel;
    scaleText(m_title, 1.3, true);
    m_title->setTextFormat(Qt::PlainText);
    // A long title must not push the window wider than the projector: it gives way (and is cut) first.
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_title->setMinimumWidth(0);
    m_where = new QLabel;
    scaleText(m_where, 1.1);
    m_where->setTextFormat(Qt::PlainText);
    m_where->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_hints = new QLabel;
    m_hints->setTextFormat(Qt::PlainText);
    m_hints->setForegroundRole(QPalette::PlaceholderText);
    m_hints->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_where);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 4, 12, 4);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_hints);
    setAccessibleName(tr("Presentation"));
    hide();
}

void PresentationBar::setCaption(const QString& title, const QString& where) {
    m_fullTitle = title;
    m_title->setToolTip(title);
    fitTitle();
    m_where->setText(where);
    setAccessibleDescription(where.isEmpty() ? title : title + ", " + where);
}

void PresentationBar::setHints(const QString& hints) {
    m_hints->setText(hints);
}

QString PresentationBar::caption() const {
    return m_where->text().isEmpty() ? m_fullTitle : m_fullTitle + QString::fromUtf8(" · ") + m_where->text();
}

void PresentationBar::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    fitTitle();
}

void PresentationBar::fitTitle() {
    // Cut with an ellipsis rather than at a letter: the end of a run's label is the part that differs.
    m_title->setText(m_title->fontMetrics().elidedText(m_fullTitle, Qt::ElideMiddle, m_title->width()));
}

} // namespace mpwb
