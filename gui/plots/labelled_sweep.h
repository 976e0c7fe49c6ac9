// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A sweep's points with the words that tell it apart from the other sweeps on the same plot ("fork",
// "spawn"); empty when the plot shows one sweep and needs no legend of sweeps. Overlaid sweeps are drawn
// alike on every plot: the i-th with the same point shape and line style, which the page names in words.

#include <QCoreApplication>
#include <QString>
#include <vector>

#include "events.h"
#include "plot_theme.h" // QCustomPlot, included the one way that works with QT_NO_KEYWORDS

namespace mpwb {

struct LabelledSweep {
    QString label;
    std::vector<SweepPointEvent> points;
};

struct SweepStyle {
    QCPScatterStyle::ScatterShape shape;
    Qt::PenStyle line;
    QString words; // "circles, solid lines"
};

inline SweepStyle sweepStyle(int index) {
    switch (index % 4) {
    case 0:
        return {QCPScatterStyle::ssCircle, Qt::SolidLine,
                QCoreApplication::translate("mpwb", "circles, solid lines")};
    case 1:
        return {QCPScatterStyle::ssSquare, Qt::DashLine,
                QCoreApplication::translate("mpwb", "squares, dashed lines")};
    case 2:
        return {QCPScatterStyle::ssTriangle, Qt::DotLine,
                QCoreApplication::translate("mpwb", "triangles, dotted lines")};
    default:
        return {QCPScatterStyle::ssDiamond, Qt::DashDotLine,
                QCoreApplication::translate("mpwb", "diamonds, dash-dot lines")};
    }
}

} // namespace mpwb
