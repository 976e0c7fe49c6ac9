// SPDX-License-Identifier: GPL-3.0-or-later
#include "chunk_bars.h"

#include <cmath>

namespace mpwb {
namespace {

QColor mix(const QColor& a, const QColor& b, double towardsB) {
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * towardsB),
                            float(a.greenF() + (b.greenF() - a.greenF()) * towardsB),
                            float(a.blueF() + (b.blueF() - a.blueF()) * towardsB));
}

} // namespace

void ChunkBars::draw(QCPPainter* painter) {
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

} // namespace mpwb
