// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_model.h"

#include <QFileInfo>

#include <QLocale>
#include <QUuid>
#include <algorithm>

namespace mpwb {
namespace {

// Must add up exactly as applyEvents() fills RunData's lists, or a frame would show the wrong prefix.
void countEvent(RunCounts& c, const Event& e) {
    ++c.events;
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, HelloEvent>)
                c.hello = true;
            else if constexpr (std::is_same_v<T, RunStartedEvent>)
                c.started = true;
            else if constexpr (std::is_same_v<T, WorkerStartedEvent>)
                ++c.workers;
            else if constexpr (std::is_same_v<T, ChunkEvent>)
                ++c.chunks;
            else if constexpr (std::is_same_v<T, CpuEvent>)
                ++c.cpu;
            else if constexpr (std::is_same_v<T, SweepPointEvent>)
                ++c.sweepPoints;
            else if constexpr (std::is_same_v<T, ResultEvent>)
                c.result = true;
            else if constexpr (std::is_same_v<T, ErrorEvent>)
                c.error = true;
            else if constexpr (std::is_same_v<T, RunFinishedEvent>)
                c.finished = true;
            else if constexpr (std::is_same_v<T, FileEvent>)
                ++c.files;
            else if constexpr (std::is_same_v<T, QueueEvent>)
                ++c.queues;
            else if constexpr (std::is_same_v<T, CounterEvent>)
                ++c.counters;
            else if constexpr (std::is_same_v<T, ChunkStartedEvent>)
                ++c.starts;
            else if constexpr (std::is_same_v<T, GilEvent>)
                ++c.gil;
            else if constexpr (std::is_same_v<T, LockEvent>)
                ++c.locks;
            else if constexpr (std::is_same_v<T, SegmentEvent>)
                ++c.segments;
        },
        e.body);
}

// "sum-squares · sweep of processes (spawn), 1–8 workers": what tells two sweeps apart in a list or legend.
QString sweepLabel(const SweepStartedEvent& s) {
    QString text = QString::fromStdString(s.exercise) + " · " +
                   RunModel::tr("sweep of %1").arg(QString::fromStdString(s.backend));
    if (!s.startMethod.empty()) text += " (" + QString::fromStdString(s.startMethod) + ")";
    if (!s.workers.empty()) {
        const auto [low, high] = std::minmax_element(s.workers.begin(), s.workers.end());
        if (*low != *high)
            text += RunModel::tr(", %1–%2 workers").arg(*low).arg(*high);
        else
            text += *low == 1 ? RunModel::tr(", 1 worker") : RunModel::tr(", %1 workers").arg(*low);
    }
    return text;
}

} // namespace

RunModel::RunModel(QObject* parent)
    : QObject(parent), m_id(QUuid::createUuid().toString(QUuid::Id128).left(16)),
      m_when(QDateTime::currentDateTime()) {
    m_marks.push_back({});
}

void RunModel::setLive(bool live) {
    if (m_live == live) return;
    m_live = live;
    Q_EMIT liveChanged(live);
}

void RunModel::append(const std::vector<Event>& events) {
    if (events.empty()) return;
    const auto first = m_events.size();
    m_events.reserve(m_events.size() + events.size());
    for (const auto& e : events) {
        m_maxT.push_back(std::max(m_maxT.empty() ? e.t : m_maxT.back(), e.t));
        m_events.push_back(e);
        countEvent(m_counts, e);
        if (m_events.size() % kMarkEvery == 0) m_marks.push_back(m_counts);
    }
    applyEvents(m_data, events);
    // Streams of format 3 name their run; older ones keep the id made up here.
    if (first == 0 && m_data.hello && !m_data.hello->runId.empty())
        m_id = QString::fromStdString(m_data.hello->runId);
    Q_EMIT appended(first, events.size());
}

void RunModel::clear() {
    m_events.clear();
    m_maxT.clear();
    m_marks.assign(1, RunCounts{});
    m_counts = {};
    m_data = RunData();
    Q_EMIT reset();
}

RunCounts RunModel::countsAt(std::size_t events) const {
    events = std::min(events, m_events.size());
    if (events == m_events.size()) return m_counts;
    const auto mark = events / kMarkEvery;
    RunCounts c = m_marks[mark];
    for (std::size_t i = mark * kMarkEvery; i < events; ++i)
        countEvent(c, m_events[i]);
    return c;
}

std::int64_t RunModel::timeAt(std::size_t events) const {
    if (events == 0 || m_maxT.empty()) return 0;
    return m_maxT[std::min(events, m_maxT.size()) - 1];
}

std::size_t RunModel::eventsUpTo(std::int64_t tNs) const {
    return std::size_t(std::upper_bound(m_maxT.begin(), m_maxT.end(), tNs) - m_maxT.begin());
}

QString RunModel::label() const {
    const auto& d = m_data;
    if (d.started) {
        const auto& s = *d.started;
        QString text = QString::fromStdString(s.exercise) + " · " + QString::fromStdString(s.backend);
        // A Python run names its script, and learns its workers as they start (run_started says 0).
        if (const auto script = s.params.find("script"); s.backend == "cpython" && script != s.params.end())
            text = QFileInfo(QString::fromStdString(script->second)).fileName() + " · cpython";
        const int workers = s.workers > 0 ? s.workers : int(d.workers.size());
        if (s.backend != "sequential") text += tr(" × %1").arg(workers);
        if (!s.startMethod.empty()) text += " (" + QString::fromStdString(s.startMethod) + ")";
        return text;
    }
    if (d.sweep) return sweepLabel(*d.sweep);
    if (!d.sweepPoints.empty())
        return tr("sweep · %1 backend, %2 points")
            .arg(QString::fromStdString(d.sweepPoints.back().backend))
            .arg(d.sweepPoints.size());
    return tr("run %1").arg(m_id);
}

QString RunModel::describe() const {
    QString text = label();
    if (m_data.hello) {
        text += tr(" · %1 cores").arg(m_data.hello->cores);
        const auto machine = QString::fromStdString(m_data.hello->machine).section(' ', 0, 0);
        if (!machine.isEmpty()) text += " · " + machine;
    }
    text += " · " + QLocale().toString(m_when, QLocale::ShortFormat);
    if (m_data.finished && m_data.finished->status != "ok")
        text += " · " + QString::fromStdString(m_data.finished->status);
    return text;
}

const RunData& RunFrame::data() const {
    static const RunData empty;
    return run ? run->data() : empty;
}

RunFrame RunFrame::whole(const RunModel* run) {
    RunFrame f;
    f.run = run;
    if (!run) return f;
    f.shown = run->countsAt(run->eventCount());
    f.tNs = run->endNs();
    f.live = run->isLive();
    return f;
}

} // namespace mpwb
