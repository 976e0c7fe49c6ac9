// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_plot.h"
#include "worker_count.h"

#include <QLocale>
#include <QToolTip>
#include <QVBoxLayout>

#include "chunk_bars.h"
#include "interpreter_lock_band.h"
#include <algorithm>
#include <cmath>

namespace mpwb {

namespace {

constexpr int kMaxLaneLabels = 16;
constexpr double kHoverPixels = 3; // slack around a bar, so sub-pixel chunks can still be hovered

double seconds(std::int64_t ns) {
    return double(ns) / 1e9;
}

} // namespace

TimelinePlot::TimelinePlot(QWidget* parent) : QWidget(parent), m_lanes(std::make_unique<ChunkLanes>()) {
    m_plot = new QCustomPlot(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    // The title, then the legend in rows of its own above the lanes, so the legend never covers a bar and
    // a run with an interpreter lock (five entries) still fits a projector's width.
    auto* header = m_header = new QCPLayoutGrid;
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, header);
    header->addElement(0, 0, new QCPTextElement(m_plot, tr("Chunks on each worker over time")));
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    header->addElement(1, 0, m_plot->legend);
    header->setRowSpacing(0);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(3);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001); // the header takes only the height it needs
    m_plot->legend->setVisible(true);

    m_waiting = new ChunkBars(m_plot->xAxis, m_plot->yAxis, m_lanes.get(), ChunkBars::Part::Waiting);
    m_running = new ChunkBars(m_plot->xAxis, m_plot->yAxis, m_lanes.get(), ChunkBars::Part::Running);
    m_running->setName(tr("running a chunk"));
    m_waiting->setName(tr("waiting in the pipe"));
    m_plot->legend->clearItems();
    m_running->addToLegend();
    m_waiting->addToLegend();
    m_failure = new QCPItemRect(m_plot);
    m_failure->setVisible(false);
    m_failureLabel = new QCPItemText(m_plot);
    m_failureLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_failureLabel->setPadding(QMargins(4, 0, 0, 0));
    m_failureLabel->setVisible(false);
    m_holds = new InterpreterLockBand(m_plot->xAxis, m_plot->yAxis, InterpreterLockBand::State::Holds);
    m_waits = new InterpreterLockBand(m_plot->xAxis, m_plot->yAxis, InterpreterLockBand::State::Waits);
    m_holds->setName(tr("holds the interpreter lock"));
    m_waits->setName(tr("waits for the interpreter lock"));
    m_holds->removeFromLegend();
    m_waits->removeFromLegend();
    m_failedKey = m_plot->addGraph();
    m_failedKey->setName(tr("failed"));
    m_failedKey->setLineStyle(QCPGraph::lsNone);
    m_failedKey->removeFromLegend();
    m_cursorLine = new QCPItemStraightLine(m_plot);
    m_cursorLine->setVisible(false);

    m_plot->xAxis->setLabel(tr("seconds"));
    m_plot->yAxis->setRangeReversed(true); // worker 0 on top, like a list
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->setMouseTracking(true); // hover tooltips need moves without a button held
    m_hint = addEmptyHint(
        m_plot, tr("No chunks yet: run the exercise to see which worker runs which chunk, and when."));

    connect(m_plot, &QCustomPlot::mousePress, this, [this] { m_followData = false; });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_followData = false; });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] {
        m_followData = true;
        m_throttle->request();
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, &TimelinePlot::onMouseMove);
    m_throttle = makePlotThrottle(
        m_plot, [this] { refresh(); }, this);
    setTheme(m_theme);
}

TimelinePlot::~TimelinePlot() = default;

void TimelinePlot::setChunks(std::span<const ChunkEvent> chunks, int workerCount) {
    m_lanes->update(chunks, workerCount);
    m_workerCount = workerCount;
    m_throttle->request();
}

