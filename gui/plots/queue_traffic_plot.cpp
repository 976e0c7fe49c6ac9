// SPDX-License-Identifier: GPL-3.0-or-later
#include "queue_traffic_plot.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>

namespace mpwb {

QueueTrafficPlot::QueueTrafficPlot(QWidget* parent) : QWidget(parent) {
    m_plot = new QCustomPlot(this);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_summary);

    m_plot->plotLayout()->clear();
    // Title and legend share the top row, so the legend never hides a queue pinned at its bound.
    auto* header = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(0, 0, header);
    header->addElement(0, 0,
                       new QCPTextElement(m_plot, tr("Items waiting in each queue (dashed: its bound)")));
    m_depthRect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(1, 0, m_depthRect);
    m_plot->plotLayout()->addElement(2, 0, new QCPTextElement(m_plot, tr("Items put and taken per second")));
    m_rateRect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(3, 0, m_rateRect);
    // Both rects share one time axis, so a burst above lines up with its rate below.
    auto* margins = new QCPMarginGroup(m_plot);
    m_depthRect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_rateRect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    connect(m_depthRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            m_rateRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
    m_depthRect->axis(QCPAxis::atLeft)->setLabel(tr("items in queue"));
    m_rateRect->axis(QCPAxis::atLeft)->setLabel(tr("items / s"));
    m_rateRect->axis(QCPAxis::atBottom)->setLabel(tr("seconds"));
    m_plot->legend = new QCPLegend;
    header->addElement(0, 1, m_plot->legend);
    header->setColumnStretchFactor(1, 0.001);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setLayer("legend");
    m_plot->legend->setVisible(true);
    m_hint = addEmptyHint(
        m_plot, tr("No queues yet: run an exercise that connects processes with queues (the pipeline)."),
        m_depthRect);

    m_throttle = makePlotThrottle(
        m_plot, [this] { refresh(); }, this);
    setTheme(m_theme);
}

void QueueTrafficPlot::setSamples(std::span<const QueueSample> samples) {
    if (samples.size() < m_taken) clear();
    for (; m_taken < samples.size(); ++m_taken) {
        const auto& s = samples[m_taken];
        const auto name = QString::fromStdString(s.queue.queue);
        auto it =
            std::find_if(m_series.begin(), m_series.end(), [&](const Series& x) { return x.name == name; });
        if (it == m_series.end()) {
            m_series.push_back(Series{name, {}, {}, {}, {}, {}, 0, {}, 0, {}});
            it = m_series.end() - 1;
        }
        constexpr double kMinRateSpan = 0.02; // seconds
        if (it->t.isEmpty()) {
            it->rateFromT = s.t;
            it->rateFrom = s.queue;
        } else if (const double dt = s.t - it->rateFromT; dt >= kMinRateSpan) {
            const auto& from = it->rateFrom;
            it->rateT << s.t;
            it->putRate << double(s.queue.puts - std::min(s.queue.puts, from.puts)) / dt;
            it->getRate << double(s.queue.gets - std::min(s.queue.gets, from.gets)) / dt;
            it->rateFromT = s.t;
            it->rateFrom = s.queue;
        }
        it->t << s.t;
        it->depth << double(s.queue.depth);
        it->capacity = double(s.queue.capacity);
        it->last = s.queue;
    }
    m_throttle->request();
}

void QueueTrafficPlot::clear() {
    m_series.clear();
    m_taken = 0;
    m_throttle->request();
}

void QueueTrafficPlot::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    m_theme.applyTo(m_plot);
    for (auto* rect : {m_depthRect, m_rateRect})
        for (auto* axis : rect->axes())
            m_theme.applyTo(axis);
    m_hint->setColor(m_theme.axis);
    m_hint->setFont(m_theme.font(1));
    m_throttle->request();
}

QStringList QueueTrafficPlot::queueNames() const {
    QStringList names;
    for (const auto& s : m_series)
        names << s.name;
    return names;
}

QString QueueTrafficPlot::summary() const {
    QStringList lines;
    const QLocale english(QLocale::English);
    for (const auto& s : m_series)
        lines << tr("%1: %2 put, %3 taken, bound %4; writers waited %5 s for room, readers %6 s for an item.")
                     .arg(s.name, english.toString(qulonglong(s.last.puts)),
                          english.toString(qulonglong(s.last.gets)))
                     .arg(s.last.capacity)
                     .arg(s.last.putBlockedNs / 1e9, 0, 'f', 2)
                     .arg(s.last.getBlockedNs / 1e9, 0, 'f', 2);
    return lines.join('\n');
}

void QueueTrafficPlot::updateNow() {
    m_throttle->cancel();
    refresh();
    m_plot->replot();
}

void QueueTrafficPlot::refresh() {
    m_plot->clearGraphs();
    m_plot->legend->clearItems();
    auto* t1 = m_depthRect->axis(QCPAxis::atBottom);
    auto* y1 = m_depthRect->axis(QCPAxis::atLeft);
    auto* t2 = m_rateRect->axis(QCPAxis::atBottom);
    auto* y2 = m_rateRect->axis(QCPAxis::atLeft);
    double last = 0, deepest = 1, fastest = 1;
    for (int i = 0; i < int(m_series.size()); ++i) {
        const auto& s = m_series[std::size_t(i)];
        const QColor colour = m_theme.seriesColor(i);
        auto* depth = m_plot->addGraph(t1, y1);
        depth->setName(s.name);
        depth->setLineStyle(QCPGraph::lsStepLeft);
        depth->setPen(QPen(colour, 2));
        depth->setData(s.t, s.depth, true);
        if (!s.t.isEmpty() && s.capacity > 0) {
            auto* bound = m_plot->addGraph(t1, y1);
            bound->removeFromLegend(); // the title says what the dashed lines are
            bound->setPen(QPen(colour, 1, Qt::DashLine));
            bound->setData({s.t.front(), s.t.back()}, {s.capacity, s.capacity}, true);
            deepest = std::max(deepest, s.capacity);
        }
        auto* puts = m_plot->addGraph(t2, y2);
        puts->setPen(QPen(colour, 2));
        puts->setData(s.rateT, s.putRate, true);
        puts->removeFromLegend();
        auto* gets = m_plot->addGraph(t2, y2);
        gets->setPen(QPen(colour, 2, Qt::DotLine));
        gets->setData(s.rateT, s.getRate, true);
        gets->removeFromLegend();
        if (!s.t.isEmpty()) last = std::max(last, s.t.back());
        for (double d : s.depth)
            deepest = std::max(deepest, d);
        for (double r : s.putRate)
            fastest = std::max(fastest, r);
        for (double r : s.getRate)
            fastest = std::max(fastest, r);
    }
    t1->setRange(0, std::max(last, 0.1));
    y1->setRange(0, deepest * 1.15);
    y2->setRange(0, fastest * 1.15);
    m_hint->setVisible(m_series.empty());
    m_summary->setText(m_series.empty()
                           ? QString()
                           : summary() + "\n" +
                                 tr("Below: solid lines are puts, dotted lines takes. Counts include the "
                                    "sentinels that tell workers to stop."));
    m_theme.applyTo(m_plot);
}

bool QueueTrafficPlot::appliesTo(const RunFrame& frame) const {
    return frame.run && !frame.run->data().queues.empty();
}

void QueueTrafficPlot::showFrame(const RunFrame& frame) {
    if (frame.run != m_shownRun) {
        clear();
        m_shownRun = frame.run;
    }
    setSamples(frame.queues());
}

} // namespace mpwb
