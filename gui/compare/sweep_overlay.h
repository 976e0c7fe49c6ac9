// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Two or more sweeps on one speedup plot and one chunksize plot (fork against spawn, lesson 3a), each against
// its own sequential baseline, with a line in words per sweep. It follows sweeps that are still running.

#include <QList>
#include <QPointer>
#include <QWidget>

#include "plot_theme.h"

class QLabel;

namespace mpwb {

class ChunksizePlot;
class RunModel;
class SpeedupPlot;

class SweepOverlay : public QWidget {
    Q_OBJECT
public:
    explicit SweepOverlay(QWidget* parent = nullptr);

    void setSweeps(const QList<RunModel*>& sweeps);
    QList<RunModel*> sweeps() const;
    // "fork: best 1.93× with 2 workers, Amdahl fit p = 0.97  ·  spawn: …"
    QString summary() const;
    void setTheme(const PlotTheme& theme);
    SpeedupPlot* speedupPlot() const { return m_speedup; }
    ChunksizePlot* chunksizePlot() const { return m_chunksize; }

private:
    void refresh();
    // One line per sweep; rich: with its colour and shapes, as the page shows it.
    QStringList lines(bool rich) const;

    QList<QPointer<RunModel>> m_sweeps;
    QLabel* m_words = nullptr;
    SpeedupPlot* m_speedup = nullptr;
    ChunksizePlot* m_chunksize = nullptr;
    PlotTheme m_theme = PlotTheme::light();
};

} // namespace mpwb
