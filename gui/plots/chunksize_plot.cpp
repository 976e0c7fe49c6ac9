// SPDX-License-Identifier: GPL-3.0-or-later
#include "chunksize_plot.h"

#include <QFontMetrics>
#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>

#include "sweep_stats.h"

namespace mpwb {

namespace {

QString chunkText(double chunksize) {
    // Grouped digits ("10,000") read from the back of a classroom; "1e+04" does not.
    return QLocale(QLocale::English).toString(qulonglong(std::llround(chunksize)));
}

// Ticks from 10,000 up as "10k", "200k", "1M": short enough that neighbours never run into each other.
QString tickText(double tick) {
    if (tick >= 1e6) return chunkText(tick / 1e6) + "M";
    if (tick >= 1e4) return chunkText(tick / 1e3) + "k";
    return chunkText(tick);
}

class ChunkTicker : public QCPAxisTickerLog {
protected:
    // Within a decade the ticker ticks 10,000, 20,000, 30,000 …, whose labels run into each other on a log
    // axis: only 1, 2 and 5 times a power of ten are named.
    QString getTickLabel(double tick, const QLocale&, QChar, int) override {
        if (tick <= 0) return {};
        const double mantissa = tick / std::pow(10.0, std::floor(std::log10(tick) + 1e-9));
        for (double named : {1.0, 2.0, 5.0})
            if (std::abs(mantissa - named) < 1e-6) return tickText(tick);
        return {};
    }
};

} // namespace

ChunksizePlot::ChunksizePlot(QWidget* parent) : QWidget(parent) {
    m_plot = new QCustomPlot(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("Wall time by chunksize")));
    m_plot->xAxis->setLabel(tr("chunksize (items per chunk)"));
    m_plot->yAxis->setLabel(tr("wall time (seconds, median)"));
    m_linearTicker = m_plot->yAxis->ticker();
    m_logTicker = QSharedPointer<QCPAxisTickerLog>::create();
    m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<ChunkTicker>::create();
    ticker->setLogBase(10);
    ticker->setSubTickCount(8); // 2, 3, …, 9 between the decades
    m_plot->xAxis->setTicker(ticker);

    // The U is highest at both ends, so the legend gets its own column instead of covering it.
    auto* side = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 1, side);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    side->addElement(0, 0, m_plot->legend);
    side->addElement(1, 0, new QCPLayoutElement(m_plot)); // pushes the legend to the top
    side->setRowStretchFactor(0, 0.001);
    side->setRowStretchFactor(1, 1000);
    m_plot->legend->setVisible(true);
    m_plot->plotLayout()->setColumnStretchFactor(1, 0.001);

    m_hint = addEmptyHint(m_plot, QString()); // its text depends on what is missing

    m_throttle = makePlotThrottle(
        m_plot, [this] { refresh(); }, this);
    setTheme(m_theme);
}

QCPErrorBars* ChunksizePlot::spreadBars(int line) const {
    return line >= 0 && line < int(m_bars.size()) ? m_bars[std::size_t(line)] : nullptr;
}

void ChunksizePlot::setPoints(std::span<const SweepPointEvent> events) {
    setSweeps({LabelledSweep{QString(), std::vector<SweepPointEvent>(events.begin(), events.end())}});
}

void ChunksizePlot::setSweeps(const std::vector<LabelledSweep>& sweeps) {
    m_lines.clear();
    m_workerCounts.clear();
    // The best labels are kept while the number of sweeps stays: a live sweep calls this on every point.
    std::vector<QCPItemText*> labels;
    for (const auto& best : m_best)
        labels.push_back(best.label);
    m_best.clear();
    for (std::size_t i = 0; i < sweeps.size(); ++i)
        addSweep(int(i), sweeps[i], i < labels.size() ? labels[i] : nullptr);
    for (std::size_t i = sweeps.size(); i < labels.size(); ++i)
        m_plot->removeItem(labels[i]);
    for (const Line& line : m_lines)
        if (std::find(m_workerCounts.begin(), m_workerCounts.end(), line.workers) == m_workerCounts.end())
            m_workerCounts.push_back(line.workers);
    std::sort(m_workerCounts.begin(), m_workerCounts.end());
    if (sweeps.size() > labels.size())
        setTheme(m_theme); // styles the new best labels
    else
        m_throttle->request();
}

