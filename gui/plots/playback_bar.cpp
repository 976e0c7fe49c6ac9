// SPDX-License-Identifier: GPL-3.0-or-later
#include "playback_bar.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include "playback_cursor.h"

namespace mpwb {
namespace {
constexpr int kSliderSteps = 2000; // the slider's resolution over a run's length
} // namespace

PlaybackBar::PlaybackBar(PlaybackCursor& cursor, QWidget* parent) : QWidget(parent), m_cursor(cursor) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    // A short accessible name says what the button does; the tip, read as its description, says more.
    auto button = [&](const QString& text, const QString& name, const QString& tip,
                      QStyle::StandardPixmap icon) {
        auto* b = new QToolButton;
        b->setText(text);
        if (icon != QStyle::SP_CustomBase) b->setIcon(style()->standardIcon(icon));
        b->setToolTip(tip);
        b->setAccessibleName(name);
        b->setAccessibleDescription(tip);
        b->setAutoRaise(true);
        layout->addWidget(b);
        return b;
    };
    m_live = button(tr("● Live"), tr("Live: follow the run"),
                    tr("Follow the run as it happens, or jump to the end of a finished one"),
                    QStyle::SP_CustomBase);
    m_back = button(tr("Step back"), tr("Step back one event"), tr("Step back one event"),
                    QStyle::SP_MediaSkipBackward);
    m_play = button(tr("Replay"), tr("Replay or pause"), tr("Replay the run from here at the chosen speed"),
                    QStyle::SP_MediaPlay);
    m_forward = button(tr("Step"), tr("Step forward one event"), tr("Step forward one event"),
                       QStyle::SP_MediaSkipForward);
    m_live->setCheckable(true); // shown pressed while following a live run
    for (auto* b : {m_back, m_play, m_forward})
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_speed = new QComboBox;
    m_speed->setToolTip(tr("Replay speed: a real run is often over in a blink, so slow it down"));
    m_speed->setAccessibleName(tr("Replay speed"));
    m_speed->setAccessibleDescription(m_speed->toolTip());
    m_speed->view()->setAccessibleName(tr("Replay speeds"));
    // The cursor's own steps, so the box and presentation mode's slower/faster keys agree.
    for (const double speed : PlaybackCursor::speedSteps())
        m_speed->addItem(speed >= 1 ? tr("×1") : tr("×1/%1").arg(qRound(1 / speed)), speed);
    m_cursor.setSpeed(0.1);
    m_speed->setCurrentIndex(m_speed->findData(0.1));
    layout->addWidget(m_speed);
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setRange(0, kSliderSteps);
    m_slider->setAccessibleName(tr("Moment of the run shown"));
    m_slider->setAccessibleDescription(tr("Drag or use the arrow keys to move through a recorded run"));
    m_slider->setMinimumWidth(120);
    layout->addWidget(m_slider, 1);
    m_where = new QLabel;
    // Wide enough for most runs, so the bar does not jump as the numbers grow.
    m_where->setMinimumWidth(m_where->fontMetrics().horizontalAdvance("event 0000 of 0000 · 00.000 s"));
    layout->addWidget(m_where);

    connect(m_live, &QToolButton::clicked, &m_cursor, &PlaybackCursor::goLive);
    connect(m_back, &QToolButton::clicked, &m_cursor, &PlaybackCursor::stepBack);
    connect(m_forward, &QToolButton::clicked, &m_cursor, &PlaybackCursor::stepForward);
    connect(m_play, &QToolButton::clicked, this, [this] {
        m_cursor.mode() == PlaybackCursor::Mode::Playing ? m_cursor.pause() : m_cursor.play();
    });
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_cursor.setSpeed(m_speed->currentData().toDouble()); });
    // A speed set elsewhere (presentation mode's keys) shows in the box.
    connect(&m_cursor, &PlaybackCursor::speedChanged, this, [this](double speed) {
        const int at = m_speed->findData(speed);
        if (at >= 0 && at != m_speed->currentIndex()) m_speed->setCurrentIndex(at);
    });
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (m_syncing || !m_cursor.run()) return;
        m_cursor.seekTime(std::int64_t(double(m_cursor.run()->endNs()) * v / kSliderSteps));
    });
    connect(&m_cursor, &PlaybackCursor::moved, this, &PlaybackBar::sync);
    connect(&m_cursor, &PlaybackCursor::modeChanged, this, &PlaybackBar::sync);
    connect(&m_cursor, &PlaybackCursor::runChanged, this, &PlaybackBar::sync);
    sync();
}

QString PlaybackBar::positionText() const {
    return m_where->text();
}

void PlaybackBar::sync() {
    m_syncing = true;
    const auto* run = m_cursor.run();
    const bool have = run && run->eventCount() > 0;
    const bool live = m_cursor.mode() == PlaybackCursor::Mode::Live;
    for (QWidget* w : {static_cast<QWidget*>(m_back), static_cast<QWidget*>(m_forward),
                       static_cast<QWidget*>(m_play), static_cast<QWidget*>(m_slider)})
        w->setEnabled(have && !(run && run->isLive()));
    m_live->setEnabled(have);
    m_live->setChecked(live);
    const bool playing = m_cursor.mode() == PlaybackCursor::Mode::Playing;
    m_play->setText(playing ? tr("Pause") : tr("Replay"));
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_slider->setValue(
        have && run->endNs() > 0 ? int(double(m_cursor.timeNs()) / double(run->endNs()) * kSliderSteps) : 0);
    m_where->setText(have ? tr("event %1 of %2 · %3 s")
                                .arg(m_cursor.position())
                                .arg(run->eventCount())
                                .arg(double(m_cursor.timeNs()) / 1e9, 0, 'f', 3)
                          : tr("no run shown"));
    m_syncing = false;
}

} // namespace mpwb
