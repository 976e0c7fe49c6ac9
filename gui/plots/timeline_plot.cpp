#include "timeline_plot.h"

#include <QLocale>
#include <QToolTip>
#include <QVBoxLayout>

#include "interpreter_lock_band.h"
#include <algorithm>
#include <cmath>
#include <limits>

namespace mpwb {

namespace {

constexpr int kMaxLaneLabels = 16;
constexpr double kHoverPixels = 3; // slack around a bar, so sub-pixel chunks can still be hovered

// Where a lane's shapes sit, as fractions of the lane's height around its centre line.
constexpr double kRunHalf = 0.28;
constexpr double kWaitGap = 0.04;
constexpr double kWaitHeight = 0.12;

double seconds(std::int64_t ns) {
    return double(ns) / 1e9;
}

QColor mix(const QColor& a, const QColor& b, double towardsB) {
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * towardsB),
                            float(a.greenF() + (b.greenF() - a.greenF()) * towardsB),
                            float(a.blueF() + (b.blueF() - a.blueF()) * towardsB));
}

} // namespace

struct ChunkBar {
    double dispatch = 0, start = 0, end = 0; // seconds
    std::size_t chunk = 0;                   // index into ChunkLanes::chunks
};

struct Lane {
    std::vector<ChunkBar> bars; // by start time once sorted
    std::vector<double> reach;  // reach[i]: the latest end among bars[0..i], for binary search on a range
    double longestWait = 0;
    bool sorted = true;

    // The first bar that may end at or after t; every bar before it ended earlier.
    std::size_t firstReaching(double t) const {
        return std::size_t(std::lower_bound(reach.begin(), reach.end(), t) - reach.begin());
    }
    void sort() {
        if (sorted) return;
        std::stable_sort(bars.begin(), bars.end(),
                         [](const ChunkBar& a, const ChunkBar& b) { return a.start < b.start; });
        reach.clear();
        for (const auto& b : bars)
            reach.push_back(reach.empty() ? b.end : std::max(reach.back(), b.end));
        sorted = true;
    }
};

struct ChunkLanes {
    std::vector<ChunkEvent> chunks;
    std::vector<Lane> lanes;
    double first = std::numeric_limits<double>::infinity();
    double last = -std::numeric_limits<double>::infinity();

    bool empty() const { return chunks.empty(); }
};

// Draws either the "running" bars or the "waiting in the pipe" strips of every lane. Bars narrower than a few
// pixels are pooled per pixel column, so a frame costs about one rectangle per column, not one per chunk.
class ChunkBars : public QCPAbstractPlottable {
public:
    enum class Part { Running, Waiting };

    ChunkBars(QCPAxis* keyAxis, QCPAxis* valueAxis, const ChunkLanes* lanes, Part part)
        : QCPAbstractPlottable(keyAxis, valueAxis), m_lanes(lanes), m_part(part) {
        setAntialiased(false); // crisp bar edges; blurred ones hide the gap between two chunks
        setSelectable(QCP::stNone);
    }

    // Colour says what a chunk was doing (the lane already says which worker): running in the first series
    // colour, waiting in the pipe in the second.
    void setTheme(const PlotTheme& theme) {
        m_colour = theme.seriesColor(m_part == Part::Running ? 0 : 1);
        setBrush(m_colour);
        m_background = theme.background;
    }

    // Vertical extent in pixels of this part in the lane drawn at centre y with the given lane height.
    std::pair<double, double> band(double centre, double laneHeight) const {
        const double runTop = centre - kRunHalf * laneHeight;
        if (m_part == Part::Running) return {runTop, centre + kRunHalf * laneHeight};
        const double bottom = runTop - kWaitGap * laneHeight;
        return {bottom - std::max(2.0, kWaitHeight * laneHeight), bottom};
    }

    double laneHeight() const { return std::abs(mValueAxis->coordToPixel(1) - mValueAxis->coordToPixel(0)); }

    // The chunk whose bar (or strip) lies within keySlack of key in the given lane, or -1.
    long chunkAt(int lane, double key, double keySlack) const {
        if (lane < 0 || lane >= int(m_lanes->lanes.size())) return -1;
        const Lane& l = m_lanes->lanes[std::size_t(lane)];
        const double lookAhead = keySlack + (m_part == Part::Waiting ? l.longestWait : 0);
        long best = -1;
        double bestDistance = keySlack;
        for (std::size_t i = l.firstReaching(key - keySlack);
             i < l.bars.size() && l.bars[i].start <= key + lookAhead; ++i) {
            const auto [a, b] = span(l.bars[i]);
            if (b <= a && m_part == Part::Waiting) continue;
            const double distance = key < a ? a - key : key > b ? key - b : 0;
            if (distance <= bestDistance) {
                bestDistance = distance;
                best = long(l.bars[i].chunk);
            }
        }
        return best;
    }

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }

    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain) const override {
        foundRange = !m_lanes->empty();
        return foundRange ? QCPRange(m_lanes->first, m_lanes->last) : QCPRange();
    }

    QCPRange getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const override {
        foundRange = !m_lanes->lanes.empty();
        return QCPRange(-0.5, double(m_lanes->lanes.size()) - 0.5);
    }

