// SPDX-License-Identifier: GPL-3.0-or-later
#include "redraw_throttle.h"

namespace mpwb {

RedrawThrottle::RedrawThrottle(std::function<void()> redraw, QObject* parent, int everyMs)
    : QObject(parent), m_redraw(std::move(redraw)) {
    m_timer.setInterval(everyMs);
    connect(&m_timer, &QTimer::timeout, this, &RedrawThrottle::onFrame);
}

void RedrawThrottle::request() {
    m_pending = true;
    if (!m_timer.isActive()) m_timer.start();
}

void RedrawThrottle::onFrame() {
    if (!m_pending) {
        m_timer.stop(); // nothing changed for a whole frame: sleep until the next request
        return;
    }
    m_pending = false;
    m_redraw();
}

} // namespace mpwb