void ChunksizePlot::addSweep(int index, const LabelledSweep& sweep, QCPItemText* label) {
    // Speedup is not shown here, so the core count (which only bounds the Amdahl fit) does not matter.
    const SweepAnalysis analysis = analyseSweep(sweep.points, 0);
    // Per worker count and chunksize the fastest backend, should a sweep ever mix them.
    std::map<int, std::map<std::uint64_t, const SweepSummaryRow*>> grid;
    for (const SweepSummaryRow& row : analysis.rows) {
        if (row.chunksize == 0) continue; // "auto" that was never resolved: no place on a log axis
        const SweepSummaryRow*& slot = grid[row.workers][row.chunksize];
        if (!slot || row.medianSeconds < slot->medianSeconds) slot = &row;
    }
    for (const auto& [workers, byChunk] : grid) {
        Line line;
        line.sweep = index;
        line.workers = workers;
        for (const auto& [chunksize, row] : byChunk) {
            line.chunksize.push_back(double(chunksize));
            line.median.push_back(row->medianSeconds);
            line.below.push_back(row->medianSeconds - row->minSeconds);
            line.above.push_back(row->maxSeconds - row->medianSeconds);
        }
        m_lines.push_back(std::move(line));
    }
    // The advice is the engine's, so the runner's sweep report names the same chunksize.
    Best best;
    best.sweepLabel = sweep.label;
    best.chunksize = analysis.bestChunksize;
    if (best.chunksize && !grid.empty()) {
        const auto& largest = grid.rbegin()->second;
        if (const auto it = largest.find(best.chunksize); it != largest.end())
            best.seconds = it->second->medianSeconds;
    }
    // One sweep's label goes below its point: the fastest line is the lowest, so the space under its
    // minimum is empty (refresh() places it).
    best.label = label ? label : new QCPItemText(m_plot);
    m_best.push_back(best);
}

std::uint64_t ChunksizePlot::bestChunksize(int sweep) const {
    return sweep >= 0 && sweep < int(m_best.size()) ? m_best[std::size_t(sweep)].chunksize : 0;
}

void ChunksizePlot::clear() {
    setPoints({});
}

void ChunksizePlot::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    for (auto& best : m_best) {
        best.label->setColor(m_theme.foreground);
        best.label->setFont(m_theme.font(1, true));
    }
    m_hint->setColor(m_theme.foreground);
    m_hint->setFont(m_theme.font(2));
    m_theme.applyTo(m_plot);
    m_throttle->request(); // series colours are set when the graphs are rebuilt
}

void ChunksizePlot::updateNow() {
    m_throttle->cancel();
    refresh();
    m_plot->replot();
}

