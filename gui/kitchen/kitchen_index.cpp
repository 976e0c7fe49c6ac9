// SPDX-License-Identifier: GPL-3.0-or-later
#include "kitchen_index.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <type_traits>

#include "run_model.h"

namespace mpwb {
namespace {

// Lock and counter samples are taken every 50 ms; an older one says nothing about this moment.
constexpr std::int64_t kSampleFreshNs = 120'000'000;

// The last element whose time is <= t, or end() when none is.
template <typename It, typename Time> It lastAtOrBefore(It begin, It end, std::int64_t t, Time timeOf) {
    auto it =
        std::upper_bound(begin, end, t, [&](std::int64_t value, const auto& x) { return value < timeOf(x); });
    return it == begin ? end : std::prev(it);
}

} // namespace

const char* cookStateName(CookState state) {
    switch (state) {
    case CookState::Idle:
        return "idle";
    case CookState::Cooking:
        return "cooking";
    case CookState::WaitingLock:
        return "waiting-lock";
    case CookState::WaitingGil:
        return "waiting-gil";
    case CookState::Crashed:
        return "crashed";
    case CookState::Done:
        return "done";
    }
    return "idle";
}

KitchenIndex::Worker& KitchenIndex::worker(int index) {
    return m_workers[index];
}

void KitchenIndex::sync(const RunModel* run) {
    if (run != m_run || !run || run->eventCount() < m_read) {
        *this = KitchenIndex();
        m_run = run;
    }
    if (!run) return;
    const auto& events = run->events();
    for (; m_read < events.size(); ++m_read)
        read(events[m_read]);
}

void KitchenIndex::read(const Event& e) {
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, RunStartedEvent>) {
                m_exercise = body.exercise;
                m_backend = body.backend;
                m_workerCount = body.workers;
                m_items = body.items;
                if (body.backend == "cpython") {
                    const auto script = body.params.find("script");
                    m_script = script != body.params.end() ? script->second : std::string("script");
                    m_script = m_script.substr(m_script.find_last_of('/') + 1);
                }
            } else if constexpr (std::is_same_v<T, WorkerStartedEvent>) {
                auto& w = worker(body.worker);
                w.pid = body.pid;
                w.openNs = e.t;
            } else if constexpr (std::is_same_v<T, ChunkEvent>) {
                auto& w = worker(body.worker);
                w.spans.push_back({body.dispatchNs, body.startNs, body.endNs, e.t, body.firstItem, body.items,
                                   body.bytesIn, body.bytesOut, int(body.merged), body.core});
                const auto before = [&](const std::vector<std::uint64_t>& sums) {
                    return sums.empty() ? 0 : sums.back();
                };
                w.itemsByDispatch.push_back(before(w.itemsByDispatch) + body.items);
                w.itemsByEnd.push_back(before(w.itemsByEnd) + body.items);
            } else if constexpr (std::is_same_v<T, ChunkDispatchedEvent>) {
                worker(body.worker).dispatched.push_back({e.t, body.firstItem, body.items, body.bytesIn, -1});
            } else if constexpr (std::is_same_v<T, ChunkStartedEvent>) {
                worker(body.worker).started.push_back({e.t, body.firstItem, body.items, 0, body.core});
            } else if constexpr (std::is_same_v<T, CpuEvent>) {
                // A Python run says nothing when a pool shuts down, but its processes leave /proc: a worker
                // sampled before and missing now has ended. Engine runs keep their workers to the end.
                if (m_backend != "cpython") return;
                for (auto& entry : m_workers) {
                    const int index = entry.first;
                    auto& w = entry.second;
                    const bool listed =
                        std::any_of(body.workers.begin(), body.workers.end(),
                                    [index](const WorkerCpu& c) { return c.worker == index; });
                    if (listed) {
                        w.sampled = true;
                        w.goneNs = -1;
                    } else if (w.sampled && w.goneNs < 0) {
                        w.goneNs = e.t;
                    }
                }
            } else if constexpr (std::is_same_v<T, GilEvent>) {
                m_gil.push_back(body);
            } else if constexpr (std::is_same_v<T, LockEvent>) {
                m_locks.push_back({e.t, body});
            } else if constexpr (std::is_same_v<T, CounterEvent>) {
                m_counters.push_back({e.t, body});
            } else if constexpr (std::is_same_v<T, SegmentEvent>) {
                m_segments.push_back({e.t, body});
            } else if constexpr (std::is_same_v<T, QueueEvent>) {
                m_queues[body.queue].push_back({e.t, body});
            } else if constexpr (std::is_same_v<T, ErrorEvent>) {
                if (body.worker >= 0 && body.kind == "worker-died") {
                    auto& w = worker(body.worker);
                    if (w.crashNs < 0) w.crashNs = e.t; // a worker_ended may have dated the fire already
                    w.crash = body.message;
                    w.signal = body.signal;
                    if (body.pid) w.pid = body.pid;
                }
            } else if constexpr (std::is_same_v<T, WorkerEndedEvent>) {
                // A Python worker killed while the script went on (a Pool replaces it): the same fire as a
                // death that ends the run, at the moment it happened. The run's error, if one comes, is
                // later.
                if (body.signal > 0 && !body.byParent && body.worker >= 0) {
                    auto& w = worker(body.worker);
                    w.crashNs = e.t;
                    w.signal = body.signal;
                    const char* name = sigdescr_np(body.signal);
                    w.crash = "process " + std::to_string(body.pid) + " was killed by signal " +
                              std::to_string(body.signal) + (name ? " (" + std::string(name) + ")." : ".");
                    if (body.pid) w.pid = body.pid;
                }
            } else if constexpr (std::is_same_v<T, RunFinishedEvent>) {
                m_finishedNs = e.t;
                m_status = body.status;
            }
        },
        e.body);
}

