// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_views_panel.h"

#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <limits>

#include "accessible_words.h"
#include "chunksize_plot.h"
#include "core_utilisation_plot.h"
#include "counter_plot.h"
#include "file_thumbnails.h"
#include "frame_words.h"
#include "kitchen_view.h"
#include "lesson.h"
#include "pickling_view.h"
#include "playback_bar.h"
#include "queue_traffic_plot.h"
#include "redraw_throttle.h"
#include "speedup_plot.h"
#include "timeline_plot.h"
#include "worker_cpu_plot.h"

namespace mpwb {

RunViewsPanel::RunViewsPanel(const ExerciseDeclaration& exercise, PlaybackCursor& cursor, QWidget* parent)
    : QSplitter(Qt::Vertical, parent), m_cursor(cursor) {
    m_cores = new CoreUtilisationPlot;
    m_queuePlot = new QueueTrafficPlot;
    m_counterPlot = new CounterPlot;
    m_files = new FileThumbnails;
    auto* speedup = new SpeedupPlot;
    speedup->setCores(QThread::idealThreadCount());
    // The kitchen first: the picture the course is built around, drawn from the same events as the plots.
    m_views = {m_cores, new KitchenView, new TimelinePlot, new WorkerCpuPlot, speedup};
    if (exercise.usesChunksize) m_views.push_back(new ChunksizePlot); // a pipeline has no chunks to size
    if (exercise.usesChunksize) m_views.push_back(new PicklingView);  // nor chunks to pickle
    m_views.insert(m_views.end(), {m_queuePlot, m_counterPlot, m_files});

    m_tabs = new QTabWidget;
    // Views that every run has keep their tab; the others (queues, counter, files) join when a run has them.
    for (std::size_t i = 1; i < m_views.size(); ++i) {
        auto* view = m_views[i];
        if (view == m_queuePlot || view == m_counterPlot || view == m_files)
            view->widget()->hide();
        else
            m_tabs->addTab(view->widget(), view->title());
    }
    // The student's own choice of tab ends a link's request for a view.
    connect(m_tabs, &QTabWidget::tabBarClicked, this, [this] { m_wantedView.clear(); });
    m_playback = new PlaybackBar(m_cursor);
    auto* below = new QWidget;
    auto* belowLayout = new QVBoxLayout(below);
    belowLayout->setContentsMargins(0, 0, 0, 0);
    belowLayout->addWidget(m_tabs, 1);
    belowLayout->addWidget(m_playback);
    addWidget(m_cores);
    addWidget(below);
    describeViews(); // named and described before the first run, for a screen reader
}

void RunViewsPanel::setTheme(const PlotTheme& theme) {
    for (auto* view : m_views)
        view->setTheme(theme);
}

void RunViewsPanel::showCursor() {
    const RunFrame frame = m_cursor.frame();
    const RunFrame sweep = frame.run && frame.run->isSweep() ? frame : RunFrame::whole(m_lastSweep);
    for (auto* view : m_views)
        view->showFrame(view->drawsSweeps() ? sweep : frame);
    updateTabs(frame);
    // Words cost more than a redraw and a listener cannot follow 30 a second: a few a second, and the last.
    if (!m_words) m_words = new RedrawThrottle([this] { describeViews(); }, this, kWordsEveryMs);
    m_words->request();
}

void RunViewsPanel::describeViews() {
    if (m_words) m_words->cancel();
    const RunFrame frame = m_cursor.frame();
    const RunFrame sweep = frame.run && frame.run->isSweep() ? frame : RunFrame::whole(m_lastSweep);
    for (auto* view : m_views)
        setAccessibleWords(view->widget(), view->title(), wordsOf(view, view->drawsSweeps() ? sweep : frame));
}

QString RunViewsPanel::wordsOf(RunView* view, const RunFrame& frame) const {
    // The kitchen says what it drew, from its own scene; the other views' words come from the frame.
    if (auto* kitchen = dynamic_cast<KitchenView*>(view))
        return frame.isEmpty() ? kitchen->description() : cursorWords(frame) + ' ' + kitchen->description();
    if (auto* pickling = dynamic_cast<PicklingView*>(view))
        return cursorWords(frame) + ' ' + pickling->description();
    ViewKind kind = ViewKind::Cores;
    if (dynamic_cast<TimelinePlot*>(view))
        kind = ViewKind::Timeline;
    else if (dynamic_cast<WorkerCpuPlot*>(view))
        kind = ViewKind::WorkerCpu;
    else if (dynamic_cast<SpeedupPlot*>(view))
        kind = ViewKind::Speedup;
    else if (dynamic_cast<ChunksizePlot*>(view))
        kind = ViewKind::Chunksize;
    else if (view == m_queuePlot)
        kind = ViewKind::Queues;
    else if (view == m_counterPlot)
        kind = ViewKind::Counter;
    else if (view == m_files)
        kind = ViewKind::Files;
    return frameWords(kind, frame);
}

void RunViewsPanel::showTab(const QString& title) {
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->tabText(i) == title) m_tabs->setCurrentIndex(i);
}

