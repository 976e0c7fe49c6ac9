// SPDX-License-Identifier: GPL-3.0-or-later
#include "counter_plot.h"

#include <QLocale>
#include <QVBoxLayout>
#include <algorithm>

namespace mpwb {

namespace {
// The modes in the order the lesson tells them: no protection, a lock, an atomic instruction.
const QStringList kModes{"none", "lock", "atomic"};
} // namespace

CounterPlot::CounterPlot(QWidget* parent) : QWidget(parent) {
    m_plot = new QCustomPlot(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_plot->plotLayout()->clear();
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("This run")));
    m_plot->plotLayout()->addElement(0, 1, new QCPTextElement(m_plot, tr("Speed by mode")));
    m_plot->plotLayout()->addElement(0, 2, new QCPTextElement(m_plot, tr("Lost, no lock")));
    m_timeRect = new QCPAxisRect(m_plot);
    m_modeRect = new QCPAxisRect(m_plot);
    m_lostRect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(1, 0, m_timeRect);
    m_plot->plotLayout()->addElement(1, 1, m_modeRect);
    m_plot->plotLayout()->addElement(1, 2, m_lostRect);
    m_lostRect->axis(QCPAxis::atBottom)->setLabel(tr("workers"));
    m_lostRect->axis(QCPAxis::atLeft)->setLabel(tr("updates lost (% of increments)"));
    m_timeRect->axis(QCPAxis::atBottom)->setLabel(tr("seconds"));
    m_timeRect->axis(QCPAxis::atBottom)->ticker()->setTickCount(3); // three panels share the width
    // Counts run into the hundreds of millions: in millions they read as plain numbers, not 1·10⁸.
    m_timeRect->axis(QCPAxis::atLeft)->setLabel(tr("count (millions)"));
    m_modeRect->axis(QCPAxis::atLeft)->setLabel(tr("million updates a second"));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < kModes.size(); ++i)
        ticker->addTick(i, kModes[i]);
    m_modeRect->axis(QCPAxis::atBottom)->setTicker(ticker);
    m_modeRect->axis(QCPAxis::atBottom)->setRange(-0.7, kModes.size() - 0.3); // room for each bar's label
    // The bars' panel needs the most width (three labelled bars); the others are simple curves. On a
    // 1280×720 screen every panel still has room for its labels.
    m_plot->plotLayout()->setColumnStretchFactors({1.0, 1.25, 0.9});
    m_plot->legend = new QCPLegend;
    m_timeRect->insetLayout()->addElement(m_plot->legend, Qt::AlignTop | Qt::AlignLeft);
    m_plot->legend->setLayer("legend");
    m_plot->legend->setVisible(true);
    m_hint = addEmptyHint(m_plot, tr("No counter yet: run the shared counter."), m_timeRect);
    m_throttle = makePlotThrottle(
        m_plot, [this] { refresh(); }, this);
    setTheme(m_theme);
}

void CounterPlot::setSamples(std::span<const CounterSample> samples) {
    if (samples.size() < m_taken) clearRun();
    for (; m_taken < samples.size(); ++m_taken) {
        m_t << samples[m_taken].t;
        m_value << double(samples[m_taken].counter.value) / 1e6;
        m_increments << double(samples[m_taken].counter.increments) / 1e6;
    }
    m_throttle->request();
}

void CounterPlot::addRun(const CounterRunSummary& run) {
    m_latest[run.mode] = run;
    if (run.mode == "none") {
        m_lostByWorkers[run.workers] = run.lost;
        m_lostShareByWorkers[run.workers] =
            run.increments > 0 ? 100.0 * double(run.lost) / double(run.increments) : 0;
    }
    m_throttle->request();
}

void CounterPlot::clearRun() {
    m_t.clear();
    m_value.clear();
    m_increments.clear();
    m_taken = 0;
    m_throttle->request();
}

void CounterPlot::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    m_theme.applyTo(m_plot);
    for (auto* rect : {m_timeRect, m_modeRect, m_lostRect})
        for (auto* axis : rect->axes())
            m_theme.applyTo(axis);
    m_hint->setColor(m_theme.axis);
    m_hint->setFont(m_theme.font(1));
    m_throttle->request();
}

void CounterPlot::updateNow() {
    m_throttle->cancel();
    refresh();
    m_plot->replot();
}

