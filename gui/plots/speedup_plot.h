// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How much faster than sequential a sweep ran, per worker count: the median speedup with its spread over
// repeats, next to the ideal y = x and the Amdahl curve fitted to the points. Several sweeps can be overlaid
// (fork against spawn), each against its own sequential baseline, with its own colour and fit. Data only
// marks the plot dirty; a frame timer redraws, so a sweep that reports many points at once costs one redraw.

#include <QTimer>
#include <QWidget>

#include "redraw_throttle.h"
#include <cstdint>
#include <limits>
#include <vector>

#include "events.h"
#include "labelled_sweep.h"
#include "plot_theme.h"
#include "run_view.h"
#include "sweep_stats.h"

namespace mpwb {

class SpeedupPlot : public QWidget, public RunView {
    Q_OBJECT
public:
    // One measured worker count, in speedup over the sequential baseline.
    struct Point {
        int workers = 1;
        std::uint64_t chunksize = 1; // the chunksize with the lowest median at this worker count
        double median = 0;
        double min = 0; // slowest repeat
        double max = 0; // fastest repeat
    };

    explicit SpeedupPlot(QWidget* parent = nullptr);

    // Takes the whole sweep so far, sequential baseline included; call again as points arrive.
    // RunView: the sweep the frame shows.
    QWidget* widget() override { return this; }
    QString title() const override { return tr("Speedup"); }
    bool appliesTo(const RunFrame& frame) const override { return frame.run && frame.run->isSweep(); }
    bool drawsSweeps() const override { return true; }
    void showFrame(const RunFrame& frame) override { setPoints(frame.sweepPoints()); }

    void setPoints(std::span<const SweepPointEvent> points);
    // Overlays these sweeps; their labels name them in the legend.
    void setSweeps(const std::vector<LabelledSweep>& sweeps);
    void clear();
    void setTheme(const PlotTheme& theme) override;
    // Draws a marker at the machine's core count and fits Amdahl's law only up to it; 0 hides the marker and
    // fits every worker count.
    void setCores(int cores);

    // Of sweep `sweep` (the first, when one is shown). NaN until at least one worker count in 2..cores has
    // been measured.
    double fittedParallelFraction(int sweep = 0) const;
    int sweepCount() const { return int(m_series.size()); }
    int pointCount(int sweep = 0) const { return int(points(sweep).size()); }
    const std::vector<Point>& points(int sweep = 0) const;
    // Draws pending changes at once instead of on the next frame (tests, export).
    void updateNow();
    QCustomPlot* plot() const { return m_plot; }
    QCPErrorBars* spreadBars(int sweep = 0) const;

private:
    // One sweep and what draws it.
    struct Series {
        QString label;
        std::vector<SweepPointEvent> events; // kept so a new core count refits it
        std::vector<Point> points;           // ordered by workers
        bool haveBaseline = false;
        double parallelFraction = std::numeric_limits<double>::quiet_NaN();
        int fittedUpTo = 0; // the largest worker count the fit used
        int leftOut = 0;    // worker counts above the cores, drawn but not fitted
        QCPGraph* measured = nullptr;
        QCPErrorBars* spread = nullptr;
        QCPGraph* amdahl = nullptr;
    };

    void analyse(Series& series);
    void resizeSeries(std::size_t count);
    void styleSeries();
    void refresh();

    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_ideal = nullptr;
    QCPItemStraightLine* m_coresLine = nullptr;
    QCPItemText* m_coresLabel = nullptr;
    QCPItemText* m_idealLabel = nullptr;
    QCPItemText* m_hint = nullptr; // says why the plot is empty
    RedrawThrottle* m_throttle = nullptr;
    PlotTheme m_theme = PlotTheme::light();

    std::vector<Series> m_series; // never empty: one sweep, perhaps without points yet
    int m_cores = 0;
};

} // namespace mpwb
