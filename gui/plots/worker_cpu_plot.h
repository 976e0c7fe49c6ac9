// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The CPU each worker really used, from the per-worker samples every `cpu` event carries: one lane per
// worker, filled to the share of one core it used over each sample interval. Unlike the core plot, other
// programs on the machine do not show here, so a busy lab PC cannot make a run look parallel or serial.

#include <QWidget>
#include <map>

#include "plot_theme.h"
#include "run_view.h"

namespace mpwb {

class WorkerCpuPlot : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit WorkerCpuPlot(QWidget* parent = nullptr);

    QWidget* widget() override { return this; }
    QString title() const override { return tr("Worker CPU"); }
    bool appliesTo(const RunFrame& frame) const override { return frame.run && !frame.run->isSweep(); }
    void showFrame(const RunFrame& frame) override;
    void setTheme(const PlotTheme& theme) override;

    // The shared time axis of a comparison: every run drawn from 0 to this many seconds.
    void setTimeSpan(double seconds);
    // For a stack of runs: no title and no time-axis label (the strip's heading and the plot below say it).
    void setCompact();
    // Average share of a core each worker used so far (0..1 per worker), for tests and summaries.
    std::map<int, double> averageShare() const;
    int laneCount() const { return int(m_lanes.size()); }
    void updateNow();
    QCustomPlot* plot() const { return m_plot; }

private:
    struct Lane {
        QVector<double> t, pct;
    };
    void refresh();

    QCustomPlot* m_plot = nullptr;
    QCPItemText* m_hint = nullptr;
    RedrawThrottle* m_throttle = nullptr;
    PlotTheme m_theme = PlotTheme::light();
    std::map<int, Lane> m_lanes; // by worker
    const RunModel* m_shownRun = nullptr;
    std::size_t m_taken = 0;
    double m_timeSpan = 0; // 0: fit the data
    bool m_graphsStale = true;
};

} // namespace mpwb
