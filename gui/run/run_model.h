// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One run: its events in stream order, what they add up to (RunData), and how far each of RunData's lists
// had grown after any event, so a view can draw the run as it stood at any moment of it (see RunFrame).
// A live run grows as the engine host reads its stream; a saved one is filled once. Qt Core only.

#include <QDateTime>
#include <QObject>
#include <QString>
#include <span>
#include <vector>

#include "run_data.h"

namespace mpwb {

// How many entries of each of RunData's lists exist after the first `events` events, and which of its
// once-only events (hello, run_started, result, error, run_finished) have arrived by then.
struct RunCounts {
    std::size_t events = 0;
    std::size_t workers = 0, chunks = 0, cpu = 0, sweepPoints = 0, queues = 0, counters = 0, files = 0;
    std::size_t starts = 0, gil = 0, locks = 0, segments = 0;
    bool hello = false, started = false, result = false, error = false, finished = false;

    bool operator==(const RunCounts&) const = default;
};

class RunModel : public QObject {
    Q_OBJECT
public:
    explicit RunModel(QObject* parent = nullptr);

    // The stream's run id, or one made up here for streams written before ids existed.
    QString id() const { return m_id; }
    // Live: the engine host is still writing it.
    bool isLive() const { return m_live; }
    void setLive(bool live);
    // When the run was made (a live run) or the file it came from was written (an opened one).
    QDateTime when() const { return m_when; }
    void setWhen(const QDateTime& when) { m_when = when; }
    // Where it came from: empty for a run of this session, else the file it was opened from.
    QString source() const { return m_source; }
    void setSource(const QString& path) { m_source = path; }

    // Adds events in stream order; emits appended.
    void append(const std::vector<Event>& events);
    // Forgets every event; emits reset.
    void clear();

    const std::vector<Event>& events() const { return m_events; }
    std::size_t eventCount() const { return m_events.size(); }
    // The whole run so far.
    const RunData& data() const { return m_data; }
    bool isFinished() const { return m_data.finished.has_value(); }
    bool isSweep() const { return m_data.sweep || (!m_data.started && !m_data.sweepPoints.empty()); }

    RunCounts countsAt(std::size_t events) const;
    // The latest event time among the first n events (events of different workers can arrive a little out
    // of time order, so this is a running maximum); 0 for none.
    std::int64_t timeAt(std::size_t events) const;
    // How many events a view shows at time tNs: every event up to the last whose running maximum is <= tNs.
    std::size_t eventsUpTo(std::int64_t tNs) const;
    std::int64_t endNs() const { return m_maxT.empty() ? 0 : m_maxT.back(); }

    // "sum-squares · processes × 2 (fork)", with the machine and time in describe().
    QString label() const;
    QString describe() const;

Q_SIGNALS:
    void reset();
    void appended(std::size_t first, std::size_t count);
    void liveChanged(bool live);

private:
    static constexpr std::size_t kMarkEvery = 256; // a RunCounts kept every this many events

    std::vector<Event> m_events;
    std::vector<std::int64_t> m_maxT; // running maximum of t, one per event
    std::vector<RunCounts> m_marks;   // m_marks[i]: counts after i * kMarkEvery events
    RunData m_data;
    RunCounts m_counts; // after every event
    QString m_id;
    QString m_source;
    QDateTime m_when;
    bool m_live = false;
};

// The run as it stood at a cursor: the first `shown.events` events. Views draw only what a frame shows.
struct RunFrame {
    const RunModel* run = nullptr;
    RunCounts shown;
    std::int64_t tNs = 0; // the cursor's time, ns since the run's origin
    bool live = false;    // following a run that is still going on

    bool isEmpty() const { return !run || shown.events == 0; }
    // The run's data, or an empty run when the frame shows none.
    const RunData& data() const;
    std::span<const WorkerStartedEvent> workers() const { return prefix(data().workers, shown.workers); }
    std::span<const ChunkEvent> chunks() const { return prefix(data().chunks, shown.chunks); }
    std::span<const CpuSample> cpu() const { return prefix(data().cpu, shown.cpu); }
    std::span<const SweepPointEvent> sweepPoints() const {
        return prefix(data().sweepPoints, shown.sweepPoints);
    }
    std::span<const QueueSample> queues() const { return prefix(data().queues, shown.queues); }
    std::span<const CounterSample> counters() const { return prefix(data().counters, shown.counters); }
    std::span<const FileEvent> files() const { return prefix(data().files, shown.files); }
    std::span<const ChunkStart> starts() const { return prefix(data().starts, shown.starts); }
    std::span<const GilEvent> gil() const { return prefix(data().gil, shown.gil); }
    std::span<const LockSample> locks() const { return prefix(data().locks, shown.locks); }
    std::span<const SegmentEvent> segments() const { return prefix(data().segments, shown.segments); }
    const HelloEvent* hello() const { return shown.hello && data().hello ? &*data().hello : nullptr; }
    const RunStartedEvent* started() const {
        return shown.started && data().started ? &*data().started : nullptr;
    }
    const ResultEvent* result() const { return shown.result && data().result ? &*data().result : nullptr; }
    const ErrorEvent* error() const { return shown.error && data().error ? &*data().error : nullptr; }
    const RunFinishedEvent* finished() const {
        return shown.finished && data().finished ? &*data().finished : nullptr;
    }

    // A frame that shows all of a run.
    static RunFrame whole(const RunModel* run);

private:
    template <typename T> static std::span<const T> prefix(const std::vector<T>& v, std::size_t n) {
        return std::span<const T>(v.data(), std::min(n, v.size()));
    }
};

} // namespace mpwb
