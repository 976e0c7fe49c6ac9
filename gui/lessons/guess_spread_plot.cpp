// SPDX-License-Identifier: GPL-3.0-or-later
#include "guess_spread_plot.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "class_guesses.h"
#include "prediction.h"
#include "text_scale.h"

namespace mpwb {

namespace {

// The part of the plot's height the dots may fill; above them, two rows of labels for the two lines.
constexpr double kDotsShare = 0.66;

// A label on a vertical line, in the row given as a share of the plot's height from the top, its text
// turned towards the middle of the axis so that it never leaves the plot.
// Its text is in the theme's foreground, for contrast; its frame is drawn like its line, to tell which it is.
QCPItemText* lineLabel(QCustomPlot* plot, double x, double row, const QString& text, const PlotTheme& theme,
                       const QPen& frame) {
    auto* label = new QCPItemText(plot);
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(x, row);
    const auto range = plot->xAxis->range();
    const bool leftHalf = plot->xAxis->scaleType() == QCPAxis::stLogarithmic
                              ? std::log(x) < (std::log(range.lower) + std::log(range.upper)) / 2
                              : x < range.center();
    label->setPositionAlignment(Qt::AlignTop | (leftHalf ? Qt::AlignLeft : Qt::AlignRight));
    label->setText(text);
    label->setFont(theme.font(3, true));
    label->setColor(theme.foreground);
    label->setPen(frame);
    label->setBrush(QBrush(theme.background)); // reads over dots and grid
    label->setPadding(QMargins(6, 2, 6, 2));
    label->setClipToAxisRect(true);
    return label;
}

} // namespace

GuessSpreadPlot::GuessSpreadPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot) {
    m_words = new QLabel;
    m_words->setWordWrap(true);
    m_words->setTextInteractionFlags(Qt::TextSelectableByMouse);
    scaleText(m_words, 1.3, true); // read from the back of the room
    m_plot->setMinimumHeight(220);
    m_plot->yAxis->setVisible(false); // the stack height is only a count, the dots show it
    m_plot->yAxis->grid()->setVisible(false);
    m_dots = m_plot->addGraph();
    m_dots->setLineStyle(QCPGraph::lsNone);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_words);
    layout->addWidget(m_plot, 1);
    setAccessibleName(tr("Spread of the class's guesses against the measurement"));
    m_plot->setAccessibleName(accessibleName());
    restyle();
}

void GuessSpreadPlot::setSpread(const Prediction& prediction, const QVector<double>& guesses,
                                double measured) {
    m_prediction = prediction;
    m_guesses = guesses;
    m_measured = measured;
    m_summary = guesses.isEmpty() ? QString() : describeGuessSpread(prediction, guesses, measured);
    m_words->setText(m_summary);
    setAccessibleDescription(m_summary);
    m_plot->setAccessibleDescription(m_summary);
    redraw();
}

int GuessSpreadPlot::dotCount() const {
    return m_dots->dataCount();
}

void GuessSpreadPlot::changeEvent(QEvent* event) {
    // The app's palette and font reach every widget: the plot, which QCustomPlot draws by hand, follows them.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) restyle();
    QWidget::changeEvent(event);
}

void GuessSpreadPlot::restyle() {
    m_dark = palette().color(QPalette::Window).lightness() < 128;
    const qreal base = std::max<qreal>(font().pointSizeF(), 9) * 1.25;
    m_theme = m_dark ? PlotTheme::dark(base) : PlotTheme::light(base);
    m_theme.applyTo(m_plot);
    redraw();
}

void GuessSpreadPlot::redraw() {
    m_plot->clearItems();
    const auto dots = stackGuesses(m_prediction, m_guesses);
    QVector<double> xs, ys;
    int tallest = 1;
    for (const auto& d : dots) {
        xs << d.value;
        ys << d.level;
        tallest = std::max(tallest, d.level);
    }
    m_dots->setData(xs, ys); // sorts by value; the order of the guesses does not matter here
    // Dots shrink as a stack grows, so that a room that agrees still fits.
    const double size = std::clamp(150.0 / (tallest + 1), 7.0, 18.0);
    // A circle filled with the series colour and outlined in the background's, so stacked dots stay apart
    // (a "disc" would be filled with its outline's colour).
    m_dots->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(m_theme.background, 2),
                                            QBrush(m_theme.seriesColor(0)), size));

    const bool logarithmic = m_prediction.measure == "best-chunksize";
    QVector<double> all = m_guesses;
    all << m_measured;
    double low = *std::min_element(all.begin(), all.end());
    double high = *std::max_element(all.begin(), all.end());
    if (logarithmic) {
        m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        low = std::max(low, 1.0) / 2.5;
        high = std::max(high, 1.0) * 2.5;
    } else {
        m_plot->xAxis->setScaleType(QCPAxis::stLinear);
        if (m_plot->xAxis->ticker().dynamicCast<QCPAxisTickerLog>())
            m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        const double span = high - low > 1e-9 ? high - low : std::max(std::abs(high) * 0.2, 1.0);
        low = std::max(0.0, low - span * 0.15);
        high += span * 0.15;
    }
    m_plot->xAxis->setRange(low, high);
    m_plot->yAxis->setRange(0, (tallest + 0.6) / kDotsShare);

    if (!m_guesses.isEmpty()) {
        const double middle = median(m_guesses);
        auto* measuredLine = new QCPItemStraightLine(m_plot);
        measuredLine->point1->setCoords(m_measured, 0);
        measuredLine->point2->setCoords(m_measured, 1);
        measuredLine->setPen(QPen(m_theme.foreground, 4));
        auto* medianLine = new QCPItemStraightLine(m_plot);
        medianLine->point1->setCoords(middle, 0);
        medianLine->point2->setCoords(middle, 1);
        // Vermillion on white, yellow on dark grey: both stand apart from the dots and the text.
        const QPen medianPen(m_theme.seriesColor(3), 3, Qt::DashLine);
        medianLine->setPen(medianPen);
        const auto& p = m_prediction;
        lineLabel(m_plot, m_measured, 0.02,
                  tr("measured %1").arg(formatMeasure(p.measure, p.unit, m_measured)), m_theme,
                  QPen(m_theme.foreground, 2));
        lineLabel(m_plot, middle, 0.17, tr("median %1").arg(formatMeasure(p.measure, p.unit, middle)),
                  m_theme, QPen(medianPen.color(), 2, Qt::DashLine));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mpwb