protected:
    void draw(QCPPainter* painter) override {
        if (!mKeyAxis || !mValueAxis || m_lanes->empty()) return;
        applyDefaultAntialiasingHint(painter);
        painter->setPen(Qt::NoPen);
        const QCPRange visible = mKeyAxis->range();
        const QRect clip = clipRect();
        const double h = laneHeight();
        // Bars too narrow to draw one by one add the fraction of each pixel column they cover; the column is
        // then shaded by that fraction. Zoomed out, a lane is solid where the worker never paused and pale
        // where it mostly waited, instead of every sliver being widened to a full pixel.
        std::vector<float> cover(std::size_t(clip.width()) + 1);
        // The time axis is linear; one multiply-add per edge is much cheaper than coordToPixel's checks.
        const double origin = mKeyAxis->coordToPixel(0);
        const double scale = mKeyAxis->coordToPixel(1) - origin;
        auto pixel = [&](double key) {
            return std::clamp(origin + scale * key, clip.left() - 2.0, clip.right() + 2.0);
        };
        for (std::size_t lane = 0; lane < m_lanes->lanes.size(); ++lane) {
            const Lane& l = m_lanes->lanes[lane];
            const auto [top, bottom] = band(mValueAxis->coordToPixel(double(lane)), h);
            const QColor colour = m_colour;
            const double lookAhead = m_part == Part::Waiting ? l.longestWait : 0;
            std::fill(cover.begin(), cover.end(), 0.0f);
            int coveredFrom = int(cover.size()), coveredTo = -1;
            for (std::size_t i = l.firstReaching(visible.lower);
                 i < l.bars.size() && l.bars[i].start <= visible.upper + lookAhead; ++i) {
                const auto [a, b] = span(l.bars[i]);
                if (b < visible.lower || a > visible.upper || (m_part == Part::Waiting && b <= a)) continue;
                const double x0 = pixel(a);
                const double x1 = pixel(b);
                if (x1 - x0 >= 4) {
                    // Wide enough to tell apart: its own rectangle, one pixel short so neighbours show a
                    // seam.
                    const double r0 = std::round(x0), r1 = std::round(x1);
                    painter->fillRect(QRectF(r0, top, r1 - r0 - 1, bottom - top), colour);
                    continue;
                }
                const int first = std::max(0, int(std::floor(x0)) - clip.left());
                const int last = std::min(int(cover.size()) - 1, int(std::ceil(x1)) - clip.left() - 1);
                for (int px = first; px <= last; ++px) {
                    const double from = std::max(x0, double(clip.left() + px));
                    const double to = std::min(x1, double(clip.left() + px + 1));
                    cover[std::size_t(px)] += float(std::max(0.0, to - from));
                }
                if (first <= last) {
                    coveredFrom = std::min(coveredFrom, first);
                    coveredTo = std::max(coveredTo, last);
                }
            }
            int runStart = 0, runLevel = 0;
            for (int px = coveredFrom; px <= coveredTo + 1; ++px) {
                const int level = px <= coveredTo ? shadeLevel(cover[std::size_t(px)]) : 0;
                if (level == runLevel) continue;
                if (runLevel > 0)
                    painter->fillRect(QRectF(clip.left() + runStart, top, px - runStart, bottom - top),
                                      mix(colour, m_background, 1.0 - double(runLevel) / kShades));
                runStart = px;
                runLevel = level;
            }
        }
    }

    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override {
        painter->setPen(Qt::NoPen);
        const double h = rect.height();
        const double height = m_part == Part::Running ? 0.7 * h : 0.25 * h;
        painter->fillRect(QRectF(rect.left(), rect.center().y() - height / 2, rect.width(), height), brush());
    }

private:
    static constexpr int kShades = 4;

    // How strongly a pixel column is drawn, 0..kShades. A running chunk, however short, stays visible; a
    // wait that covers only a sliver of the column is left out, as it would be at this zoom on paper.
    int shadeLevel(float covered) const {
        const double c = std::clamp(double(covered), 0.0, 1.0) * kShades;
        return m_part == Part::Running ? int(std::ceil(c)) : int(std::lround(c));
    }

    std::pair<double, double> span(const ChunkBar& bar) const {
        return m_part == Part::Running ? std::pair{bar.start, bar.end} : std::pair{bar.dispatch, bar.start};
    }

    const ChunkLanes* m_lanes;
    Part m_part;
    QColor m_colour;
    QColor m_background;
};

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
    auto& known = m_lanes->chunks;
    // One that starts differently belongs to another run: start over. A shorter one with the same start is
    // the same run at an earlier moment (scrubbing back): drop the later chunks instead of taking the
    // earlier ones in again, which costs a pass over the bars rather than a rebuild.
    if (!known.empty() && !chunks.empty() && !(chunks.front() == known.front())) {
        *m_lanes = ChunkLanes();
        m_lastEnd.clear();
    } else if (chunks.size() < known.size()) {
        truncateTo(chunks.size());
    }
    if (known.empty()) known.reserve(chunks.size() + chunks.size() / 2); // room to grow before a copy
    for (std::size_t i = known.size(); i < chunks.size(); ++i)
        takeChunk(chunks[i]);
    if (int(m_lanes->lanes.size()) < workerCount) m_lanes->lanes.resize(std::size_t(workerCount));
    m_workerCount = workerCount;
    m_throttle->request();
}

