// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How busy each logical core is, over the last few seconds: one line per core above, and a core × time
// heatmap below that still reads when a machine has dozens of cores. Samples are only stored when they
// arrive; a frame timer redraws at most ~16 times a second, and only when something changed.

#include <QTimer>
#include <QVector>
#include <QWidget>

#include "redraw_throttle.h"
#include <deque>
#include <limits>

#include "plot_theme.h"
#include "run_view.h"

namespace mpwb {

class CoreUtilisationPlot : public QWidget, public RunView {
    Q_OBJECT
public:
    // Up to this many cores get their own colour and legend entry; beyond it they share one colour and a
    // thick average line carries the message.
    static constexpr int kMaxLegendCores = 8;

    explicit CoreUtilisationPlot(QWidget* parent = nullptr);
    ~CoreUtilisationPlot() override;

    // Stores one sample (utilisation 0..100 per core at tSeconds); drawing waits for the next frame. A change
    // in the number of cores starts the plot afresh.
    void appendSample(double tSeconds, const QVector<double>& cores);

    // RunView: the cores as the run's own samples saw them, on the run's clock, with the run's start and end
    // marked.
    QWidget* widget() override { return this; }
    QString title() const override { return tr("Cores"); }
    bool appliesTo(const RunFrame& frame) const override { return frame.run && !frame.run->isSweep(); }
    void showFrame(const RunFrame& frame) override;

    void clear();
    void setTheme(const PlotTheme& theme) override;
    void setWindowSeconds(double seconds);
    double windowSeconds() const { return m_windowSeconds; }

    int coreCount() const { return m_coreCount; }
    int sampleCount() const { return int(m_samples.size()); }
    // Draws pending changes at once instead of on the next frame (tests, export).
    void updateNow();

    QCustomPlot* linePlot() const { return m_lines; }
    QCustomPlot* heatmapPlot() const { return m_heat; }
    QCPColorMap* heatmap() const { return m_map; }
    QCPGraph* averageGraph() const { return m_average; } // null when every core has its own legend entry

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Sample {
        double t = 0;
        QVector<double> cores;
    };

    void buildPlots();
    void rebuildGraphs();
    void refreshData();
    // Keeps the two time axes exactly above each other, so a moment in the lines sits over the same moment
    // in the heatmap; true when a margin had to change.
    bool alignMargins();
    void resetMargins();
    double typicalInterval() const;

    QCustomPlot* m_lines = nullptr;
    QCustomPlot* m_heat = nullptr;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QCPGraph* m_average = nullptr;
    RedrawThrottle* m_throttle = nullptr;
    PlotTheme m_theme = PlotTheme::light();

    std::deque<Sample> m_samples; // ordered by time, pruned to a little more than the window
    int m_coreCount = 0;
    const RunModel* m_shownRun = nullptr;
    std::size_t m_shownSamples = 0;
    double m_endAt = std::numeric_limits<double>::quiet_NaN();
    QCPItemStraightLine* m_startMark = nullptr;
    QCPItemStraightLine* m_endMark = nullptr;
    double m_windowSeconds = 30;
    bool m_graphsStale = true; // core count or theme changed: graphs and legend need rebuilding
};

} // namespace mpwb
