// SPDX-License-Identifier: GPL-3.0-or-later
#include "core_utilisation_plot.h"

#include <QFontMetrics>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

namespace mpwb {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Wide enough for the longest legend entry with its line sample.
int sideColumnWidth(const PlotTheme& theme) {
    const QFontMetrics fm(theme.font());
    return std::max(fm.horizontalAdvance(QStringLiteral("average")),
                    fm.horizontalAdvance(QStringLiteral("core 00"))) +
           56;
}

} // namespace

CoreUtilisationPlot::CoreUtilisationPlot(QWidget* parent) : QWidget(parent) {
    m_lines = new QCustomPlot(this);
    m_heat = new QCustomPlot(this);
    // Up to dozens of lines redrawn several times a second: crisp lines without antialiasing cost far less.
    m_lines->setNotAntialiasedElements(QCP::aePlottables);
    m_lines->setPlottingHint(QCP::phFastPolylines, true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_lines, 1);
    layout->addWidget(m_heat, 1);
    buildPlots();
    m_throttle = new RedrawThrottle(
        [this] {
            refreshData();
            m_lines->replot(QCustomPlot::rpQueuedReplot);
            m_heat->replot(QCustomPlot::rpQueuedReplot);
        },
        this);
    for (QCustomPlot* p : {m_lines, m_heat})
        connect(p, &QCustomPlot::afterLayout, this, [this] { alignMargins(); });
    setTheme(m_theme);
}

CoreUtilisationPlot::~CoreUtilisationPlot() {
    // The plots are destroyed as children after this body; their last afterLayout must not reach us.
    m_lines->disconnect(this);
    m_heat->disconnect(this);
}

void CoreUtilisationPlot::buildPlots() {
    // Lines: a title row, then the axis rect with the legend in a column to its right.
    m_lines->plotLayout()->insertRow(0);
    m_lines->plotLayout()->addElement(0, 0,
                                      new QCPTextElement(m_lines, tr("CPU cores: how busy each one is")));
    m_lines->xAxis->setLabel(tr("seconds"));
    m_lines->yAxis->setLabel(tr("% busy"));
    m_lines->yAxis->setRange(0, 105); // headroom so a core at 100 % is not hidden by the frame
    // Where the shown run started and ended: a busy machine before or after it is not the run's doing.
    m_startMark = new QCPItemStraightLine(m_lines);
    m_endMark = new QCPItemStraightLine(m_lines);
    m_startMark->setVisible(false);
    m_endMark->setVisible(false);
    auto percentTicks = QSharedPointer<QCPAxisTickerFixed>::create();
    percentTicks->setTickStep(25);
    m_lines->yAxis->setTicker(percentTicks);

    auto* side = new QCPLayoutGrid;
    m_lines->plotLayout()->addElement(1, 1, side);
    m_lines->axisRect()->insetLayout()->take(m_lines->legend);
    side->addElement(0, 0, m_lines->legend);
    side->addElement(1, 0, new QCPLayoutElement(m_lines)); // pushes the legend to the top
    side->setRowStretchFactor(0, 0.001);
    side->setRowStretchFactor(1, 1000);
    m_lines->legend->setVisible(true);
    m_lines->plotLayout()->setColumnStretchFactor(1, 0.001);

    // Heatmap: one row of cells per core, one column per time slice.
    m_heat->xAxis->setLabel(tr("seconds"));
    m_heat->yAxis->setLabel(tr("core"));
    m_heat->yAxis->setRangeReversed(true); // core 0 on top, in the same order as the legend
    auto coreTicks = QSharedPointer<QCPAxisTickerFixed>::create();
    coreTicks->setTickStep(1);
    coreTicks->setTickCount(8);
    m_heat->yAxis->setSubTicks(false); // there is nothing between core 3 and core 4
    m_heat->yAxis->setTicker(coreTicks);
    m_heat->yAxis->grid()->setVisible(false);
    m_heat->xAxis->grid()->setVisible(false);
    m_map = new QCPColorMap(m_heat->xAxis, m_heat->yAxis);
    m_map->setInterpolate(false); // one crisp cell per core and slice; blur would invent values
    m_scale = new QCPColorScale(m_heat);
    m_heat->plotLayout()->addElement(0, 1, m_scale);
    m_heat->plotLayout()->setColumnStretchFactor(1, 0.001);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setLabel(tr("% busy"));
    m_scale->setDataRange(QCPRange(0, 100));
    m_scale->setBarWidth(14);
    m_scale->axis()->setTicker(percentTicks); // the same 0, 25, …, 100 as the lines above
    // The scale spans exactly the cells' height, so its 0 and 100 line up with the first and last core.
    auto* rows = new QCPMarginGroup(m_heat);
    m_heat->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, rows);
    m_map->setColorScale(m_scale);
    m_map->setDataRange(QCPRange(0, 100));
}

