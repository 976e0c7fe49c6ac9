// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One run of a comparison as a strip: a heading in words, the CPU each worker used, and its chunk lanes,
// on a time axis shared with the other strips; beside them its kitchen at the same moment, so threads with a
// GIL and processes play in step.

#include <QPointer>
#include <QWidget>

#include "kitchen_index.h"
#include "plot_theme.h"
#include "run_model.h"

class QLabel;

namespace mpwb {

class KitchenCanvas;
class RedrawThrottle;
class TimelinePlot;
class WorkerCpuPlot;

class RunStrip : public QWidget {
    Q_OBJECT
public:
    RunStrip(RunModel* run, const PlotTheme& theme, QWidget* parent = nullptr);

    RunModel* run() const { return m_run; }
    void setHeading(const QString& text);
    // Seconds from each run's own start that the shared axis spans.
    void setTimeSpan(double seconds);
    void showFrame(const RunFrame& frame);
    // The run as it stood at tNs of its own clock (the end: all of it).
    void showAt(std::int64_t tNs, bool atEnd);
    void setTheme(const PlotTheme& theme);
    int chunkCount() const;
    // Gives its plots and its kitchen their words for a screen reader now (showFrame does so, paced).
    void describe();

private:
    QPointer<RunModel> m_run;
    QLabel* m_heading = nullptr;
    WorkerCpuPlot* m_cpu = nullptr;
    TimelinePlot* m_timeline = nullptr;
    KitchenIndex m_kitchenIndex;
    KitchenCanvas* m_kitchen = nullptr;
    RunFrame m_frame;                  // the frame shown, for the words
    RedrawThrottle* m_words = nullptr; // paces describe() while the cursor moves
};

} // namespace mpwb