void TimelinePlot::setFailure(int worker, const QString& what) {
    if (worker < 0) return;
    if (std::size_t(worker) >= m_lanes->lanes.size()) m_lanes->lanes.resize(std::size_t(worker) + 1);
    // The failed chunk never reported its times: it ran from the worker's last finished chunk until the run
    // stopped, as far as anyone can tell from outside.
    const Lane& lane = m_lanes->lanes[std::size_t(worker)];
    const double from = lane.reach.empty()
                            ? std::max(0.0, std::isfinite(m_lanes->first) ? m_lanes->first : 0.0)
                            : lane.reach.back();
    const double to = std::max(from + 1e-3, std::isfinite(m_lanes->last) ? m_lanes->last : from);
    m_failure->topLeft->setCoords(from, worker - kRunHalf);
    m_failure->bottomRight->setCoords(to, worker + kRunHalf);
    m_failure->setVisible(true);
    m_failureLabel->position->setCoords(to, worker);
    m_failureLabel->setText(tr("failed"));
    m_failureLabel->setVisible(true);
    m_failureText = what;
    if (!m_plot->legend->hasItemWithPlottable(m_failedKey)) m_failedKey->addToLegend();
    m_lanes->first = std::min(m_lanes->first, from);
    m_lanes->last = std::max(m_lanes->last, to);
    m_throttle->request();
}

bool TimelinePlot::appliesTo(const RunFrame& frame) const {
    return frame.run && !frame.run->isSweep();
}

void TimelinePlot::showFrame(const RunFrame& frame) {
    if (frame.run != m_shownRun) {
        clear();
        m_shownRun = frame.run;
    }
    if (!frame.run) return;
    setChunks(frame.chunks(), std::max(1, shownWorkerCount(frame)));
    if (const auto* error = frame.error(); error && error->worker >= 0)
        setFailure(error->worker, QString::fromStdString(error->message));
    else if (hasFailure()) { // stepped back to before the failure
        m_failedKey->removeFromLegend();
        m_failure->setVisible(false);
        m_failureLabel->setVisible(false);
        m_failureText.clear();
    }
    showLock(frame);
    showInProgress(frame);
    m_cursorLine->setVisible(!frame.live && !frame.isEmpty());
    m_cursorLine->point1->setCoords(seconds(frame.tNs), 0);
    m_cursorLine->point2->setCoords(seconds(frame.tNs), 1);
    m_throttle->request();
}

void TimelinePlot::showLock(const RunFrame& frame) {
    const auto spans = frame.gil();
    m_holds->setSpans(spans);
    m_waits->setSpans(spans);
    const bool gil = !frame.data().gil.empty(); // the run has a lock, even if the frame shows none yet
    for (auto* band : {m_holds, m_waits})
        if (gil && !m_plot->legend->hasItemWithPlottable(band))
            band->addToLegend();
        else if (!gil && m_plot->legend->hasItemWithPlottable(band))
            band->removeFromLegend();
    // Under a GIL a thread's wait between taking a chunk and running it is the wait for the lock.
    m_waiting->setName(gil ? tr("waiting to start") : tr("waiting in the pipe"));
    m_theme.applyTo(m_plot); // styles legend entries added just now
}

// A chunk a worker began and has not finished yet is drawn up to the moment shown, paler, so the timeline
// shows what every worker is doing now, not only what it has finished.
void TimelinePlot::showInProgress(const RunFrame& frame) {
    const auto starts = frame.starts();
    const double now = seconds(frame.live ? frame.run->timeAt(frame.shown.events) : frame.tNs);
    auto& lastEnd = m_lanes->lastEnd;
    std::vector<const ChunkStart*> latest(lastEnd.size(), nullptr);
    for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
        const int w = it->chunk.worker;
        if (w < 0) continue;
        if (std::size_t(w) >= latest.size()) latest.resize(std::size_t(w) + 1, nullptr);
        if (!latest[std::size_t(w)]) latest[std::size_t(w)] = &*it;
        if (std::distance(starts.rbegin(), it) > 64 * std::ptrdiff_t(latest.size())) break; // far enough back
    }
    if (lastEnd.size() < latest.size()) lastEnd.resize(latest.size(), -1);
    while (m_inProgress.size() < latest.size()) {
        auto* rect = new QCPItemRect(m_plot);
        rect->setVisible(false);
        m_inProgress.push_back(rect);
    }
    QColor fill = m_theme.seriesColor(0);
    fill.setAlpha(90);
    for (std::size_t w = 0; w < m_inProgress.size(); ++w) {
        const ChunkStart* start = w < latest.size() ? latest[w] : nullptr;
        const bool running = start && !frame.finished() && start->t > lastEnd[w] + 1e-9 && now > start->t;
        m_inProgress[w]->setVisible(running);
        if (!running) continue;
        m_inProgress[w]->topLeft->setCoords(start->t, double(w) - kRunHalf);
        m_inProgress[w]->bottomRight->setCoords(now, double(w) + kRunHalf);
        m_inProgress[w]->setBrush(fill);
        m_inProgress[w]->setPen(QPen(m_theme.seriesColor(0), 1, Qt::DashLine));
        m_lanes->last = std::max(m_lanes->last, now);
    }
}

