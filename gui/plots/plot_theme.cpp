// SPDX-License-Identifier: GPL-3.0-or-later
#include "plot_theme.h"

namespace mpwb {

namespace {

// The Okabe–Ito colours by name, so the two orderings below stay readable.
const QColor kBlack(0x00, 0x00, 0x00);
const QColor kOrange(0xe6, 0x9f, 0x00);
const QColor kSkyBlue(0x56, 0xb4, 0xe9);
const QColor kBluishGreen(0x00, 0x9e, 0x73);
const QColor kYellow(0xf0, 0xe4, 0x42);
const QColor kBlue(0x00, 0x72, 0xb2);
const QColor kVermillion(0xd5, 0x5e, 0x00);
const QColor kReddishPurple(0xcc, 0x79, 0xa7);

} // namespace

PlotTheme PlotTheme::light(qreal basePointSize) {
    PlotTheme t;
    t.background = QColor(0xff, 0xff, 0xff);
    t.foreground = QColor(0x1a, 0x1a, 0x1a);
    t.axis = QColor(0x50, 0x50, 0x50);
    t.grid = QColor(0xdc, 0xdc, 0xdc);
    // Yellow is nearly invisible on white, so it comes last.
    t.series = {kBlue, kOrange, kBluishGreen, kVermillion, kReddishPurple, kSkyBlue, kBlack, kYellow};
    // Pale grey for idle, through yellow and orange, to dark red for busy (after ColorBrewer's YlOrRd).
    t.heatmapStops = {{0.00, QColor(0xee, 0xf0, 0xf2)},
                      {0.25, QColor(0xfe, 0xd9, 0x76)},
                      {0.50, QColor(0xfd, 0x8d, 0x3c)},
                      {0.75, QColor(0xe3, 0x1a, 0x1c)},
                      {1.00, QColor(0x80, 0x00, 0x26)}};
    t.basePointSize = basePointSize;
    return t;
}

PlotTheme PlotTheme::dark(qreal basePointSize) {
    PlotTheme t;
    t.background = QColor(0x1e, 0x1e, 0x1e);
    t.foreground = QColor(0xea, 0xea, 0xea);
    t.axis = QColor(0xa8, 0xa8, 0xa8);
    t.grid = QColor(0x3c, 0x3c, 0x3c);
    // Black would vanish here; a light grey takes its place, and dark blue moves to the back.
    t.series = {
        kSkyBlue, kOrange, kBluishGreen, kYellow, kReddishPurple, kVermillion, QColor(0xd8, 0xd8, 0xd8),
        kBlue};
    // Dark violet for idle, through red and orange, to pale yellow for busy (after matplotlib's inferno).
    t.heatmapStops = {{0.00, QColor(0x24, 0x0c, 0x4f)},
                      {0.25, QColor(0x6a, 0x17, 0x6e)},
                      {0.50, QColor(0xbc, 0x37, 0x54)},
                      {0.75, QColor(0xf9, 0x8e, 0x09)},
                      {1.00, QColor(0xfc, 0xff, 0xa4)}};
    t.basePointSize = basePointSize;
    return t;
}

PlotTheme PlotTheme::highContrast() const {
    PlotTheme t = *this;
    const bool dark = background.lightness() < 128;
    t.background = dark ? QColor(Qt::black) : QColor(Qt::white);
    t.foreground = dark ? QColor(Qt::white) : QColor(Qt::black);
    t.axis = t.foreground;
    t.grid = dark ? QColor(0x55, 0x55, 0x55) : QColor(0xb4, 0xb4, 0xb4);
    t.axisWidth = 2;
    return t;
}

QColor PlotTheme::seriesColor(int index) const {
    const int n = int(series.size());
    return series[std::size_t(((index % n) + n) % n)];
}

QCPColorGradient PlotTheme::heatmapGradient() const {
    QCPColorGradient g;
    g.setColorStops(heatmapStops);
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    g.setNanHandling(QCPColorGradient::nhTransparent); // no sample yet: show the background, not "idle"
    return g;
}

QFont PlotTheme::font(qreal extraPoints, bool bold) const {
    QFont f;
    f.setPointSizeF(basePointSize + extraPoints);
    f.setBold(bold);
    return f;
}

void PlotTheme::applyTo(QCPAxis* a) const {
    const QPen axisPen(axis, axisWidth);
    a->setBasePen(axisPen);
    a->setTickPen(axisPen);
    a->setSubTickPen(axisPen);
    a->setTickLabelColor(foreground);
    a->setLabelColor(foreground);
    a->setTickLabelFont(font());
    a->setLabelFont(font(1));
    a->setSelectedTickLabelFont(font());
    a->setSelectedLabelFont(font(1));
    a->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
    a->grid()->setZeroLinePen(QPen(grid, 1, Qt::SolidLine));
    a->grid()->setSubGridVisible(false);
}

void PlotTheme::applyTo(QCustomPlot* plot) const {
    // QCustomPlot asks for room for every label at this theme's text size, which at projector sizes is
    // wider than a 1280×720 screen. A plot gives way (its axes get tighter) rather than push the window
    // off the screen.
    plot->setMinimumSize(120, 90);
    plot->setBackground(QBrush(background));
    const auto elements = plot->plotLayout()->elements(true);
    for (QCPLayoutElement* e : elements) {
        if (auto* rect = qobject_cast<QCPAxisRect*>(e)) {
            rect->setBackground(QBrush(background));
            for (QCPAxis* a : rect->axes())
                applyTo(a);
        } else if (auto* scale = qobject_cast<QCPColorScale*>(e)) {
            applyTo(scale->axis());
        } else if (auto* title = qobject_cast<QCPTextElement*>(e)) {
            title->setTextColor(foreground);
            title->setFont(font(2, true));
        } else if (auto* legend = qobject_cast<QCPLegend*>(e)) {
            legend->setBrush(QBrush(background));
            legend->setBorderPen(Qt::NoPen);
            legend->setTextColor(foreground);
            legend->setFont(font());
            // Entries copy the legend's colour only when created, so existing ones are restyled here.
            // A legend that wraps into rows can have empty cells: item() is null there.
            for (int i = 0; i < legend->itemCount(); ++i) {
                if (auto* item = legend->item(i)) {
                    item->setTextColor(foreground);
                    item->setFont(font());
                }
            }
        }
    }
}

RedrawThrottle* makePlotThrottle(QCustomPlot* plot, std::function<void()> refresh, QObject* parent) {
    return new RedrawThrottle(
        [plot, refresh = std::move(refresh)] {
            refresh();
            plot->replot(QCustomPlot::rpQueuedReplot);
        },
        parent);
}

QCPItemText* addEmptyHint(QCustomPlot* plot, const QString& text, QCPAxisRect* rect) {
    auto* hint = new QCPItemText(plot);
    if (rect) {
        hint->setClipAxisRect(rect);
        hint->position->setAxisRect(rect);
    }
    hint->position->setType(QCPItemPosition::ptAxisRectRatio);
    hint->position->setCoords(0.5, 0.5);
    hint->setText(text);
    return hint;
}

} // namespace mpwb
