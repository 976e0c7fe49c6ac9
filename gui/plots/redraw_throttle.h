// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Turns any number of "something changed" calls into at most one redraw per frame, and sleeps when nothing
// changes, so a plot fed thousands of events a second still redraws at a steady, cheap rate.

#include <QObject>
#include <QTimer>
#include <functional>

namespace mpwb {

class RedrawThrottle : public QObject {
    Q_OBJECT
public:
    static constexpr int kFrameMs = 60; // about 16 frames a second

    // everyMs: the pace, for work slower than a frame or wanted less often (words for a screen reader).
    RedrawThrottle(std::function<void()> redraw, QObject* parent, int everyMs = kFrameMs);

    // Something changed: redraw at the next frame.
    void request();
    // A redraw is being done right now by other means: forget the pending one.
    void cancel() { m_pending = false; }
    bool isPending() const { return m_pending; }

private:
    void onFrame();

    std::function<void()> m_redraw;
    QTimer m_timer;
    bool m_pending = false;
};

} // namespace mpwb
