// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_overlay.h"
#include "text_scale.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "chunksize_plot.h"
#include "labelled_sweep.h"
#include "run_model.h"
#include "speedup_plot.h"
#include "sweep_legend.h"

namespace mpwb {

SweepOverlay::SweepOverlay(QWidget* parent) : QWidget(parent) {
    m_words = new QLabel;
    m_words->setWordWrap(true);
    m_words->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_words->setTextFormat(Qt::RichText);
    scaleText(m_words, 1.15);
    m_speedup = new SpeedupPlot;
    m_chunksize = new ChunksizePlot;
    m_speedup->setMinimumHeight(260);
    m_chunksize->setMinimumHeight(260);
    auto* plots = new QHBoxLayout;
    plots->addWidget(m_speedup, 1);
    plots->addWidget(m_chunksize, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_words);
    layout->addLayout(plots, 1);
}

void SweepOverlay::setSweeps(const QList<RunModel*>& sweeps) {
    for (const auto& run : m_sweeps)
        if (run) disconnect(run, nullptr, this, nullptr);
    m_sweeps.clear();
    for (auto* run : sweeps) {
        m_sweeps << run;
        // A sweep still running adds its points as they come.
        connect(run, &RunModel::appended, this, &SweepOverlay::refresh);
        connect(run, &RunModel::reset, this, &SweepOverlay::refresh);
    }
    refresh();
}

QList<RunModel*> SweepOverlay::sweeps() const {
    QList<RunModel*> out;
    for (const auto& run : m_sweeps)
        if (run) out << run;
    return out;
}

void SweepOverlay::refresh() {
    const auto runs = sweeps();
    const QStringList labels = sweepLegend(std::vector<const RunModel*>(runs.begin(), runs.end()));
    std::vector<LabelledSweep> labelled;
    int cores = 0;
    for (int i = 0; i < runs.size(); ++i) {
        labelled.push_back({labels.value(i), runs[i]->data().sweepPoints});
        if (runs[i]->data().hello && cores == 0) cores = runs[i]->data().hello->cores;
    }
    m_speedup->setCores(cores);
    m_speedup->setSweeps(labelled);
    m_chunksize->setSweeps(labelled);
    QStringList text = lines(true);
    if (text.size() > 1)
        text << tr(
            "Each sweep against its own sequential run; the Amdahl fits use the worker counts up to the "
            "cores, where workers do not yet take turns.");
    m_words->setText(text.join("<br>"));
}

QStringList SweepOverlay::lines(bool rich) const {
    const auto runs = sweeps();
    const QStringList labels = sweepLegend(std::vector<const RunModel*>(runs.begin(), runs.end()));
    QStringList out;
    for (int i = 0; i < runs.size() && i < m_speedup->sweepCount(); ++i) {
        QString line = labels.value(i);
        if (rich) {
            // The sweep's colour on the speedup plot, and its shapes on both plots.
            line = QString("<span style='color:%1'>&#9679;</span> <b>%2</b> (%3)")
                       .arg(m_theme.seriesColor(i).name(), line.toHtmlEscaped(), sweepStyle(i).words);
        }
        const auto& points = m_speedup->points(i);
        if (points.empty()) {
            out << line + ": " + tr("measuring…");
            continue;
        }
        const auto best = *std::max_element(points.begin(), points.end(),
                                            [](const auto& a, const auto& b) { return a.median < b.median; });
        const QString workers = best.workers == 1 ? tr("1 worker") : tr("%1 workers").arg(best.workers);
        line += ": " + tr("best %1× with %2").arg(QLocale().toString(best.median, 'f', 2), workers);
        if (const double p = m_speedup->fittedParallelFraction(i); std::isfinite(p))
            line += tr(", Amdahl fit p = %1").arg(QLocale().toString(p, 'f', 2));
        out << line;
    }
    return out;
}

QString SweepOverlay::summary() const {
    return lines(false).join(QStringLiteral("  ·  "));
}

void SweepOverlay::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    m_speedup->setTheme(theme);
    m_chunksize->setTheme(theme);
    refresh(); // the words carry the sweeps' colours
}

} // namespace mpwb
