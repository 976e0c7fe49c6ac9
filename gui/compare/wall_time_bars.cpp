// SPDX-License-Identifier: GPL-3.0-or-later
#include "wall_time_bars.h"

#include <QVBoxLayout>
#include <cmath>

namespace mpwb {

WallTimeBars::WallTimeBars(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("Wall time (shorter is faster)")));
    m_bars = new QCPBars(m_plot->yAxis, m_plot->xAxis); // keys on the vertical axis: horizontal bars
    m_bars->setWidth(0.6);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->xAxis->setLabel(tr("seconds"));
    setTheme(m_theme);
}

void WallTimeBars::setRows(const std::vector<CompareRow>& rows) {
    m_rows = rows;
    for (auto* label : m_labels)
        m_plot->removeItem(label);
    m_labels.clear();
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(m_plot->yAxis->ticker());
    ticker->clear();
    QVector<double> keys, values;
    double longest = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        keys << double(i);
        values << r.wallSeconds;
        longest = std::max(longest, r.wallSeconds);
        ticker->addTick(double(i), r.label);
        auto* text = new QCPItemText(m_plot);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        text->position->setAxes(m_plot->xAxis, m_plot->yAxis);
        text->position->setCoords(r.wallSeconds, double(i));
        text->setPadding(QMargins(6, 0, 0, 0));
        QString words = QString::number(r.wallSeconds, 'f', 3) + " s";
        if (std::isfinite(r.speedup)) words += "   " + QString::number(r.speedup, 'f', 2) + QChar(0x00D7);
        if (!r.finished)
            words += tr("   (running…)");
        else if (!r.correct)
            words += tr("   wrong answer");
        text->setText(words);
        text->setFont(m_theme.font(1, true));
        text->setColor(r.finished && !r.correct ? m_theme.seriesColor(3) : m_theme.foreground);
        m_labels.push_back(text);
    }
    m_count = int(rows.size());
    m_bars->setData(keys, values, true);
    // Room on the right for the longest bar's label.
    m_plot->xAxis->setRange(0, std::max(longest, 1e-3) * 1.45);
    m_plot->yAxis->setRange(-0.6, std::max(1, m_count) - 0.4);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void WallTimeBars::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    m_theme.applyTo(m_plot);
    QColor fill = m_theme.seriesColor(0);
    m_bars->setPen(QPen(fill));
    fill.setAlpha(170);
    m_bars->setBrush(fill);
    setRows(m_rows);
}

} // namespace mpwb