void CoreUtilisationPlot::appendSample(double tSeconds, const QVector<double>& cores) {
    if (cores.isEmpty()) return;
    if (cores.size() != m_coreCount) {
        m_samples.clear();
        m_coreCount = int(cores.size());
        m_graphsStale = true;
    }
    if (!m_samples.empty() && tSeconds < m_samples.back().t) {
        if (m_samples.back().t - tSeconds > m_windowSeconds) {
            m_samples.clear(); // a clock that jumped back this far is a new clock
        } else {
            // Samples from two threads can arrive slightly out of order; keep them sorted.
            auto at = std::upper_bound(m_samples.begin(), m_samples.end(), tSeconds,
                                       [](double t, const Sample& s) { return t < s.t; });
            m_samples.insert(at, Sample{tSeconds, cores});
            m_throttle->request();
            return;
        }
    }
    m_samples.push_back(Sample{tSeconds, cores});
    // Keep a little more than the window: the first visible slice needs the sample before it.
    const double keepFrom = tSeconds - m_windowSeconds - 4 * typicalInterval();
    while (m_samples.size() > 2 && m_samples[1].t < keepFrom)
        m_samples.pop_front();
    m_throttle->request();
}

void CoreUtilisationPlot::showFrame(const RunFrame& frame) {
    const auto cpu = frame.cpu();
    if (frame.run != m_shownRun || cpu.size() < m_shownSamples) {
        m_samples.clear();
        m_shownSamples = 0;
        m_shownRun = frame.run;
    }
    for (; m_shownSamples < cpu.size(); ++m_shownSamples)
        appendSample(cpu[m_shownSamples].t, cpu[m_shownSamples].cores);
    const auto* started = frame.started();
    const auto* finished = frame.finished();
    m_endAt = finished ? double(frame.run->timeAt(frame.shown.events)) / 1e9 : kNaN;
    m_startMark->setVisible(started != nullptr);
    m_startMark->point1->setCoords(0, 0);
    m_startMark->point2->setCoords(0, 1);
    m_endMark->setVisible(finished != nullptr);
    m_endMark->point1->setCoords(m_endAt, 0);
    m_endMark->point2->setCoords(m_endAt, 1);
    m_throttle->request();
}

void CoreUtilisationPlot::clear() {
    m_samples.clear();
    m_shownSamples = 0;
    m_shownRun = nullptr;
    m_endAt = kNaN;
    if (m_startMark) m_startMark->setVisible(false);
    if (m_endMark) m_endMark->setVisible(false);
    m_throttle->request();
}

void CoreUtilisationPlot::setWindowSeconds(double seconds) {
    if (!(seconds > 0)) return;
    m_windowSeconds = seconds;
    m_throttle->request();
}

void CoreUtilisationPlot::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    m_theme.applyTo(m_lines);
    m_theme.applyTo(m_heat);
    m_scale->setGradient(m_theme.heatmapGradient());
    for (auto* mark : {m_startMark, m_endMark})
        mark->setPen(QPen(m_theme.axis, 1.5, Qt::DashLine));
    // The legend's column gets a fixed width, so the time axis does not jump as entries change.
    const int side = sideColumnWidth(m_theme);
    QCPLayoutElement* legendColumn = m_lines->plotLayout()->element(1, 1);
    legendColumn->setMinimumSize(side, 0);
    legendColumn->setMaximumSize(side, QWIDGETSIZE_MAX);
    resetMargins(); // matched for the old fonts; let them shrink before matching anew
    m_graphsStale = true;
    m_throttle->request();
}

