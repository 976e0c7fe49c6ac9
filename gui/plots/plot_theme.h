// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Colours and fonts for every plot. QCustomPlot ignores QPalette, so a dark theme only works if each plot is
// styled by hand; keeping the choices here makes all plots agree and lets one call restyle a plot.
//
// It is also where the plots get QCustomPlot from: its header uses Qt's `signals` and `foreach` keywords,
// which mpwb_gui switches off (QT_NO_KEYWORDS), so it must be included with the two spelled out. Include
// this header instead of <qcustomplot.h>.

#include <QColor>
#include <QFont>
#include <QMap>
#include <QObject>
#include <array>
#include <functional>

#include "redraw_throttle.h"

#if defined(QT_NO_KEYWORDS) && !defined(signals)
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef foreach
#else
#include <qcustomplot.h>
#endif

namespace mpwb {

struct PlotTheme {
    QColor background;
    QColor foreground; // text, titles, legend entries
    QColor axis;       // axis lines and ticks
    QColor grid;
    // Okabe–Ito: eight colours that stay distinct for the common forms of colour blindness. The order differs
    // per theme so that the first few series are always the ones with the most contrast to the background.
    std::array<QColor, 8> series;
    // A sequential ramp from "idle" (close to the background) to "busy" (far from it), with lightness that
    // changes monotonically so it also reads in greyscale.
    QMap<double, QColor> heatmapStops;
    qreal basePointSize = 11; // tick labels; axis labels and titles are larger
    qreal axisWidth = 1;

    // For a projector: pure black or white text, axes as dark as the text, thicker, and a visible grid.
    PlotTheme highContrast() const;

    static PlotTheme light(qreal basePointSize = 11);
    static PlotTheme dark(qreal basePointSize = 11);

    QColor seriesColor(int index) const;
    QCPColorGradient heatmapGradient() const;
    QFont font(qreal extraPoints = 0, bool bold = false) const;

    // Styles background, axes, grids, tick labels, legends, titles and colour scales of the plot's current
    // layout. Call again after adding layout elements or legend entries. Also gives the plot a small fixed
    // minimum size, so large text never makes the window wider than the screen.
    void applyTo(QCustomPlot* plot) const;
    void applyTo(QCPAxis* axis) const;
};

// A plot's redraw throttle: at most once a frame, refresh its data and queue a replot.
RedrawThrottle* makePlotThrottle(QCustomPlot* plot, std::function<void()> refresh, QObject* parent);

// The sentence an empty plot shows in the middle of its axis rect (the plot's main one when rect is null)
// until data arrives: what it will show and what to do to fill it.
QCPItemText* addEmptyHint(QCustomPlot* plot, const QString& text, QCPAxisRect* rect = nullptr);

} // namespace mpwb
