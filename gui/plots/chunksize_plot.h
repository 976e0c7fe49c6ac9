// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the chunksize changes the wall time: one line per worker count over chunksizes on a log axis, the
// median of the repeats as points and their spread as bars. Too small a chunk drowns in messaging, too big
// a chunk leaves workers idle at the end; the U between them is the lesson, and its bottom is marked.
// Several sweeps can be overlaid: a worker count keeps its colour in each, and each sweep has its own line
// style and its own marked best.
//
// Points with chunksize 0 ("auto", not resolved) are left out: a log axis has no place for 0. The engine
// reports the chunksize a run actually used, so "auto" normally arrives as a real number and is plotted.

#include <QTimer>
#include <QWidget>

#include "redraw_throttle.h"
#include <cstdint>
#include <vector>

#include "events.h"
#include "labelled_sweep.h"
#include "plot_theme.h"
#include "run_view.h"

namespace mpwb {

class ChunksizePlot : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit ChunksizePlot(QWidget* parent = nullptr);

    // Takes the whole sweep so far; sequential baseline points are ignored. Call again as points arrive.
    // RunView: the sweep the frame shows.
    QWidget* widget() override { return this; }
    QString title() const override { return tr("Chunksize"); }
    bool appliesTo(const RunFrame& frame) const override { return frame.run && frame.run->isSweep(); }
    bool drawsSweeps() const override { return true; }
    void showFrame(const RunFrame& frame) override { setPoints(frame.sweepPoints()); }

    void setPoints(std::span<const SweepPointEvent> points);
    // Overlays these sweeps; their labels name them in the legend.
    void setSweeps(const std::vector<LabelledSweep>& sweeps);
    void clear();
    void setTheme(const PlotTheme& theme) override;

    // The chunksize with the lowest median time at the largest worker count of sweep `sweep`; 0 when there
    // is none.
    std::uint64_t bestChunksize(int sweep = 0) const;
    int lineCount() const { return int(m_lines.size()); }
    // Whether the time axis is logarithmic: overlaid sweeps whose times differ by more than kLogTimeRatio.
    bool logTimeAxis() const { return m_logTime; }
    static constexpr double kLogTimeRatio = 20;
    // Draws pending changes at once instead of on the next frame (tests, export).
    void updateNow();
    QCustomPlot* plot() const { return m_plot; }
    QCPErrorBars* spreadBars(int line) const;

private:
    struct Line {
        int sweep = 0;
        int workers = 1;
        QVector<double> chunksize, median, below, above; // ordered by chunksize
    };

    void refresh();

    QCustomPlot* m_plot = nullptr;
    std::vector<QCPErrorBars*> m_bars; // one per line, rebuilt with the graphs
    // Per sweep: the best chunksize, its time, and the label that names it.
    struct Best {
        QString sweepLabel;
        std::uint64_t chunksize = 0;
        double seconds = 0;
        QCPItemText* label = nullptr;
    };

    // label: the item that names its best, reused; null makes one.
    void addSweep(int index, const LabelledSweep& sweep, QCPItemText* label);

    QCPItemText* m_hint = nullptr;
    bool m_logTime = false;
    QSharedPointer<QCPAxisTicker> m_linearTicker, m_logTicker;
    RedrawThrottle* m_throttle = nullptr;
    PlotTheme m_theme = PlotTheme::light();

    std::vector<Line> m_lines;       // ordered by sweep, then workers
    std::vector<int> m_workerCounts; // of every sweep, ordered: a count's place gives its colour
    std::vector<Best> m_best;        // one per sweep
};

} // namespace mpwb