double TimelinePlot::lockHeldSeconds(int worker) const {
    return m_holds->totalSeconds(worker);
}

double TimelinePlot::lockWaitSeconds(int worker) const {
    return m_waits->totalSeconds(worker);
}

int TimelinePlot::chunksInProgress() const {
    int n = 0;
    for (auto* rect : m_inProgress)
        n += rect->visible() ? 1 : 0;
    return n;
}

void TimelinePlot::clear() {
    m_holds->clear();
    m_waits->clear();
    for (auto* rect : m_inProgress)
        rect->setVisible(false);
    m_failedKey->removeFromLegend();
    m_failure->setVisible(false);
    m_failureLabel->setVisible(false);
    m_failureText.clear();
    *m_lanes = ChunkLanes();
    m_workerCount = 0;
    m_followData = true;
    m_throttle->request();
}

void TimelinePlot::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    m_running->setTheme(theme);
    m_waiting->setTheme(theme);
    m_theme.applyTo(m_plot);
    m_hint->setColor(m_theme.axis);
    m_hint->setFont(m_theme.font(1));
    const QColor failed = m_theme.seriesColor(3); // vermillion: the palette's colour for trouble
    m_failure->setBrush(failed);
    m_failure->setPen(QPen(failed));
    m_failureLabel->setColor(failed);
    m_holds->setTheme(m_theme);
    m_waits->setTheme(m_theme);
    m_failedKey->setPen(QPen(failed));
    m_failedKey->setBrush(failed);
    m_failedKey->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, failed, failed, 10));
    m_failureLabel->setFont(m_theme.font(1));
    m_cursorLine->setPen(QPen(m_theme.axis, 1.5, Qt::DashLine));
    m_throttle->request();
}

int TimelinePlot::laneCount() const {
    return std::max(m_workerCount, int(m_lanes->lanes.size()));
}

int TimelinePlot::chunkCount() const {
    return int(m_lanes->chunks.size());
}

void TimelinePlot::updateNow() {
    m_throttle->cancel();
    refresh();
    m_plot->replot();
}

void TimelinePlot::refresh() {
    for (auto& lane : m_lanes->lanes)
        lane.sort();
    const int lanes = laneCount();
    if (lanes != m_shownLanes) {
        m_shownLanes = lanes;
        auto ticker = qSharedPointerCast<QCPAxisTickerText>(m_plot->yAxis->ticker());
        ticker->clear();
        // With dozens of workers every label would overlap; label every k-th lane instead.
        const int step = std::max(1, (lanes + kMaxLaneLabels - 1) / kMaxLaneLabels);
        for (int w = 0; w < lanes; w += step)
            ticker->addTick(w, tr("worker %1").arg(w));
        m_plot->yAxis->setRange(-0.5, std::max(1, lanes) - 0.5);
    }
    if (m_followData) fitTime();
    m_hint->setVisible(m_lanes->empty());
}

void TimelinePlot::setCompact() {
    // The legend moves out of the layout (hidden) before the header, title and all, is removed.
    m_header->take(m_plot->legend);
    m_plot->legend->setVisible(false);
    m_plot->axisRect()->insetLayout()->addElement(m_plot->legend, Qt::AlignRight | Qt::AlignTop);
    m_plot->plotLayout()->remove(m_header);
    m_plot->plotLayout()->simplify();
    m_header = nullptr;
    m_throttle->request();
}

void TimelinePlot::setTimeSpan(double seconds) {
    m_timeSpan = std::max(0.0, seconds);
    m_throttle->request();
}

