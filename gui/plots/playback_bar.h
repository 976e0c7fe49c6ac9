// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The controls of a PlaybackCursor: Live, play/pause, step back and forward one event, a speed from ×1
// down to ×1/1000, and a slider to scrub through a recorded run, with the moment shown in words.

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace mpwb {

class PlaybackCursor;

class PlaybackBar : public QWidget {
    Q_OBJECT
public:
    explicit PlaybackBar(PlaybackCursor& cursor, QWidget* parent = nullptr);

    QString positionText() const;

private:
    void sync();

    PlaybackCursor& m_cursor;
    QToolButton* m_live = nullptr;
    QToolButton* m_play = nullptr;
    QToolButton* m_back = nullptr;
    QToolButton* m_forward = nullptr;
    QComboBox* m_speed = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_where = nullptr;
    bool m_syncing = false;
};

} // namespace mpwb
