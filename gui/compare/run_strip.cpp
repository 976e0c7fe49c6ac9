// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_strip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "accessible_words.h"
#include "frame_words.h"
#include "kitchen_canvas.h"
#include "kitchen_words.h"
#include "redraw_throttle.h"
#include "timeline_plot.h"
#include "worker_cpu_plot.h"

namespace mpwb {
namespace {

constexpr int kStripHeight = 230; // a run's CPU lanes and chunk lanes together

} // namespace

RunStrip::RunStrip(RunModel* run, const PlotTheme& theme, QWidget* parent) : QWidget(parent), m_run(run) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->setSpacing(0);
    m_heading = new QLabel;
    m_heading->setStyleSheet("font-weight: bold;");
    m_cpu = new WorkerCpuPlot;
    m_timeline = new TimelinePlot;
    m_cpu->setCompact();
    m_timeline->setCompact();
    setTheme(theme);
    m_kitchen = new KitchenCanvas;
    m_kitchen->setMinimumSize(280, 200);
    m_kitchen->setMaximumWidth(360);
    m_kitchen->setTheme(theme);
    auto* plots = new QVBoxLayout;
    plots->setSpacing(0);
    plots->addWidget(m_cpu, 2);
    plots->addWidget(m_timeline, 3);
    auto* row = new QHBoxLayout;
    row->addLayout(plots, 1);
    row->addWidget(m_kitchen);
    layout->addWidget(m_heading);
    layout->addLayout(row, 1);
    setMinimumHeight(kStripHeight);
    m_words = new RedrawThrottle([this] { describe(); }, this, kWordsEveryMs);
}

void RunStrip::setHeading(const QString& text) {
    m_heading->setText(text);
    // The heading names the run; a screen reader hears it as the strip's name, its parts described below it.
    setAccessibleName(text);
}

void RunStrip::setTimeSpan(double seconds) {
    m_cpu->setTimeSpan(seconds);
    m_timeline->setTimeSpan(seconds);
}

void RunStrip::showFrame(const RunFrame& frame) {
    m_cpu->showFrame(frame);
    m_timeline->showFrame(frame);
    m_kitchenIndex.sync(frame.run);
    const KitchenScene scene = frame.run ? m_kitchenIndex.sceneAt(frame.tNs) : KitchenScene{};
    m_kitchen->setScene(scene);
    m_frame = frame;
    m_words->request();
}

void RunStrip::describe() {
    m_words->cancel();
    if (m_run.data() != m_frame.run) m_frame = RunFrame{}; // the run went away since
    setAccessibleWords(m_cpu, m_cpu->title(), frameWords(ViewKind::WorkerCpu, m_frame));
    setAccessibleWords(m_timeline, m_timeline->title(), frameWords(ViewKind::Timeline, m_frame));
    setAccessibleWords(m_kitchen, tr("Kitchen"), describeKitchen(m_kitchen->scene()));
}

void RunStrip::showAt(std::int64_t tNs, bool atEnd) {
    if (!m_run) return;
    RunFrame frame;
    frame.run = m_run;
    frame.tNs = tNs;
    frame.shown = m_run->countsAt(atEnd ? m_run->eventCount() : m_run->eventsUpTo(tNs));
    showFrame(frame);
}

void RunStrip::setTheme(const PlotTheme& theme) {
    m_cpu->setTheme(theme);
    m_timeline->setTheme(theme);
    if (m_kitchen) m_kitchen->setTheme(theme);
}

int RunStrip::chunkCount() const {
    return m_timeline->chunkCount();
}

} // namespace mpwb