void CounterPlot::refresh() {
    m_plot->clearPlottables();
    m_plot->legend->clearItems();
    for (auto* label : m_barLabels)
        m_plot->removeItem(label);
    m_barLabels.clear();

    auto* made = m_plot->addGraph(m_timeRect->axis(QCPAxis::atBottom), m_timeRect->axis(QCPAxis::atLeft));
    made->setName(tr("made"));
    made->setPen(QPen(m_theme.seriesColor(0), 2));
    made->setData(m_t, m_increments, true);
    auto* value = m_plot->addGraph(m_timeRect->axis(QCPAxis::atBottom), m_timeRect->axis(QCPAxis::atLeft));
    value->setName(tr("in memory"));
    value->setPen(QPen(m_theme.seriesColor(3), 2, Qt::DashLine));
    value->setData(m_t, m_value, true);
    m_timeRect->axis(QCPAxis::atBottom)->setRange(0, m_t.isEmpty() ? 1 : std::max(m_t.back(), 0.01));
    const double top = m_increments.isEmpty() ? 1 : std::max(1e-3, m_increments.back());
    m_timeRect->axis(QCPAxis::atLeft)->setRange(0, top * 1.1);
    m_hint->setVisible(m_t.isEmpty());

    auto* bars = new QCPBars(m_modeRect->axis(QCPAxis::atBottom), m_modeRect->axis(QCPAxis::atLeft));
    bars->removeFromLegend();
    bars->setWidth(0.6);
    bars->setPen(Qt::NoPen);
    bars->setBrush(m_theme.seriesColor(1));
    double fastest = 1e-3;
    const QLocale english(QLocale::English);
    for (int i = 0; i < kModes.size(); ++i) {
        const auto it = m_latest.find(kModes[i]);
        if (it == m_latest.end()) continue;
        const double millions = it->second.incrementsPerSecond / 1e6;
        bars->addData(i, millions);
        fastest = std::max(fastest, millions);
        auto* label = new QCPItemText(m_plot);
        label->setClipAxisRect(m_modeRect);
        label->position->setAxes(m_modeRect->axis(QCPAxis::atBottom), m_modeRect->axis(QCPAxis::atLeft));
        label->position->setCoords(i, millions);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        // Millions as "7.5 M": a label above a bar has the width of the bar's slot, no more.
        const qint64 lostCount = it->second.lost;
        const QString count = lostCount >= 1'000'000 ? QString::number(lostCount / 1e6, 'f', 1) + " M"
                                                     : english.toString(lostCount);
        label->setText(tr("%1\nlost").arg(count));
        label->setColor(it->second.lost > 0 ? m_theme.seriesColor(3) : m_theme.foreground);
        label->setFont(m_theme.font(0, it->second.lost > 0));
        m_barLabels.push_back(label);
    }
    m_modeRect->axis(QCPAxis::atLeft)->setRange(0, fastest * 1.35); // room for the labels above the bars

    // A share rather than a count, so runs with different numbers of increments compare.
    auto* lost = m_plot->addGraph(m_lostRect->axis(QCPAxis::atBottom), m_lostRect->axis(QCPAxis::atLeft));
    lost->removeFromLegend();
    lost->setPen(QPen(m_theme.seriesColor(3), 2));
    lost->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 9));
    int most = 2;
    for (const auto& [workers, share] : m_lostShareByWorkers) {
        lost->addData(workers, share);
        most = std::max(most, workers);
    }
    m_lostRect->axis(QCPAxis::atBottom)->setRange(0.5, most + 0.5);
    m_lostRect->axis(QCPAxis::atLeft)->setRange(0, 100);
    m_theme.applyTo(m_plot);
}

bool CounterPlot::appliesTo(const RunFrame& frame) const {
    return frame.run && !frame.run->data().counters.empty();
}

void CounterPlot::showFrame(const RunFrame& frame) {
    if (frame.run != m_shownRun) {
        clearRun();
        m_shownRun = frame.run;
    }
    setSamples(frame.counters());
}

void CounterPlot::clearHistory() {
    m_latest.clear();
    m_lostByWorkers.clear();
    m_lostShareByWorkers.clear();
    m_throttle->request();
}

} // namespace mpwb
