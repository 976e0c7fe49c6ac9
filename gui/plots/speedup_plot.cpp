// SPDX-License-Identifier: GPL-3.0-or-later
#include "speedup_plot.h"

#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace mpwb {
namespace {

const QString kMeasurementsLayer = QStringLiteral("measurements");

} // namespace

SpeedupPlot::SpeedupPlot(QWidget* parent) : QWidget(parent) {
    m_plot = new QCustomPlot(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("Speedup over the sequential run")));
    m_plot->xAxis->setLabel(tr("workers"));
    m_plot->yAxis->setLabel(tr("speedup (× faster than sequential)"));
    // Worker counts are whole numbers; a tick at 2.5 workers would invite the wrong reading.
    auto workerTicks = QSharedPointer<QCPAxisTickerFixed>::create();
    workerTicks->setTickStep(1);
    workerTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(workerTicks);
    m_plot->xAxis->setSubTicks(false);

    // Drawn first so that the measurements stay on top of the reference lines.
    m_ideal = m_plot->addGraph();
    m_ideal->setName(tr("ideal"));
    m_plot->addLayer(kMeasurementsLayer, m_plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);

    m_coresLine = new QCPItemStraightLine(m_plot);
    m_coresLabel = new QCPItemText(m_plot);
    m_coresLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_coresLabel->setPadding(QMargins(6, 4, 0, 0));
    m_idealLabel = new QCPItemText(m_plot);
    m_idealLabel->setText(tr("ideal"));
    m_idealLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_idealLabel->setPadding(QMargins(0, 0, 8, 2));
    m_hint = addEmptyHint(m_plot, QString()); // its text depends on what is missing

    // Real speedups fall below the ideal line and flatten out, so the bottom right corner is the one left
    // empty; top left is where the ideal line leaves the plot.
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

    m_throttle = makePlotThrottle(
        m_plot, [this] { refresh(); }, this);
    resizeSeries(1);
    setTheme(m_theme);
}

void SpeedupPlot::setPoints(std::span<const SweepPointEvent> events) {
    setSweeps({LabelledSweep{QString(), std::vector<SweepPointEvent>(events.begin(), events.end())}});
}

void SpeedupPlot::setSweeps(const std::vector<LabelledSweep>& sweeps) {
    resizeSeries(std::max<std::size_t>(1, sweeps.size()));
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        m_series[i].label = i < sweeps.size() ? sweeps[i].label : QString();
        m_series[i].events = i < sweeps.size() ? sweeps[i].points : std::vector<SweepPointEvent>{};
        analyse(m_series[i]);
    }
    styleSeries();
    m_throttle->request();
}

// The graphs of each sweep are made and dropped with it; the usual single sweep keeps the same ones.
void SpeedupPlot::resizeSeries(std::size_t count) {
    if (m_series.size() == count) return;
    while (m_series.size() > count) {
        const Series& gone = m_series.back();
        m_plot->removePlottable(gone.spread);
        m_plot->removePlottable(gone.measured);
        m_plot->removePlottable(gone.amdahl);
        m_series.pop_back();
    }
    while (m_series.size() < count) {
        Series s;
        s.amdahl = m_plot->addGraph();
        s.measured = m_plot->addGraph();
        s.measured->setLineStyle(QCPGraph::lsNone); // the Amdahl curve is the line; points are measurements
        s.spread = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
        s.spread->setDataPlottable(s.measured);
        s.spread->removeFromLegend();
        // Measurements over every fit, so an overlaid curve never hides another sweep's points.
        s.measured->setLayer(kMeasurementsLayer);
        s.spread->setLayer(kMeasurementsLayer);
        m_series.push_back(s);
    }
}

void SpeedupPlot::analyse(Series& series) {
    // The engine's analysis, the same the runner's sweep report prints: per worker count the chunksize that
    // ran fastest (what the workers can do when the chunking is right, which is what Amdahl's law is about),
    // and a fit over the worker counts up to the cores only.
    const SweepAnalysis analysis = analyseSweep(series.events, m_cores);
    series.points.clear();
    series.haveBaseline = std::isfinite(analysis.sequentialMedianSeconds);
    const double base = analysis.sequentialMedianSeconds;
    for (const SweepSummaryRow& row : analysis.bestPerWorkers) {
        if (!std::isfinite(row.speedup)) continue;
        series.points.push_back(Point{row.workers, row.chunksize, row.speedup, speedup(base, row.maxSeconds),
                                      speedup(base, row.minSeconds)});
    }
    series.parallelFraction = analysis.amdahl.parallelFraction;
    series.fittedUpTo = analysis.amdahl.workersUsed.empty() ? 0 : analysis.amdahl.workersUsed.back();
    series.leftOut = analysis.amdahl.workersLeftOut;
}

double SpeedupPlot::fittedParallelFraction(int sweep) const {
    return sweep >= 0 && sweep < sweepCount() ? m_series[std::size_t(sweep)].parallelFraction
                                              : std::numeric_limits<double>::quiet_NaN();
}

const std::vector<SpeedupPlot::Point>& SpeedupPlot::points(int sweep) const {
    static const std::vector<Point> none;
    return sweep >= 0 && sweep < sweepCount() ? m_series[std::size_t(sweep)].points : none;
}

QCPErrorBars* SpeedupPlot::spreadBars(int sweep) const {
    return sweep >= 0 && sweep < sweepCount() ? m_series[std::size_t(sweep)].spread : nullptr;
}

void SpeedupPlot::clear() {
    setPoints({});
}