void RunViewsPanel::showView(const QString& key) {
    m_wantedView = key;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (viewKey(m_tabs->tabText(i)) == key) m_tabs->setCurrentIndex(i);
}

void RunViewsPanel::stepTab(int offset) {
    const int n = m_tabs->count();
    if (n > 0) m_tabs->setCurrentIndex(((m_tabs->currentIndex() + offset) % n + n) % n);
}

void RunViewsPanel::showTabAt(int index) {
    if (index >= 0 && index < m_tabs->count()) m_tabs->setCurrentIndex(index);
}

QString RunViewsPanel::currentTabTitle() const {
    return m_tabs->tabText(m_tabs->currentIndex());
}

void RunViewsPanel::setPresenting(bool on) {
    if (on == (orientation() == Qt::Horizontal)) return;
    if (on) {
        m_sizesBeforePresenting = sizes();
        setOrientation(Qt::Horizontal);
        showTab(tr("Kitchen"));
        // The cores narrower than the kitchen: a 16:9 screen has room for both at a readable size. Sized
        // once the window has gone full screen and laid out, not at the width it had before.
        QTimer::singleShot(0, this, [this] {
            if (orientation() != Qt::Horizontal) return;
            const int total = width();
            setSizes({total * 2 / 5, total - total * 2 / 5});
        });
    } else {
        setOrientation(Qt::Vertical);
        if (!m_sizesBeforePresenting.isEmpty()) setSizes(m_sizesBeforePresenting);
    }
    // Keys drive the replay in presentation mode, and its caption says where it is.
    m_playback->setVisible(!on);
    for (auto* view : m_views)
        if (auto* kitchen = dynamic_cast<KitchenView*>(view)) kitchen->setLegendVisible(!on);
}

double RunViewsPanel::fittedParallelFraction() const {
    for (auto* view : m_views)
        if (auto* speedup = dynamic_cast<SpeedupPlot*>(view)) return speedup->fittedParallelFraction();
    return std::numeric_limits<double>::quiet_NaN();
}

std::uint64_t RunViewsPanel::bestChunksize() const {
    for (auto* view : m_views)
        if (auto* chunks = dynamic_cast<ChunksizePlot*>(view)) return chunks->bestChunksize();
    return 0;
}

void RunViewsPanel::updateTabs(const RunFrame& frame) {
    for (auto* view : {static_cast<RunView*>(m_queuePlot), static_cast<RunView*>(m_counterPlot),
                       static_cast<RunView*>(m_files)}) {
        const int at = m_tabs->indexOf(view->widget());
        if (view->appliesTo(frame) && at < 0) {
            const int added = m_tabs->addTab(view->widget(), view->title());
            // The first time queues or a counter appear, they are what this run is about: show them, unless
            // a lesson's link asked for another view.
            if (m_wantedView.isEmpty() ? view != m_files : viewKey(view->title()) == m_wantedView)
                m_tabs->setCurrentIndex(added);
        } else if (!view->appliesTo(frame) && at >= 0 && frame.run) {
            m_tabs->removeTab(at);
        }
    }
}

} // namespace mpwb
