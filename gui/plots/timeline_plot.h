// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which worker ran which chunk, and when: one lane per worker, a solid bar per chunk while it ran and a thin
// strip above it while it waited in the pipe, each state in its own colour; a failed chunk is marked in red.
// Bars are drawn by a custom plottable that pools bars thinner than a few pixels per pixel column, so 100k
// chunks cost about as much as the plot's width. Hover a bar for its details; drag and wheel pan and zoom the
// time axis, a double click fits everything again.

#include <QTimer>
#include <QWidget>

#include "redraw_throttle.h"
#include <memory>
#include <vector>

#include "events.h"
#include "plot_theme.h"
#include "run_view.h"

class QMouseEvent;

namespace mpwb {

class ChunkBars;
class InterpreterLockBand;
struct ChunkLanes;

class TimelinePlot : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit TimelinePlot(QWidget* parent = nullptr);
    ~TimelinePlot() override;

    // May be called again with the same vector grown at the end; only the new chunks are taken in then.
    // RunView: the chunks of the frame, the failed chunk when the frame has the error, and a line at the
    // cursor's moment when it is not following a live run.
    QWidget* widget() override { return this; }
    QString title() const override { return tr("Timeline"); }
    bool appliesTo(const RunFrame& frame) const override;
    void showFrame(const RunFrame& frame) override;

    // May be called again with the same list grown at the end; only the new chunks are taken in then.
    void setChunks(std::span<const ChunkEvent> chunks, int workerCount);
    void clear();
    // A fixed time axis from 0 to this many seconds, shared by several runs drawn one above another (a
    // comparison); 0 fits the axis to the data again.
    void setTimeSpan(double seconds);
    // For a stack of runs: no title and no legend (the strip's heading names the run, the page explains
    // the colours once).
    void setCompact();
    // Marks the chunk a failed worker held, on its lane, with the failure as its tooltip.
    void setFailure(int worker, const QString& what);
    bool hasFailure() const { return !m_failureText.isEmpty(); }
    void setTheme(const PlotTheme& theme) override;

    int laneCount() const;
    // Seconds a thread held / waited for the interpreter lock in what is shown (gil-threads runs).
    double lockHeldSeconds(int worker) const;
    double lockWaitSeconds(int worker) const;
    // Workers shown with a chunk begun and not yet finished.
    int chunksInProgress() const;
    int chunkCount() const;
    // The tooltip text for the bar under a point in plot widget coordinates, or empty when there is none.
    QString chunkTextAt(const QPoint& plotPos) const;
    static QString describeChunk(const ChunkEvent& chunk);
    // Draws pending changes at once instead of on the next frame (tests, export).
    void updateNow();
    QCustomPlot* plot() const { return m_plot; }

private:
    void refresh();
    void fitTime();
    void showLock(const RunFrame& frame);
    void showInProgress(const RunFrame& frame);
    void onMouseMove(QMouseEvent* event);

    QCustomPlot* m_plot = nullptr;
    ChunkBars* m_running = nullptr;
    ChunkBars* m_waiting = nullptr;
    QCPItemText* m_hint = nullptr; // says what the empty plot will show
    QCPItemRect* m_failure = nullptr;
    QCPItemText* m_failureLabel = nullptr;
    QCPItemStraightLine* m_cursorLine = nullptr;
    QCPLayoutGrid* m_header = nullptr;
    QCPGraph* m_failedKey = nullptr; // no data: only the legend entry for a failed chunk
    InterpreterLockBand* m_holds = nullptr;
    InterpreterLockBand* m_waits = nullptr;
    std::vector<QCPItemRect*> m_inProgress; // per worker: the chunk it began and has not finished
    const RunModel* m_shownRun = nullptr;
    QString m_failureText;
    std::unique_ptr<ChunkLanes> m_lanes;
    RedrawThrottle* m_throttle = nullptr;
    PlotTheme m_theme = PlotTheme::light();
    int m_workerCount = 0;
    double m_timeSpan = 0;
    int m_shownLanes = -1;    // lanes the axis was last laid out for
    bool m_followData = true; // false once the user pans or zooms, until a double click
};

} // namespace mpwb