void CoreUtilisationPlot::updateNow() {
    m_throttle->cancel();
    refreshData();
    m_lines->replot();
    m_heat->replot();
    if (alignMargins()) {
        m_lines->replot();
        m_heat->replot();
    }
}

bool CoreUtilisationPlot::alignMargins() {
    // Distances of each axis rect from its plot's edges. The side columns have fixed widths, so these do not
    // depend on the widget's size, and growing the smaller inset makes the two time axes coincide.
    QCPAxisRect* rects[] = {m_lines->axisRect(), m_heat->axisRect()};
    QCustomPlot* plots[] = {m_lines, m_heat};
    int leftInset[2], rightInset[2];
    for (int i = 0; i < 2; ++i) {
        if (rects[i]->rect().width() < 10) return false; // not laid out yet
        leftInset[i] = rects[i]->rect().left() - plots[i]->viewport().left();
        rightInset[i] = plots[i]->viewport().right() - rects[i]->rect().right();
    }
    const int left = std::max(leftInset[0], leftInset[1]);
    const int right = std::max(rightInset[0], rightInset[1]);
    bool changed = false;
    for (int i = 0; i < 2; ++i) {
        if (leftInset[i] == left && rightInset[i] == right) continue;
        QMargins min = rects[i]->minimumMargins();
        min.setLeft(rects[i]->margins().left() + left - leftInset[i]);
        min.setRight(rects[i]->margins().right() + right - rightInset[i]);
        rects[i]->setMinimumMargins(min);
        plots[i]->replot(QCustomPlot::rpQueuedReplot);
        changed = true;
    }
    return changed;
}

void CoreUtilisationPlot::resetMargins() {
    // Room for the top tick label of the colour scale: QCustomPlot skips labels that would poke out of the
    // plot.
    const int top = QFontMetrics(m_theme.font()).height() / 2 + 4;
    m_lines->axisRect()->setMinimumMargins(QMargins());
    m_heat->axisRect()->setMinimumMargins(QMargins(0, top, 0, 0));
}

void CoreUtilisationPlot::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    resetMargins(); // matched again after the next layout
}

void CoreUtilisationPlot::rebuildGraphs() {
    m_lines->clearGraphs();
    m_average = nullptr;
    const bool perCoreLegend = m_coreCount <= kMaxLegendCores;
    for (int c = 0; c < m_coreCount; ++c) {
        QCPGraph* g = m_lines->addGraph();
        g->setName(tr("core %1").arg(c));
        if (perCoreLegend) {
            g->setPen(QPen(m_theme.seriesColor(c), 2));
        } else {
            // Many faint lines form a band; the average on top says what the band means.
            QColor faint = m_theme.seriesColor(0);
            faint.setAlpha(70);
            g->setPen(QPen(faint, 1));
            g->removeFromLegend();
        }
    }
    if (!perCoreLegend) {
        m_average = m_lines->addGraph();
        m_average->setName(tr("average"));
        m_average->setPen(QPen(m_theme.foreground, 3.5));
    }
    m_heat->yAxis->setRange(-0.5, std::max(1, m_coreCount) - 0.5);
    // Label every core while that still fits; beyond, round numbers only.
    auto coreTicks = qSharedPointerCast<QCPAxisTickerFixed>(m_heat->yAxis->ticker());
    coreTicks->setScaleStrategy(m_coreCount <= 16 ? QCPAxisTickerFixed::ssNone
                                                  : QCPAxisTickerFixed::ssMultiples);
    m_theme.applyTo(m_lines); // styles the fresh legend entries
    m_graphsStale = false;
}

