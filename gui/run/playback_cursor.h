// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which moment of a run the views show. Live: the newest event of a run that is still going on. Playing: a
// recorded run replayed at a chosen speed (×1 down to ×1/1000, because a real run is often over in a blink).
// Paused: a fixed moment, reached by stepping event by event or scrubbing to a time. Its timer runs only
// while playing; a live cursor moves when the run grows, and a paused one never wakes.

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <vector>

#include "run_model.h"

namespace mpwb {

class PlaybackCursor : public QObject {
    Q_OBJECT
public:
    enum class Mode { Live, Playing, Paused };
    static constexpr int kTickMs = 33; // about 30 frames a second while playing

    explicit PlaybackCursor(QObject* parent = nullptr);

    // Shows this run: live if it is still going on, else its end. Null shows nothing.
    void setRun(const RunModel* run);
    const RunModel* run() const { return m_run; }

    Mode mode() const { return m_mode; }
    std::size_t position() const { return m_position; } // events shown
    std::int64_t timeNs() const { return m_timeNs; }
    RunFrame frame() const;
    bool atEnd() const;

    double speed() const { return m_speed; }
    // Clamped to [1/1000, 1].
    void setSpeed(double speed);
    // The speeds a student picks from, fastest first: steps of about ×2 so "slower" is felt, not a jump.
    static const std::vector<double>& speedSteps();
    // The next step down or up from the speed now (it stays at the ends).
    void slower();
    void faster();

    // Plays from here (from the start when at the end); a live run is simply followed.
    void play();
    void pause();
    // Follows the newest event (a run still going on), or jumps to the end of a finished one.
    void goLive();
    void stepForward();
    void stepBack();
    void seekTime(std::int64_t tNs);
    void seekEvent(std::size_t events);

Q_SIGNALS:
    // The moment shown changed (or the run under it did); views redraw from frame().
    void moved();
    void modeChanged(Mode mode);
    void speedChanged(double speed);
    void runChanged(const RunModel* run);

private:
    void setMode(Mode mode);
    void moveTo(std::size_t events, std::int64_t tNs);
    void onAppended();
    void onTick();

    QPointer<const RunModel> m_run;
    Mode m_mode = Mode::Paused;
    std::size_t m_position = 0;
    std::int64_t m_timeNs = 0;
    double m_speed = 1;
    QTimer m_timer;
    QElapsedTimer m_wall;          // since play() or the last speed change
    std::int64_t m_playFromNs = 0; // run time at that moment
};

} // namespace mpwb
