#include "speedup_plot.h"

#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace mpwb {

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
    m_amdahl = m_plot->addGraph();
    m_measured = m_plot->addGraph();
    m_measured->setName(tr("measured (median, bar: min–max)"));
    m_measured->setLineStyle(QCPGraph::lsNone); // the Amdahl curve is the line; points are measurements
    m_spread = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
    m_spread->setDataPlottable(m_measured);
    m_spread->removeFromLegend();

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
    setTheme(m_theme);
}

void SpeedupPlot::setPoints(std::span<const SweepPointEvent> events) {
    m_events.assign(events.begin(), events.end());
    analyse();
}

void SpeedupPlot::analyse() {
    // The engine's analysis, the same the runner's sweep report prints: per worker count the chunksize that
    // ran fastest (what the workers can do when the chunking is right, which is what Amdahl's law is about),
    // and a fit over the worker counts up to the cores only.
    const SweepAnalysis analysis = analyseSweep(m_events, m_cores);
    m_points.clear();
    m_haveBaseline = std::isfinite(analysis.sequentialMedianSeconds);
    const double base = analysis.sequentialMedianSeconds;
    for (const SweepSummaryRow& row : analysis.bestPerWorkers) {
        if (!std::isfinite(row.speedup)) continue;
        m_points.push_back(Point{row.workers, row.chunksize, row.speedup, speedup(base, row.maxSeconds),
                                 speedup(base, row.minSeconds)});
    }
    m_parallelFraction = analysis.amdahl.parallelFraction;
    m_fittedUpTo = analysis.amdahl.workersUsed.empty() ? 0 : analysis.amdahl.workersUsed.back();
    m_leftOut = analysis.amdahl.workersLeftOut;
    m_throttle->request();
}

void SpeedupPlot::clear() {
    setPoints({});
}

void SpeedupPlot::setCores(int cores) {
    m_cores = std::max(0, cores);
    analyse(); // the fit stops at the cores
}

void SpeedupPlot::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    const QColor measured = m_theme.seriesColor(0);
    const QColor fit = m_theme.seriesColor(1);
    m_measured->setPen(QPen(measured, 2));
    m_measured->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, measured, measured, 10));
    m_spread->setPen(QPen(measured, 2));
    m_spread->setWhiskerWidth(12);
    m_amdahl->setPen(QPen(fit, 2.5));
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
    int maxWorkers = m_cores;
    double maxSpeedup = 1;
    QVector<double> x, y, below, above;
    for (const Point& p : m_points) {
        maxWorkers = std::max(maxWorkers, p.workers);
        maxSpeedup = std::max({maxSpeedup, p.median, p.max});
        x.push_back(p.workers);
        y.push_back(p.median);
        below.push_back(p.median - p.min);
        above.push_back(p.max - p.median);
    }
    m_measured->setData(x, y, true);
    m_spread->setData(below, above);

    maxWorkers = std::max(maxWorkers, 2);
    const double xUpper = maxWorkers + 0.5;
    m_ideal->setData(QVector<double>{0, xUpper}, QVector<double>{0, xUpper}, true);

    const bool fitted = std::isfinite(m_parallelFraction);
    QVector<double> fx, fy;
    if (fitted) {
        // Evaluated at whole worker counts only: the law says nothing about 2.5 workers.
        for (int n = 1; n <= maxWorkers; ++n) {
            fx.push_back(n);
            fy.push_back(amdahlSpeedup(m_parallelFraction, n));
            maxSpeedup = std::max(maxSpeedup, fy.back());
        }
    }
    m_amdahl->setData(fx, fy, true);
    // Oversubscribed points say nothing about the work's parallel part on this machine: the legend says
    // which counts the fit used.
    QString fitName = tr("Amdahl fit to %1 workers, p = %2")
                          .arg(m_fittedUpTo)
                          .arg(QLocale().toString(m_parallelFraction, 'f', 2));
    if (m_leftOut > 0) fitName += tr(" (more workers than cores left out)");
    m_amdahl->setName(fitName);
    if (fitted)
        m_amdahl->addToLegend();
    else
        m_amdahl->removeFromLegend();
    m_measured->setVisible(!m_points.empty());
    if (m_points.empty())
        m_measured->removeFromLegend();
    else
        m_measured->addToLegend();
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

    m_hint->setVisible(m_points.empty());
    m_hint->setText(m_haveBaseline ? tr("Sequential baseline measured; waiting for the parallel runs…")
                                   : tr("Run a sweep to see how the speedup grows with workers"));
}

} // namespace mpwb
