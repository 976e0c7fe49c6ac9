// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The machine's cores sampled from /proc, delivered on the GUI thread, so the core plot works like a system
// monitor between runs. It also remembers how busy the cores
// were over the last few seconds: a sweep uses that to tell a busy machine from a serial part of the work.

#include <QElapsedTimer>
#include <QObject>
#include <QVector>
#include <deque>
#include <memory>

namespace mpwb {

class CpuSampler;

class SystemMonitor : public QObject {
    Q_OBJECT
public:
    explicit SystemMonitor(QObject* parent = nullptr);
    ~SystemMonitor() override;

    // One monitor serves the whole app; it samples only while someone holds it (a page on screen, a run
    // about to measure the load), so an idle app with nothing showing costs nothing.
    void acquire();
    void release();
    int holders() const { return m_holders; }
    void start();
    void stop();
    bool isRunning() const { return m_sampler != nullptr; }
    // Seconds since the monitor was made: the time axis of its samples.
    double now() const { return m_clock.elapsed() / 1000.0; }
    // Average cores' worth of work (0.8 = most of one core) over the samples of the last few seconds; NaN
    // when there is none (the monitor was not running, or forgetRecent() was called since).
    double recentBusyCores() const;
    // Drops the recent samples: they saw one of our own runs, not what other programs do.
    void forgetRecent() { m_recent.clear(); }

Q_SIGNALS:
    void sampled(double t, const QVector<double>& cores);

private:
    std::unique_ptr<CpuSampler> m_sampler;
    QElapsedTimer m_clock;
    int m_holders = 0;
    std::deque<std::pair<double, double>> m_recent; // (seconds, busy cores)
};

} // namespace mpwb
