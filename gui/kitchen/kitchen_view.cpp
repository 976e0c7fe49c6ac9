// SPDX-License-Identifier: GPL-3.0-or-later
#include "kitchen_view.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "kitchen_canvas.h"
#include "kitchen_words.h"
#include "text_scale.h"

namespace mpwb {
namespace {

// One line per picture: what it stands for, and the lesson that explains it.
// Links in the theme's own link colour: a rich-text label would otherwise keep the one it was first laid out
// with (dark blue, unreadable on the dark theme).
QString legendHtml(const QColor& link) {
    struct Line {
        const char* picture;
        const char* words;
        const char* lesson;
    };
    const Line lines[] = {
        {"kitchen", "a worker process (its own memory)", "03-processes-and-the-main-guard"},
        {"head chef", "the pool's dispatcher; tickets are items", "04-pools-and-chunksize"},
        {"tray", "a chunk of items", "04-pools-and-chunksize"},
        {"takeaway box", "a pickled copy sent down the pipe", "07-what-can-be-pickled"},
        {"dumb waiter", "a pipe or queue between processes", "05-queues-and-pipes"},
        {"fridge", "shared memory, with its lock", "06-shared-memory"},
        {"stove token", "the GIL: one cook at a time", "02-three-models"},
        {"fire", "a worker that crashed", "03-processes-and-the-main-guard"},
    };
    QString html = "<b>" + KitchenView::tr("What the pictures mean") + "</b>";
    for (const auto& l : lines)
        html += QString("<br><a style='color:%4' href='mpwb:lesson/%1'>%2</a>: %3")
                    .arg(l.lesson, KitchenView::tr(l.picture), KitchenView::tr(l.words), link.name());
    return html;
}

} // namespace

KitchenView::KitchenView(QWidget* parent) : QWidget(parent) {
    m_canvas = new KitchenCanvas;
    m_canvas->setAccessibleName(tr("Kitchen"));
    m_words = new QLabel;
    m_words->setWordWrap(true);
    m_words->setTextInteractionFlags(Qt::TextSelectableByMouse);
    scaleText(m_words, 1.1);
    m_legend = new QLabel(legendHtml(palette().color(QPalette::Link)));
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_legend->setMaximumWidth(240);
    connect(m_legend, &QLabel::linkActivated, this,
            [this](const QString& link) { Q_EMIT linkChosen(QUrl(link)); });

    auto* left = new QVBoxLayout;
    left->addWidget(m_canvas, 1);
    left->addWidget(m_words);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left, 1);
    layout->addWidget(m_legend);
}

void KitchenView::showFrame(const RunFrame& frame) {
    m_index.sync(frame.run);
    const KitchenScene scene = frame.run ? m_index.sceneAt(frame.tNs) : KitchenScene{};
    m_canvas->setScene(scene);
    const QString words = describeKitchen(scene);
    if (m_words->text() != words) {
        m_words->setText(words);
        m_canvas->setAccessibleDescription(words);
    }
}

void KitchenView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_legend->setText(legendHtml(palette().color(QPalette::Link)));
}

void KitchenView::setTheme(const PlotTheme& theme) {
    m_canvas->setTheme(theme);
}

const KitchenScene& KitchenView::scene() const {
    return m_canvas->scene();
}

QString KitchenView::description() const {
    return m_words->text();
}

void KitchenView::setLegendVisible(bool visible) {
    m_legend->setVisible(visible);
}

} // namespace mpwb