void TimelinePlot::truncateTo(std::size_t count) {
    m_lanes->chunks.resize(count);
    m_lanes->first = std::numeric_limits<double>::infinity();
    m_lanes->last = -std::numeric_limits<double>::infinity();
    m_lastEnd.assign(m_lastEnd.size(), -1);
    for (std::size_t w = 0; w < m_lanes->lanes.size(); ++w) {
        Lane& lane = m_lanes->lanes[w];
        std::erase_if(lane.bars, [count](const ChunkBar& b) { return b.chunk >= count; });
        lane.reach.clear();
        lane.longestWait = 0;
        lane.sorted = false; // sort() rebuilds reach
        for (const auto& b : lane.bars) {
            lane.reach.push_back(lane.reach.empty() ? b.end : std::max(lane.reach.back(), b.end));
            lane.longestWait = std::max(lane.longestWait, b.start - b.dispatch);
            m_lanes->first = std::min(m_lanes->first, b.dispatch);
            m_lanes->last = std::max(m_lanes->last, b.end);
            if (w < m_lastEnd.size()) m_lastEnd[w] = std::max(m_lastEnd[w], b.end);
        }
    }
}

void TimelinePlot::takeChunk(const ChunkEvent& c) {
    const std::size_t index = m_lanes->chunks.size();
    m_lanes->chunks.push_back(c);
    if (c.worker < 0) return; // nothing to draw it in; it still counts as received
    if (std::size_t(c.worker) >= m_lastEnd.size()) m_lastEnd.resize(std::size_t(c.worker) + 1, -1);
    m_lastEnd[std::size_t(c.worker)] = std::max(m_lastEnd[std::size_t(c.worker)], seconds(c.endNs));
    if (std::size_t(c.worker) >= m_lanes->lanes.size()) m_lanes->lanes.resize(std::size_t(c.worker) + 1);
    ChunkBar bar;
    bar.start = seconds(c.startNs);
    bar.dispatch = std::min(seconds(c.dispatchNs), bar.start);
    bar.end = std::max(seconds(c.endNs), bar.start);
    bar.chunk = index;
    Lane& lane = m_lanes->lanes[std::size_t(c.worker)];
    if (!lane.bars.empty() && bar.start < lane.bars.back().start) lane.sorted = false;
    lane.bars.push_back(bar);
    lane.reach.push_back(lane.reach.empty() ? bar.end : std::max(lane.reach.back(), bar.end));
    lane.longestWait = std::max(lane.longestWait, bar.start - bar.dispatch);
    m_lanes->first = std::min(m_lanes->first, bar.dispatch);
    m_lanes->last = std::max(m_lanes->last, bar.end);
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
    const auto* started = frame.started();
    setChunks(frame.chunks(), started ? started->workers : 1);
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
    std::vector<const ChunkStart*> latest(m_lastEnd.size(), nullptr);
    for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
        const int w = it->chunk.worker;
        if (w < 0) continue;
        if (std::size_t(w) >= latest.size()) latest.resize(std::size_t(w) + 1, nullptr);
        if (!latest[std::size_t(w)]) latest[std::size_t(w)] = &*it;
        if (std::distance(starts.rbegin(), it) > 64 * std::ptrdiff_t(latest.size())) break; // far enough back
    }
    if (m_lastEnd.size() < latest.size()) m_lastEnd.resize(latest.size(), -1);
    while (m_inProgress.size() < latest.size()) {
        auto* rect = new QCPItemRect(m_plot);
        rect->setVisible(false);
        m_inProgress.push_back(rect);
    }
    QColor fill = m_theme.seriesColor(0);
    fill.setAlpha(90);
    for (std::size_t w = 0; w < m_inProgress.size(); ++w) {
        const ChunkStart* start = w < latest.size() ? latest[w] : nullptr;
        const bool running = start && !frame.finished() && start->t > m_lastEnd[w] + 1e-9 && now > start->t;
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
    m_lastEnd.clear();
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
    QString items = c.items == 0 ? tr("items: none")
                                 : tr("items %1..%2 (%3 items")
                                       .arg(c.firstItem)
                                       .arg(c.firstItem + c.items - 1)
                                       .arg(locale.toString(qulonglong(c.items)));
    if (c.items != 0) items += c.merged > 1 ? tr(", %1 chunks merged)").arg(c.merged) : QStringLiteral(")");
    lines << items;
    lines << tr("bytes in %1, out %2")
                 .arg(locale.toString(qulonglong(c.bytesIn)), locale.toString(qulonglong(c.bytesOut)));
    lines << tr("dispatched %1 ms, started %2 ms, ended %3 ms")
                 .arg(ms(c.dispatchNs), ms(c.startNs), ms(c.endNs));
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