KitchenScene KitchenIndex::sceneAt(std::int64_t t) const {
    KitchenScene scene;
    scene.tNs = t;
    scene.exercise = QString::fromStdString(m_exercise);
    scene.backend = QString::fromStdString(m_backend);
    scene.oneRoom = m_backend == "threads" || m_backend == "gil-threads";
    scene.oneStove = m_backend == "gil-threads";
    scene.usesWaiter = m_backend == "processes" || m_backend == "cpython";
    scene.script = QString::fromStdString(m_script);
    scene.ordersTotal = m_items;
    scene.finished = m_finishedNs >= 0 && m_finishedNs <= t;
    if (scene.finished) scene.status = QString::fromStdString(m_status);

    std::uint64_t dispatched = 0;
    for (const auto& [index, w] : m_workers) {
        // Chunks handed out by now, and served by now: both grow along a worker's chunks.
        const auto handed = std::upper_bound(w.spans.begin(), w.spans.end(), t,
                                             [](std::int64_t v, const Span& s) { return v < s.dispatchNs; });
        std::uint64_t handedItems =
            handed == w.spans.begin() ? 0 : w.itemsByDispatch[std::size_t(handed - w.spans.begin()) - 1];
        const auto served = std::upper_bound(w.spans.begin(), w.spans.end(), t,
                                             [](std::int64_t v, const Span& s) { return v < s.endNs; });
        const std::uint64_t servedItems =
            served == w.spans.begin() ? 0 : w.itemsByEnd[std::size_t(served - w.spans.begin()) - 1];
        // Chunks dispatched whose chunk event has not come (still out): on the rail no more.
        const std::uint64_t lastKnown = w.spans.empty() ? 0 : w.spans.back().first + w.spans.back().items;
        for (const auto& d : w.dispatched)
            if (d.t <= t && d.first >= lastKnown) handedItems += d.items;
        dispatched += handedItems;
        scene.ordersServed += servedItems;

        Kitchen k;
        k.worker = index;
        k.pid = w.pid;
        k.open = w.openNs >= 0 ? w.openNs <= t : !w.spans.empty() && w.spans.front().startNs <= t;
        // A run that did not say how many workers it would have (a Python run) gets a kitchen only once
        // that process has started: a second pool's kitchens appear when it does.
        if (!k.open && m_workerCount == 0) continue;
        k.closed = w.goneNs >= 0 && w.goneNs <= t;
        k.itemsDone = servedItems;
        k.helper = m_workerCount > 0 && index >= m_workerCount && w.spans.empty() && w.started.empty();
        scene.kitchens.push_back(k);

        if (!scene.usesWaiter) continue;
        // The waiter's load: boxes sent and not yet opened, plates finished and not yet received.
        for (auto it = handed; it != w.spans.begin();) {
            --it;
            if (it->startNs > t) {
                ++scene.waiter.boxesDown;
                scene.waiter.bytesDown += it->bytesIn;
            } else if (it->endNs <= t && it->arriveNs > t) {
                ++scene.waiter.platesUp;
                scene.waiter.bytesUp += it->bytesOut;
            } else if (it->endNs <= t) {
                break; // older chunks arrived long ago
            }
        }
        for (const auto& d : w.dispatched) {
            if (d.t > t || d.first < lastKnown) continue;
            const bool begun = std::any_of(w.started.begin(), w.started.end(),
                                           [&](const Mark& s) { return s.first == d.first && s.t <= t; });
            if (!begun) {
                ++scene.waiter.boxesDown;
                scene.waiter.bytesDown += d.bytes;
            }
        }
    }
    // Kitchens the run asked for but that have sent nothing yet.
    for (int w = 0; w < m_workerCount; ++w)
        if (!m_workers.count(w)) {
            Kitchen k;
            k.worker = w;
            scene.kitchens.push_back(k);
        }
    std::sort(scene.kitchens.begin(), scene.kitchens.end(),
              [](const Kitchen& a, const Kitchen& b) { return a.worker < b.worker; });
    scene.ordersWaiting = m_items > dispatched ? m_items - dispatched : 0;

    cookStates(scene, t);

    // The fridge: segments made by now, the lock and the counter as last sampled.
    for (const auto& s : m_segments) {
        if (s.t > t) break;
        scene.hasFridge = true;
        if (s.body.action == "created") {
            ++scene.fridge.segments;
            scene.fridge.bytes += s.body.bytes;
        } else if (s.body.action == "attached") {
            ++scene.fridge.attached;
        }
    }
    if (scene.fridge.segments > 0) {
        int removed = 0;
        for (const auto& s : m_segments)
            if (s.t <= t && s.body.action == "removed") ++removed;
        scene.fridge.namesRemoved = removed >= scene.fridge.segments;
    }
    const auto counter =
        lastAtOrBefore(m_counters.begin(), m_counters.end(), t, [](const auto& c) { return c.t; });
    if (counter != m_counters.end()) {
        scene.hasFridge = true;
        auto& f = scene.fridge;
        f.hasCounter = true;
        f.mode = QString::fromStdString(counter->body.mode);
        f.value = counter->body.value;
        f.increments = counter->body.increments;
        if (f.mode == "none" && f.value >= 0 && f.increments > std::uint64_t(f.value))
            f.lost = f.increments - std::uint64_t(f.value);
    }
    for (const auto& [name, samples] : m_queues) {
        const auto q = lastAtOrBefore(samples.begin(), samples.end(), t, [](const auto& s) { return s.t; });
        if (q == samples.end()) continue;
        scene.queues.push_back(
            {QString::fromStdString(name), q->body.depth, q->body.capacity, q->body.puts, q->body.gets});
    }
    return scene;
}

