// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// On the timeline of a gil-threads run: for each thread, a strip under its chunks that says whether it held
// the interpreter lock (only the holder runs Python) or waited for it. Built from the run's `gil` events,
// which tile the map: a span with one holder is drawn exactly (the holder held it all, the others waited for
// the part they waited); a merged span of many short holdings gives each thread its share of the span,
// drawn as held from the span's start and waited up to its end.

#include <span>
#include <vector>

#include "events.h"
#include "plot_theme.h"

namespace mpwb {

class InterpreterLockBand : public QCPAbstractPlottable {
public:
    enum class State { Holds, Waits };

    InterpreterLockBand(QCPAxis* keyAxis, QCPAxis* valueAxis, State state);

    // Takes the spans so far; a shorter list than last time starts afresh.
    void setSpans(std::span<const GilEvent> spans);
    void clear();
    void setTheme(const PlotTheme& theme);
    bool isEmpty() const { return m_taken == 0; }
    // Seconds the given thread spent in this band's state, over the spans taken (tests, tooltips).
    double totalSeconds(int worker) const;
    // The state of a thread at time t (seconds), if a span covers it: for tooltips.
    bool covers(int worker, double t) const;

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1; }
    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    struct Segment {
        double from = 0, to = 0; // seconds
    };
    void add(int worker, double from, double to);

    State m_state;
    std::vector<std::vector<Segment>> m_lanes; // per worker, in time order
    std::size_t m_taken = 0;
    double m_first = 0, m_last = 0;
    QColor m_colour;
};

} // namespace mpwb