double CoreUtilisationPlot::typicalInterval() const {
    // The median gap of the latest samples: robust against one late sample or a pause between runs.
    const std::size_t n = std::min<std::size_t>(m_samples.size(), 17);
    if (n < 2) return 0.5;
    std::vector<double> gaps;
    for (std::size_t i = m_samples.size() - n + 1; i < m_samples.size(); ++i)
        gaps.push_back(m_samples[i].t - m_samples[i - 1].t);
    std::nth_element(gaps.begin(), gaps.begin() + std::ptrdiff_t(gaps.size() / 2), gaps.end());
    const double g = gaps[gaps.size() / 2];
    return g > 1e-6 ? g : 0.5;
}

void CoreUtilisationPlot::refreshData() {
    if (m_graphsStale) rebuildGraphs();
    const int n = m_coreCount;
    if (m_samples.empty() || n == 0) {
        for (int i = 0; i < m_lines->graphCount(); ++i)
            m_lines->graph(i)->data()->clear();
        m_map->data()->clear();
        m_lines->xAxis->setRange(0, m_windowSeconds);
        m_heat->xAxis->setRange(0, m_windowSeconds);
        return;
    }

    const double dt = typicalInterval();
    const double upper = m_samples.back().t;
    // Until the window is full the axis grows with the data; after that it scrolls.
    double lower = std::max(m_samples.front().t, upper - m_windowSeconds);
    if (upper - lower < dt) lower = upper - dt;
    m_lines->xAxis->setRange(lower, upper);
    m_heat->xAxis->setRange(lower, upper);

    // Lines: include the sample just before the window so the lines reach its left edge; a gap much longer
    // than the sampling interval (a pause between runs) becomes a break instead of a misleading ramp.
    auto first = std::lower_bound(m_samples.begin(), m_samples.end(), lower,
                                  [](const Sample& s, double t) { return s.t < t; });
    if (first != m_samples.begin()) --first;
    std::vector<QVector<QCPGraphData>> series{std::size_t(n)};
    QVector<QCPGraphData> average;
    double previous = first->t;
    for (auto it = first; it != m_samples.end(); ++it) {
        const bool gap = it->t - previous > 3 * dt;
        const double gapAt = (it->t + previous) / 2;
        previous = it->t;
        double sum = 0;
        for (int c = 0; c < n; ++c) {
            if (gap) series[std::size_t(c)].push_back(QCPGraphData(gapAt, kNaN));
            series[std::size_t(c)].push_back(QCPGraphData(it->t, it->cores[c]));
            sum += it->cores[c];
        }
        if (gap) average.push_back(QCPGraphData(gapAt, kNaN));
        average.push_back(QCPGraphData(it->t, sum / n));
    }
    for (int c = 0; c < n && c < m_lines->graphCount(); ++c)
        m_lines->graph(c)->data()->set(series[std::size_t(c)], true);
    if (m_average) m_average->data()->set(average, true);

    // Heatmap: slices as wide as the sampling interval. Each slice shows the sample whose interval covers the
    // slice's middle, since a sample reports the utilisation over the interval that ends at its time.
    const int slices = std::clamp(int(std::lround((upper - lower) / dt)), 2, 2000);
    const double width = (upper - lower) / slices;
    // QCustomPlot cannot size a single row of cells, so one core is drawn as two half-height rows.
    const int rows = std::max(n, 2);
    QCPColorMapData* cells = m_map->data();
    if (cells->keySize() != slices || cells->valueSize() != rows) cells->setSize(slices, rows);
    cells->setRange(QCPRange(lower + width / 2, upper - width / 2),
                    n == 1 ? QCPRange(-0.25, 0.25) : QCPRange(0, n - 1));
    for (int i = 0; i < slices; ++i) {
        const double middle = lower + (i + 0.5) * width;
        auto s = std::lower_bound(m_samples.begin(), m_samples.end(), middle,
                                  [](const Sample& x, double t) { return x.t < t; });
        bool covered = s != m_samples.end();
        if (covered) {
            const double from = s == m_samples.begin() ? s->t - dt : std::max(std::prev(s)->t, s->t - 3 * dt);
            covered = middle >= from;
        }
        for (int row = 0; row < rows; ++row) {
            const int c = std::min(row, n - 1);
            cells->setCell(i, row, covered ? std::clamp(s->cores[c], 0.0, 100.0) : kNaN);
        }
    }
}

} // namespace mpwb