void SpeedupPlot::setCores(int cores) {
    m_cores = std::max(0, cores);
    for (auto& s : m_series)
        analyse(s); // the fit stops at the cores
    m_throttle->request();
}

// One sweep: measured points in the first colour, the fit in the second. Overlaid sweeps: each its own
// colour, and its own point shape and line style (as on the chunksize plot), so a point and its curve read as
// one sweep.
void SpeedupPlot::styleSeries() {
    const bool overlaid = m_series.size() > 1;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        Series& s = m_series[i];
        const QColor measured = m_theme.seriesColor(overlaid ? int(i) : 0);
        const QColor fit = overlaid ? measured : m_theme.seriesColor(1);
        const SweepStyle style = sweepStyle(int(i));
        s.measured->setPen(QPen(measured, 2));
        s.measured->setScatterStyle(QCPScatterStyle(style.shape, measured, measured, 10));
        s.spread->setPen(QPen(measured, 2));
        s.spread->setWhiskerWidth(12);
        s.amdahl->setPen(QPen(fit, 2.5, style.line));
    }
}

void SpeedupPlot::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    styleSeries();
    m_ideal->setPen(QPen(m_theme.foreground, 2, Qt::DashLine));
    m_idealLabel->setColor(m_theme.foreground);
    m_idealLabel->setFont(m_theme.font());
    m_coresLine->setPen(QPen(m_theme.axis, 2, Qt::DashLine));
    m_coresLabel->setColor(m_theme.foreground);
    m_coresLabel->setFont(m_theme.font());
    m_hint->setColor(m_theme.foreground);
    m_hint->setFont(m_theme.font(2));
    m_theme.applyTo(m_plot);
    m_throttle->request();
}

void SpeedupPlot::updateNow() {
    m_throttle->cancel();
    refresh();
    m_plot->replot();
}

void SpeedupPlot::refresh() {
    int maxWorkers = std::max(m_cores, 2);
    double maxSpeedup = 1;
    bool anyPoints = false, anyBaseline = false;
    for (const Series& s : m_series) {
        anyBaseline = anyBaseline || s.haveBaseline;
        for (const Point& p : s.points) {
            anyPoints = true;
            maxWorkers = std::max(maxWorkers, p.workers);
            maxSpeedup = std::max({maxSpeedup, p.median, p.max});
        }
    }
    const double xUpper = maxWorkers + 0.5;
    m_ideal->setData(QVector<double>{0, xUpper}, QVector<double>{0, xUpper}, true);

    const bool overlaid = m_series.size() > 1;
    for (Series& s : m_series) {
        QVector<double> x, y, below, above;
        for (const Point& p : s.points) {
            x.push_back(p.workers);
            y.push_back(p.median);
            below.push_back(p.median - p.min);
            above.push_back(p.max - p.median);
        }
        s.measured->setData(x, y, true);
        s.spread->setData(below, above);

        const bool fitted = std::isfinite(s.parallelFraction);
        QVector<double> fx, fy;
        if (fitted) {
            // Evaluated at whole worker counts only: the law says nothing about 2.5 workers.
            for (int n = 1; n <= maxWorkers; ++n) {
                fx.push_back(n);
                fy.push_back(amdahlSpeedup(s.parallelFraction, n));
                maxSpeedup = std::max(maxSpeedup, fy.back());
            }
        }
        s.amdahl->setData(fx, fy, true);
        // Oversubscribed points say nothing about the work's parallel part on this machine: the legend
        // says which counts the fit used.
        const QString p = QLocale().toString(s.parallelFraction, 'f', 2);
        if (overlaid) {
            // One short entry per sweep, or the legend of several sweeps covers the plot: its fit is the
            // dashed line of its colour, and the page gives each fit's p in words.
            s.amdahl->setName(tr("%1: Amdahl fit, p = %2").arg(s.label, p));
            s.measured->setName(s.label);
        } else {
            QString fitName = tr("Amdahl fit to %1 workers, p = %2").arg(s.fittedUpTo).arg(p);
            if (s.leftOut > 0) fitName += tr(" (more workers than cores left out)");
            s.amdahl->setName(fitName);
            s.measured->setName(tr("measured (median, bar: min–max)"));
        }
        if (fitted && !overlaid)
            s.amdahl->addToLegend();
        else
            s.amdahl->removeFromLegend();
        s.measured->setVisible(!s.points.empty());
        if (s.points.empty())
            s.measured->removeFromLegend();
        else
            s.measured->addToLegend();
    }
    m_theme.applyTo(m_plot); // styles legend entries added just now

    // The y axis follows the data, not the ideal line: with 64 cores and a speedup of 3 the measurements
    // would otherwise be squashed against the floor. The ideal line leaves through the top instead.
    const double yUpper = std::max(2.0, maxSpeedup * 1.15);
    m_plot->xAxis->setRange(0, xUpper);
    m_plot->yAxis->setRange(0, yUpper);
    const double labelAt = std::min(xUpper, yUpper) * 0.93;
    m_idealLabel->position->setCoords(labelAt, labelAt);

    const bool showCores = m_cores > 0;
    m_coresLine->setVisible(showCores);
    m_coresLabel->setVisible(showCores);
    m_coresLine->point1->setCoords(m_cores, 0);
    m_coresLine->point2->setCoords(m_cores, 1);
    m_coresLabel->position->setCoords(m_cores, yUpper);
    m_coresLabel->setText(tr("cores: %1").arg(m_cores));

    m_hint->setVisible(!anyPoints);
    m_hint->setText(anyBaseline ? tr("Sequential baseline measured; waiting for the parallel runs…")
                                : tr("Run a sweep to see how the speedup grows with workers"));
}

} // namespace mpwb
