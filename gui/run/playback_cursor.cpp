// SPDX-License-Identifier: GPL-3.0-or-later
#include "playback_cursor.h"

#include <algorithm>

namespace mpwb {

PlaybackCursor::PlaybackCursor(QObject* parent) : QObject(parent) {
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &PlaybackCursor::onTick);
}

void PlaybackCursor::setRun(const RunModel* run) {
    if (m_run) disconnect(m_run, nullptr, this, nullptr);
    m_run = run;
    m_timer.stop();
    m_position = 0;
    m_timeNs = 0;
    if (run) {
        connect(run, &RunModel::appended, this, &PlaybackCursor::onAppended);
        connect(run, &RunModel::reset, this, [this] { moveTo(0, 0); });
        connect(run, &RunModel::liveChanged, this, [this](bool live) {
            if (!live && m_mode == Mode::Live) setMode(Mode::Paused); // the run ended: stay at its end
        });
    }
    Q_EMIT runChanged(run);
    if (run && run->isLive()) {
        setMode(Mode::Live);
        moveTo(run->eventCount(), run->endNs());
    } else {
        setMode(Mode::Paused);
        moveTo(run ? run->eventCount() : 0, run ? run->endNs() : 0);
    }
}

RunFrame PlaybackCursor::frame() const {
    RunFrame f;
    f.run = m_run;
    if (!m_run) return f;
    f.shown = m_run->countsAt(m_position);
    f.tNs = m_timeNs;
    f.live = m_mode == Mode::Live;
    return f;
}

bool PlaybackCursor::atEnd() const {
    return !m_run || m_position >= m_run->eventCount();
}

void PlaybackCursor::setSpeed(double speed) {
    speed = std::clamp(speed, 0.001, 1.0);
    if (speed == m_speed) return;
    // Keep the moment shown: playing on from here at the new speed.
    m_playFromNs = m_timeNs;
    m_wall.restart();
    m_speed = speed;
    Q_EMIT speedChanged(m_speed);
}

const std::vector<double>& PlaybackCursor::speedSteps() {
    static const std::vector<double> steps{1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001};
    return steps;
}

void PlaybackCursor::slower() {
    for (double s : speedSteps())
        if (s < m_speed * 0.999) return setSpeed(s);
}

void PlaybackCursor::faster() {
    const auto& steps = speedSteps();
    const auto next =
        std::find_if(steps.rbegin(), steps.rend(), [this](double s) { return s > m_speed * 1.001; });
    if (next != steps.rend()) setSpeed(*next);
}

void PlaybackCursor::play() {
    if (!m_run) return;
    if (m_run->isLive()) {
        goLive();
        return;
    }
    if (atEnd()) moveTo(0, 0);
    m_playFromNs = m_timeNs;
    m_wall.start();
    setMode(Mode::Playing);
    m_timer.start();
}

void PlaybackCursor::pause() {
    m_timer.stop();
    setMode(Mode::Paused);
}

void PlaybackCursor::goLive() {
    m_timer.stop();
    if (!m_run) return;
    setMode(m_run->isLive() ? Mode::Live : Mode::Paused);
    moveTo(m_run->eventCount(), m_run->endNs());
}

void PlaybackCursor::stepForward() {
    pause();
    if (!m_run || atEnd()) return;
    moveTo(m_position + 1, m_run->timeAt(m_position + 1));
}

void PlaybackCursor::stepBack() {
    pause();
    if (!m_run || m_position == 0) return;
    moveTo(m_position - 1, m_run->timeAt(m_position - 1));
}

void PlaybackCursor::seekTime(std::int64_t tNs) {
    if (!m_run) return;
    if (m_mode == Mode::Live) setMode(Mode::Paused);
    tNs = std::clamp<std::int64_t>(tNs, 0, m_run->endNs());
    if (m_mode == Mode::Playing) {
        m_playFromNs = tNs;
        m_wall.restart();
    }
    moveTo(m_run->eventsUpTo(tNs), tNs);
}

void PlaybackCursor::seekEvent(std::size_t events) {
    if (!m_run) return;
    pause();
    events = std::min(events, m_run->eventCount());
    moveTo(events, m_run->timeAt(events));
}

void PlaybackCursor::setMode(Mode mode) {
    if (m_mode == mode) return;
    m_mode = mode;
    Q_EMIT modeChanged(mode);
}

void PlaybackCursor::moveTo(std::size_t events, std::int64_t tNs) {
    if (events == m_position && tNs == m_timeNs) return;
    m_position = events;
    m_timeNs = tNs;
    Q_EMIT moved();
}

void PlaybackCursor::onAppended() {
    if (m_mode == Mode::Live) moveTo(m_run->eventCount(), m_run->endNs());
}

void PlaybackCursor::onTick() {
    if (!m_run) return pause();
    const auto t = m_playFromNs + std::int64_t(double(m_wall.nsecsElapsed()) * m_speed);
    if (t >= m_run->endNs()) {
        moveTo(m_run->eventCount(), m_run->endNs());
        pause();
        return;
    }
    moveTo(m_run->eventsUpTo(t), t);
}

} // namespace mpwb
