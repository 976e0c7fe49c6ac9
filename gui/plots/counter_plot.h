// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The shared counter, seen two ways. Left: during a run, the increments the workers made against the value
// the counter holds; where the two lines part, updates were lost. Right: every finished run of this page so
// far, one bar per mode (increments per second, the latest run of each mode), each labelled with the updates
// it lost, so "none", "lock" and "atomic" can be compared side by side; and the share of updates lost
// without a lock against the number of workers.

#include <QWidget>
#include <map>
#include <vector>

#include "plot_theme.h"
#include "redraw_throttle.h"
#include "run_data.h"
#include "run_summary.h"
#include "run_view.h"

namespace mpwb {

class CounterPlot : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit CounterPlot(QWidget* parent = nullptr);

    // RunView
    QWidget* widget() override { return this; }
    QString title() const override { return tr("Counter"); }
    bool appliesTo(const RunFrame& frame) const override;
    void showFrame(const RunFrame& frame) override;

    void setSamples(std::span<const CounterSample> samples);
    void addRun(const CounterRunSummary& run);
    void clearRun(); // the time series only; the comparison keeps its runs
    // The comparison of modes is rebuilt from the runs of the library: forget it first.
    void clearHistory();
    void setTheme(const PlotTheme& theme) override;

    const std::map<QString, CounterRunSummary>& latestByMode() const { return m_latest; }
    // Lost updates of every "none" run, by worker count (the latest run of each count).
    const std::map<int, qint64>& lostByWorkers() const { return m_lostByWorkers; }
    void updateNow();
    QCustomPlot* plot() const { return m_plot; }

private:
    void refresh();

    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_timeRect = nullptr;
    QCPAxisRect* m_modeRect = nullptr;
    QCPAxisRect* m_lostRect = nullptr;
    QCPItemText* m_hint = nullptr;
    std::vector<QCPItemText*> m_barLabels;
    RedrawThrottle* m_throttle = nullptr;
    PlotTheme m_theme = PlotTheme::light();
    QVector<double> m_t, m_value, m_increments;
    std::size_t m_taken = 0;
    const RunModel* m_shownRun = nullptr;
    std::map<QString, CounterRunSummary> m_latest;
    std::map<int, qint64> m_lostByWorkers;
    std::map<int, double> m_lostShareByWorkers; // percent
};

} // namespace mpwb