// What each cook does at t, from the strongest evidence down: a crash, the end of the run, then the chunk it
// is in, then whether it holds the stove token (GIL) or the fridge's lock.
void KitchenIndex::cookStates(KitchenScene& scene, std::int64_t t) const {
    const GilEvent* gil = nullptr;
    if (scene.oneStove) {
        const auto it = std::upper_bound(m_gil.begin(), m_gil.end(), t,
                                         [](std::int64_t v, const GilEvent& g) { return v < g.startNs; });
        if (it != m_gil.begin() && std::prev(it)->endNs > t) gil = &*std::prev(it);
        if (gil && gil->holder >= 0) {
            scene.stoveHolder = gil->holder;
        } else if (gil && gil->acquisitions > 0) {
            // Hand-overs closer than the stream tells apart: the one that held it longest in the span.
            scene.stoveShared = true;
            const auto most = std::max_element(gil->heldNs.begin(), gil->heldNs.end());
            if (most != gil->heldNs.end() && *most > 0) scene.stoveHolder = int(most - gil->heldNs.begin());
        }
    }
    for (auto& k : scene.kitchens) {
        const auto found = m_workers.find(k.worker);
        if (found == m_workers.end()) continue;
        const Worker& w = found->second;
        if (w.crashNs >= 0 && w.crashNs <= t) {
            k.state = CookState::Crashed;
            k.crash = QString::fromStdString(w.crash);
            k.signal = w.signal;
            continue;
        }
        if (scene.finished || k.closed) {
            k.state = CookState::Done;
            continue;
        }
        // The chunk that began last at or before t, if it has not ended by t.
        const auto span = std::upper_bound(w.spans.begin(), w.spans.end(), t,
                                           [](std::int64_t v, const Span& s) { return v < s.startNs; });
        if (span != w.spans.begin() && std::prev(span)->endNs > t) {
            const Span& s = *std::prev(span);
            k.state = CookState::Cooking;
            k.trayFirst = s.first;
            k.trayItems = s.items;
            k.trayMerged = s.merged;
            k.trayStartNs = s.startNs;
            k.trayEndNs = s.endNs;
            k.core = s.core;
        } else {
            // A chunk reported begun whose end is not known yet (a live run).
            const std::uint64_t lastKnown = w.spans.empty() ? 0 : w.spans.back().first + w.spans.back().items;
            const auto begun =
                lastAtOrBefore(w.started.begin(), w.started.end(), t, [](const Mark& m) { return m.t; });
            if (begun != w.started.end() && begun->first >= lastKnown) {
                k.state = CookState::Cooking;
                k.trayFirst = begun->first;
                k.trayItems = begun->items;
                k.trayStartNs = begun->t;
                k.core = begun->core;
            }
        }
        if (k.state != CookState::Cooking) continue;
        if (gil) {
            const auto share = [&](const std::vector<std::int64_t>& v) {
                return std::size_t(k.worker) < v.size() ? v[std::size_t(k.worker)] : 0;
            };
            const bool holds = gil->holder >= 0
                                   ? gil->holder == k.worker
                                   : share(gil->heldNs) >= share(gil->waitedNs) && share(gil->heldNs) > 0;
            if (!holds) k.state = CookState::WaitingGil;
        }
    }
    // The fridge's lock: its holder cooks; the others wait when the sample says all of them do (a count
    // alone does not say who waits).
    const auto lock = lastAtOrBefore(m_locks.begin(), m_locks.end(), t, [](const auto& l) { return l.t; });
    if (lock == m_locks.end() || t - lock->t > kSampleFreshNs) return;
    scene.hasFridge = true;
    scene.fridge.hasLock = true;
    scene.fridge.lockHolder = lock->body.holder;
    scene.fridge.lockWaiting = lock->body.waiting;
    int others = 0;
    for (const auto& k : scene.kitchens)
        if (k.state == CookState::Cooking && k.worker != lock->body.holder) ++others;
    if (lock->body.waiting > 0 && lock->body.waiting == others)
        for (auto& k : scene.kitchens)
            if (k.state == CookState::Cooking && k.worker != lock->body.holder)
                k.state = CookState::WaitingLock;
}

} // namespace mpwb
