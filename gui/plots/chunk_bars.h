// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The plottable that draws a timeline's chunk lanes (chunk_lanes.h): the "running" bars or the "waiting"
// strips of every lane, pooling bars narrower than a few pixels per pixel column.

#include <algorithm>
#include <utility>
#include <vector>

#include "chunk_lanes.h"
#include "plot_theme.h"

namespace mpwb {

// Where a lane's shapes sit, as fractions of the lane's height around its centre line.
inline constexpr double kRunHalf = 0.28;
inline constexpr double kWaitGap = 0.04;
inline constexpr double kWaitHeight = 0.12;

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
    void draw(QCPPainter* painter) override;

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

} // namespace mpwb