void ChunksizePlot::refresh() {
    // A sweep has a handful of lines, so rebuilding them is simpler than matching old graphs to new data.
    m_plot->clearPlottables();
    m_bars.clear();
    const bool overlaid = m_best.size() > 1;
    // Overlaid sweeps differ by line style and point shape; a worker count has one colour throughout.
    double minChunk = 0, maxChunk = 0, maxSeconds = 0;
    for (const Line& line : m_lines) {
        const auto place = std::find(m_workerCounts.begin(), m_workerCounts.end(), line.workers);
        const QColor colour = m_theme.seriesColor(int(place - m_workerCounts.begin()));
        QCPGraph* g = m_plot->addGraph();
        g->setName(line.workers == 1 ? tr("1 worker") : tr("%1 workers").arg(line.workers));
        // Overlaid, the legend names each worker count (its colour) once; which line style is which sweep
        // is said beside the plot (sweepStyle).
        if (overlaid && std::any_of(m_lines.begin(), m_lines.end(), [&](const Line& other) {
                return other.workers == line.workers && other.sweep < line.sweep;
            }))
            g->removeFromLegend();
        const SweepStyle style = sweepStyle(line.sweep);
        g->setPen(QPen(colour, 2.5, style.line));
        g->setScatterStyle(QCPScatterStyle(style.shape, colour, colour, 9));
        g->setData(line.chunksize, line.median, true);
        auto* bars = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
        bars->setDataPlottable(g);
        bars->setData(line.below, line.above);
        bars->setPen(QPen(colour, 1.5));
        bars->setWhiskerWidth(10);
        bars->removeFromLegend();
        m_bars.push_back(bars);
        for (int k = 0; k < line.chunksize.size(); ++k) {
            minChunk = minChunk == 0 ? line.chunksize[k] : std::min(minChunk, line.chunksize[k]);
            maxChunk = std::max(maxChunk, line.chunksize[k]);
            maxSeconds = std::max(maxSeconds, line.median[k] + line.above[k]);
        }
    }

    for (std::size_t i = 0; i < m_best.size(); ++i) {
        const Best& best = m_best[i];
        best.label->setVisible(best.chunksize != 0);
        if (best.chunksize == 0) continue;
        // A ring around the point keeps the point's own colour visible.
        QCPGraph* marker = m_plot->addGraph();
        marker->removeFromLegend();
        marker->setLineStyle(QCPGraph::lsNone);
        marker->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(m_theme.foreground, 2.5), Qt::NoBrush, 24));
        marker->setData(QVector<double>{double(best.chunksize)}, QVector<double>{best.seconds}, true);
        if (overlaid) {
            // Overlaid bests may share a chunksize, and a label under a point near the edge would be cut:
            // their labels are a list in the bottom left corner, one line each, under the ringed points.
            best.label->position->setType(QCPItemPosition::ptAxisRectRatio);
            best.label->position->setCoords(0, 1);
            best.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            best.label->setPadding(QMargins(8, 0, 0, 6 + 22 * int(m_best.size() - 1 - i)));
            best.label->setClipToAxisRect(false); // the legend's column beside it is empty at the bottom
        } else {
            best.label->position->setType(QCPItemPosition::ptPlotCoords);
            best.label->position->setCoords(double(best.chunksize), best.seconds);
            best.label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
            best.label->setPadding(QMargins(0, 18, 0, 0));
            best.label->setClipToAxisRect(true);
        }
        const QString chunk = chunkText(double(best.chunksize));
        best.label->setText(overlaid ? tr("best, %1: %2").arg(best.sweepLabel, chunk)
                                     : tr("best: %1").arg(chunk));
    }
    m_theme.applyTo(m_plot); // styles the fresh legend entries
    // Wide enough for "128 workers" with its line sample, so the plot does not jump as lines arrive, and
    // for the longest name when sweeps are overlaid.
    const QFontMetrics metrics(m_theme.font());
    int side = metrics.horizontalAdvance(QStringLiteral("128 workers"));
    for (int i = 0; i < m_plot->graphCount(); ++i)
        side = std::max(side, metrics.horizontalAdvance(m_plot->graph(i)->name()));
    QCPLayoutElement* legendColumn = m_plot->plotLayout()->element(1, 1);
    legendColumn->setMinimumSize(side + 56, 0);
    legendColumn->setMaximumSize(side + 56, QWIDGETSIZE_MAX);

    // Overlaid sweeps of very different speed (the engine's C++ against CPython doing the same work) would
    // flatten the faster one's U against the axis: then the time axis is logarithmic, so each U keeps its
    // shape and the gap between them reads as a factor.
    double minSeconds = 0;
    for (const Line& line : m_lines)
        for (double t : line.median)
            if (t > 0) minSeconds = minSeconds == 0 ? t : std::min(minSeconds, t);
    m_logTime = overlaid && minSeconds > 0 && maxSeconds / minSeconds > kLogTimeRatio;
    m_plot->yAxis->setScaleType(m_logTime ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    m_plot->yAxis->setTicker(m_logTime ? m_logTicker : m_linearTicker);
    m_plot->yAxis->setLabel(m_logTime ? tr("wall time (seconds, median, log scale)")
                                      : tr("wall time (seconds, median)"));
    if (m_lines.empty()) {
        m_plot->xAxis->setRange(1, 100000);
        m_plot->yAxis->setRange(0, 1);
    } else {
        // A factor of two of room on each side keeps the end points and their bars off the frame.
        m_plot->xAxis->setRange(minChunk / 2, maxChunk * 2);
        if (m_logTime) // more room below: the overlaid bests are listed in the bottom left corner
            m_plot->yAxis->setRange(minSeconds / 6, maxSeconds * 2);
        else
            m_plot->yAxis->setRange(0, maxSeconds * 1.15);
    }
    m_hint->setVisible(m_lines.empty());
    m_hint->setText(tr("Sweep more than one chunksize to see where chunking pays"));
}

} // namespace mpwb
