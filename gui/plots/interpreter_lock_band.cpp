// SPDX-License-Identifier: GPL-3.0-or-later
#include "interpreter_lock_band.h"

#include <algorithm>
#include <cmath>

namespace mpwb {
namespace {

// Where the strip sits in a lane, as fractions of the lane's height below its centre line: under the chunk
// bar (which reaches 0.28 below the centre), so both read at once.
constexpr double kTop = 0.31;
constexpr double kHeight = 0.13;

double seconds(std::int64_t ns) {
    return double(ns) / 1e9;
}

} // namespace

InterpreterLockBand::InterpreterLockBand(QCPAxis* keyAxis, QCPAxis* valueAxis, State state)
    : QCPAbstractPlottable(keyAxis, valueAxis), m_state(state) {
    setAntialiased(false);
    setSelectable(QCP::stNone);
}

void InterpreterLockBand::setTheme(const PlotTheme& theme) {
    // Held: bluish green (doing the work); waiting: vermillion, the palette's colour for trouble.
    m_colour = theme.seriesColor(m_state == State::Holds ? 2 : 3);
    setBrush(m_colour);
}

void InterpreterLockBand::clear() {
    m_lanes.clear();
    m_taken = 0;
}

void InterpreterLockBand::add(int worker, double from, double to) {
    if (worker < 0 || !(to > from)) return;
    if (std::size_t(worker) >= m_lanes.size()) m_lanes.resize(std::size_t(worker) + 1);
    auto& lane = m_lanes[std::size_t(worker)];
    // Touching segments of the same state become one: a thread holding the lock across several spans is
    // one bar, not a row of slivers.
    if (!lane.empty() && from - lane.back().to < 1e-9)
        lane.back().to = std::max(lane.back().to, to);
    else
        lane.push_back({from, to});
}

void InterpreterLockBand::setSpans(std::span<const GilEvent> spans) {
    if (spans.size() < m_taken) clear();
    for (; m_taken < spans.size(); ++m_taken) {
        const auto& g = spans[m_taken];
        const double from = seconds(g.startNs), to = seconds(g.endNs);
        if (m_taken == 0) m_first = from;
        m_last = std::max(m_last, to);
        const std::size_t workers = std::max(g.heldNs.size(), g.waitedNs.size());
        for (std::size_t w = 0; w < workers; ++w) {
            const double held = w < g.heldNs.size() ? seconds(g.heldNs[w]) : 0;
            const double waited = w < g.waitedNs.size() ? seconds(g.waitedNs[w]) : 0;
            if (m_state == State::Holds) {
                if (g.holder == int(w))
                    add(int(w), from, to);
                else if (g.holder < 0 && held > 0)
                    add(int(w), from, std::min(to, from + held));
            } else if (waited > 0) {
                add(int(w), std::max(from, to - waited), to);
            }
        }
    }
}

double InterpreterLockBand::totalSeconds(int worker) const {
    if (worker < 0 || std::size_t(worker) >= m_lanes.size()) return 0;
    double sum = 0;
    for (const auto& s : m_lanes[std::size_t(worker)])
        sum += s.to - s.from;
    return sum;
}

bool InterpreterLockBand::covers(int worker, double t) const {
    if (worker < 0 || std::size_t(worker) >= m_lanes.size()) return false;
    const auto& lane = m_lanes[std::size_t(worker)];
    auto it =
        std::upper_bound(lane.begin(), lane.end(), t, [](double x, const Segment& s) { return x < s.from; });
    return it != lane.begin() && std::prev(it)->to >= t;
}

QCPRange InterpreterLockBand::getKeyRange(bool& foundRange, QCP::SignDomain) const {
    foundRange = m_taken > 0;
    return foundRange ? QCPRange(m_first, m_last) : QCPRange();
}

QCPRange InterpreterLockBand::getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const {
    foundRange = !m_lanes.empty();
    return QCPRange(-0.5, double(m_lanes.size()) - 0.5);
}

void InterpreterLockBand::draw(QCPPainter* painter) {
    if (!mKeyAxis || !mValueAxis || m_lanes.empty()) return;
    painter->setPen(Qt::NoPen);
    const QCPRange visible = mKeyAxis->range();
    const double laneHeight = std::abs(mValueAxis->coordToPixel(1) - mValueAxis->coordToPixel(0));
    // The value axis is reversed (worker 0 on top): "below the centre" is towards larger pixel y.
    for (std::size_t w = 0; w < m_lanes.size(); ++w) {
        const double centre = mValueAxis->coordToPixel(double(w));
        const double top = centre + kTop * laneHeight;
        const double height = std::max(2.0, kHeight * laneHeight);
        const auto& lane = m_lanes[w];
        auto it = std::lower_bound(lane.begin(), lane.end(), visible.lower,
                                   [](const Segment& s, double t) { return s.to < t; });
        double lastPixel = -1e9;
        for (; it != lane.end() && it->from <= visible.upper; ++it) {
            const double x0 = mKeyAxis->coordToPixel(it->from);
            const double x1 = std::max(mKeyAxis->coordToPixel(it->to), x0 + 1); // never thinner than a pixel
            if (x1 <= lastPixel) continue; // this pixel column is already painted
            painter->fillRect(QRectF(std::max(x0, lastPixel), top, x1 - std::max(x0, lastPixel), height),
                              m_colour);
            lastPixel = x1;
        }
    }
}

void InterpreterLockBand::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    painter->setPen(Qt::NoPen);
    const double h = 0.3 * rect.height();
    painter->fillRect(QRectF(rect.left(), rect.center().y() - h / 2, rect.width(), h), m_colour);
}

} // namespace mpwb
