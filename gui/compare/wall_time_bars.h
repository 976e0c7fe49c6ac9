// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Wall time of each compared run as a horizontal bar, fastest and slowest at a glance, each labelled with
// its time and its speedup over the sequential run.

#include <QWidget>

#include "compare_rows.h"
#include "plot_theme.h"

namespace mpwb {

class WallTimeBars : public QWidget {
    Q_OBJECT
public:
    explicit WallTimeBars(QWidget* parent = nullptr);

    void setRows(const std::vector<CompareRow>& rows);
    void setTheme(const PlotTheme& theme);
    int barCount() const { return m_count; }
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot = nullptr;
    QCPBars* m_bars = nullptr;
    std::vector<QCPItemText*> m_labels;
    PlotTheme m_theme = PlotTheme::light();
    std::vector<CompareRow> m_rows;
    int m_count = 0;
};

} // namespace mpwb
