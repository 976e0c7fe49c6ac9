// SPDX-License-Identifier: GPL-3.0-or-later
#include "system_monitor.h"

#include <QMetaObject>
#include <limits>

#include "cpu_sampler.h"

namespace mpwb {

namespace {
constexpr double kRecentSeconds = 3; // how far back "just before" reaches
constexpr auto kInterval = std::chrono::milliseconds(250);
} // namespace

SystemMonitor::SystemMonitor(QObject* parent) : QObject(parent) {
    m_clock.start();
}

SystemMonitor::~SystemMonitor() {
    stop();
}

void SystemMonitor::acquire() {
    if (m_holders++ == 0) start();
}

void SystemMonitor::release() {
    if (m_holders > 0 && --m_holders == 0) stop();
}

void SystemMonitor::start() {
    if (m_sampler) return;
    m_sampler = std::make_unique<CpuSampler>("/proc", kInterval);
    m_sampler->start([this](const CpuEvent& e) {
        QVector<double> cores(e.cores.begin(), e.cores.end());
        const double t = now();
        // The sampler calls from its own thread; the plot and the history live on the GUI thread.
        QMetaObject::invokeMethod(
            this,
            [this, t, cores] {
                double busy = 0;
                for (double c : cores)
                    busy += c / 100.0;
                m_recent.emplace_back(t, busy);
                while (m_recent.size() > 1 && m_recent.front().first < t - kRecentSeconds)
                    m_recent.pop_front();
                Q_EMIT sampled(t, cores);
            },
            Qt::QueuedConnection);
    });
}

void SystemMonitor::stop() {
    m_recent.clear(); // samples from before a pause say nothing about now
    if (m_sampler) m_sampler->stop();
    m_sampler.reset();
}

double SystemMonitor::recentBusyCores() const {
    if (m_recent.empty()) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (const auto& [t, busy] : m_recent)
        sum += busy;
    return sum / double(m_recent.size());
}

} // namespace mpwb
