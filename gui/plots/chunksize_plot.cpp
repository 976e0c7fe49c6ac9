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

class ChunkTicker : public QCPAxisTickerLog {
protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override { return chunkText(tick); }
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

    m_bestLabel = new QCPItemText(m_plot);
    // Below the point: the fastest line is the lowest, so the space under its minimum is empty.
    m_bestLabel->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_bestLabel->setPadding(QMargins(0, 18, 0, 0));
    m_hint = addEmptyHint(m_plot, QString()); // its text depends on what is missing

    m_throttle = makePlotThrottle(
        m_plot, [this] { refresh(); }, this);
    setTheme(m_theme);
}

QCPErrorBars* ChunksizePlot::spreadBars(int line) const {
    return line >= 0 && line < int(m_bars.size()) ? m_bars[std::size_t(line)] : nullptr;
}

void ChunksizePlot::setPoints(std::span<const SweepPointEvent> events) {
    // Speedup is not shown here, so the core count (which only bounds the Amdahl fit) does not matter.
    const SweepAnalysis analysis = analyseSweep(std::vector<SweepPointEvent>(events.begin(), events.end()), 0);
    // Per worker count and chunksize the fastest backend, should a sweep ever mix them.
    std::map<int, std::map<std::uint64_t, const SweepSummaryRow*>> grid;
    for (const SweepSummaryRow& row : analysis.rows) {
        if (row.chunksize == 0) continue; // "auto" that was never resolved: no place on a log axis
        const SweepSummaryRow*& slot = grid[row.workers][row.chunksize];
        if (!slot || row.medianSeconds < slot->medianSeconds) slot = &row;
    }
    m_lines.clear();
    for (const auto& [workers, byChunk] : grid) {
        Line line;
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
    m_best = analysis.bestChunksize;
    m_bestSeconds = 0;
    if (m_best && !grid.empty()) {
        const auto& largest = grid.rbegin()->second;
        if (const auto it = largest.find(m_best); it != largest.end())
            m_bestSeconds = it->second->medianSeconds;
    }
    m_throttle->request();
}

void ChunksizePlot::clear() {
    setPoints({});
}

void ChunksizePlot::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    m_bestLabel->setColor(m_theme.foreground);
    m_bestLabel->setFont(m_theme.font(1, true));
    m_hint->setColor(m_theme.foreground);
    m_hint->setFont(m_theme.font(2));
    // Wide enough for "16 workers" with its line sample, so the plot does not jump as lines arrive.
    const int side = QFontMetrics(m_theme.font()).horizontalAdvance(QStringLiteral("128 workers")) + 56;
    QCPLayoutElement* legendColumn = m_plot->plotLayout()->element(1, 1);
    legendColumn->setMinimumSize(side, 0);
    legendColumn->setMaximumSize(side, QWIDGETSIZE_MAX);
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
    double minChunk = 0, maxChunk = 0, maxSeconds = 0;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        const Line& line = m_lines[i];
        const QColor colour = m_theme.seriesColor(int(i));
        QCPGraph* g = m_plot->addGraph();
        g->setName(line.workers == 1 ? tr("1 worker") : tr("%1 workers").arg(line.workers));
        g->setPen(QPen(colour, 2.5));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour, 9));
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

    m_bestMarker = nullptr;
    m_bestLabel->setVisible(m_best != 0);
    if (m_best != 0) {
        // A ring around the point keeps the point's own colour visible.
        m_bestMarker = m_plot->addGraph();
        m_bestMarker->removeFromLegend();
        m_bestMarker->setLineStyle(QCPGraph::lsNone);
        m_bestMarker->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(m_theme.foreground, 2.5), Qt::NoBrush, 24));
        m_bestMarker->setData(QVector<double>{double(m_best)}, QVector<double>{m_bestSeconds}, true);
        m_bestLabel->position->setCoords(double(m_best), m_bestSeconds);
        m_bestLabel->setText(tr("best: %1").arg(chunkText(double(m_best))));
    }
    m_theme.applyTo(m_plot); // styles the fresh legend entries

    if (m_lines.empty()) {
        m_plot->xAxis->setRange(1, 100000);
        m_plot->yAxis->setRange(0, 1);
    } else {
        // A factor of two of room on each side keeps the end points and their bars off the frame.
        m_plot->xAxis->setRange(minChunk / 2, maxChunk * 2);
        m_plot->yAxis->setRange(0, maxSeconds * 1.15);
    }
    m_hint->setVisible(m_lines.empty());
    m_hint->setText(tr("Sweep more than one chunksize to see where chunking pays"));
}

} // namespace mpwb