void TimelinePlot::fitTime() {
    if (m_timeSpan > 0) {
        m_plot->xAxis->setRange(0, m_timeSpan);
        return;
    }
    if (m_lanes->empty()) {
        m_plot->xAxis->setRange(0, 1);
        return;
    }
    const double from = std::min(0.0, m_lanes->first); // the run's origin, so startup shows as a gap
    const double span = std::max(m_lanes->last - from, 1e-3);
    m_plot->xAxis->setRange(from, m_lanes->last + 0.02 * span);
}

QString TimelinePlot::chunkTextAt(const QPoint& pos) const {
    if (!m_plot->axisRect()->rect().contains(pos)) return {};
    const QRectF failed(m_failure->topLeft->pixelPosition(), m_failure->bottomRight->pixelPosition());
    if (m_failure->visible() &&
        failed.normalized().adjusted(-kHoverPixels, -1, kHoverPixels, 1).contains(pos))
        return tr("This chunk failed:\n%1").arg(m_failureText);
    if (m_lanes->empty()) return {};
    QCPAxis* x = m_plot->xAxis;
    QCPAxis* y = m_plot->yAxis;
    const int lane = int(std::lround(y->pixelToCoord(pos.y())));
    const double centre = y->coordToPixel(lane);
    const double h = m_running->laneHeight();
    const double key = x->pixelToCoord(pos.x());
    const double slack = std::abs(x->pixelToCoord(pos.x() + kHoverPixels) - key);
    for (const ChunkBars* part : {m_running, m_waiting}) {
        const auto [top, bottom] = part->band(centre, h);
        if (pos.y() < top - 1 || pos.y() > bottom + 1) continue;
        const long chunk = part->chunkAt(lane, key, slack);
        if (chunk >= 0) {
            QString text = describeChunk(m_lanes->chunks[std::size_t(chunk)]);
            if (part == m_waiting) text.prepend(tr("Waiting in the pipe before it ran:\n"));
            return text;
        }
    }
    return {};
}

QString TimelinePlot::describeChunk(const ChunkEvent& c) {
    const QLocale locale;
    auto ms = [](std::int64_t ns) { return QString::number(double(ns) / 1e6, 'f', 3); };
    auto us = [](std::int64_t ns) { return QString::number(double(ns) / 1e3, 'f', 1); };
    QStringList lines;
    lines << tr("worker %1, finished on core %2")
                 .arg(c.worker)
                 .arg(c.core >= 0 ? QString::number(c.core) : tr("unknown"));
    // A merged event counts chunks too short to draw one by one: its items are a count, not a range, and
    // its span holds the worker's waits between them as well as their work.
    QString items;
    if (c.items == 0)
        items = tr("items: none");
    else if (c.merged > 1)
        items = tr("%1 items in %2 chunks, merged").arg(locale.toString(qulonglong(c.items))).arg(c.merged);
    else
        items = tr("items %1..%2 (%3 items)")
                    .arg(c.firstItem)
                    .arg(c.firstItem + c.items - 1)
                    .arg(locale.toString(qulonglong(c.items)));
    lines << items;
    lines << tr("bytes in %1, out %2")
                 .arg(locale.toString(qulonglong(c.bytesIn)), locale.toString(qulonglong(c.bytesOut)));
    lines << tr("dispatched %1 ms, started %2 ms, ended %3 ms")
                 .arg(ms(c.dispatchNs), ms(c.startNs), ms(c.endNs));
    if (c.merged > 1)
        lines << tr("worked %1 ms of the %2 ms from first start to last end")
                     .arg(ms(chunkWorkNs(c)), ms(c.endNs - c.startNs));
    else
        lines << tr("waited %1 ms, ran %2 ms").arg(ms(c.startNs - c.dispatchNs), ms(c.endNs - c.startNs));
    lines << tr("encode %1 µs, decode %2 µs").arg(us(c.encodeNs), us(c.decodeNs));
    return lines.join('\n');
}

void TimelinePlot::onMouseMove(QMouseEvent* event) {
    if (event->buttons() != Qt::NoButton) return; // dragging, not hovering
    const QString text = chunkTextAt(event->pos());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

} // namespace mpwb
