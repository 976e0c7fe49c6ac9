// SPDX-License-Identifier: GPL-3.0-or-later
#include "worker_cpu_plot.h"
#include "worker_count.h"

#include <QVBoxLayout>
#include <algorithm>

namespace mpwb {
namespace {
constexpr double kLaneHalf = 0.42; // a lane's filled band spans ±this around its worker's row
} // namespace

WorkerCpuPlot::WorkerCpuPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(m_plot, tr("CPU each worker used (full lane = one whole core)")));
    m_plot->xAxis->setLabel(tr("seconds"));
    m_plot->yAxis->setRangeReversed(true); // worker 0 on top, as in the timeline
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    // Filled step lanes over a long run are many polygons: drawn without antialiasing they cost about half.
    m_plot->setNotAntialiasedElements(QCP::aePlottables | QCP::aeFills);
    m_plot->setPlottingHint(QCP::phFastPolylines, true);
    m_hint = addEmptyHint(m_plot, tr("No CPU samples yet: run the exercise to see how much of a core each "
                                     "worker really used."));
    m_throttle = makePlotThrottle(
        m_plot, [this] { refresh(); }, this);
    setTheme(m_theme);
}

void WorkerCpuPlot::showFrame(const RunFrame& frame) {
    const auto cpu = frame.cpu();
    if (frame.run != m_shownRun || cpu.size() < m_taken) {
        m_lanes.clear();
        m_taken = 0;
        m_shownRun = frame.run;
        m_graphsStale = true;
    }
    for (; m_taken < cpu.size(); ++m_taken) {
        const auto& sample = cpu[m_taken];
        for (const auto& w : sample.workers) {
            auto [it, added] = m_lanes.try_emplace(w.worker);
            if (added) m_graphsStale = true;
            // A sample covers the interval that ends at its time: draw it as a step over that interval.
            it->second.t << sample.t;
            it->second.pct << std::clamp(w.cpuPercent, 0.0, 100.0);
        }
    }
    // Lanes for workers that started but have no sample yet, so the layout does not jump.
    if (frame.started())
        for (int w = 0; w < shownWorkerCount(frame); ++w)
            if (m_lanes.try_emplace(w).second) m_graphsStale = true;
    m_throttle->request();
}

void WorkerCpuPlot::setCompact() {
    if (auto* title = m_plot->plotLayout()->element(0, 0)) {
        m_plot->plotLayout()->remove(title);
        m_plot->plotLayout()->simplify();
    }
    m_plot->xAxis->setLabel({});
    m_throttle->request();
}

void WorkerCpuPlot::setTimeSpan(double seconds) {
    m_timeSpan = seconds;
    m_throttle->request();
}

std::map<int, double> WorkerCpuPlot::averageShare() const {
    std::map<int, double> out;
    for (const auto& [w, lane] : m_lanes) {
        double sum = 0;
        for (double p : lane.pct)
            sum += p;
        out[w] = lane.pct.isEmpty() ? 0 : sum / lane.pct.size() / 100.0;
    }
    return out;
}

void WorkerCpuPlot::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    m_theme.applyTo(m_plot);
    m_hint->setColor(m_theme.axis);
    m_hint->setFont(m_theme.font(1));
    m_graphsStale = true;
    m_throttle->request();
}

void WorkerCpuPlot::updateNow() {
    m_throttle->cancel();
    refresh();
    m_plot->replot();
}

void WorkerCpuPlot::refresh() {
    if (m_graphsStale) {
        m_plot->clearGraphs();
        auto ticker = qSharedPointerCast<QCPAxisTickerText>(m_plot->yAxis->ticker());
        ticker->clear();
        const int step = std::max(1, int(m_lanes.size() + 15) / 16); // label at most 16 lanes
        int i = 0;
        for (const auto& [w, lane] : m_lanes) {
            QCPGraph* base = m_plot->addGraph();
            base->setPen(QPen(m_theme.grid));
            QCPGraph* used = m_plot->addGraph();
            QColor fill = m_theme.seriesColor(0);
            used->setPen(QPen(fill, 1.5));
            fill.setAlpha(140);
            used->setBrush(fill);
            used->setChannelFillGraph(base);
            used->setLineStyle(QCPGraph::lsStepRight);
            if (i++ % step == 0) ticker->addTick(w, tr("worker %1").arg(w));
        }
        m_graphsStale = false;
    }
    double last = 0;
    int g = 0;
    for (const auto& [w, lane] : m_lanes) {
        QVector<double> t, base, used;
        for (int k = 0; k < lane.t.size(); ++k) {
            // The step starts where the previous sample ended (the interval this sample measured).
            const double from = k == 0 ? 0 : lane.t[k - 1];
            t << from << lane.t[k];
            const double y = w + kLaneHalf - 2 * kLaneHalf * lane.pct[k] / 100.0;
            used << y << y;
            base << w + kLaneHalf << w + kLaneHalf;
            last = std::max(last, lane.t[k]);
        }
        m_plot->graph(g++)->setData(t, base, true);
        m_plot->graph(g++)->setData(t, used, true);
    }
    const int lanes = std::max<int>(1, int(m_lanes.empty() ? 1 : m_lanes.rbegin()->first + 1));
    m_plot->yAxis->setRange(-0.5, lanes - 0.5);
    m_plot->xAxis->setRange(0, m_timeSpan > 0 ? m_timeSpan : std::max(last, 0.1));
    m_hint->setVisible(m_taken == 0);
}

} // namespace mpwb
