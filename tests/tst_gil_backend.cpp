// SPDX-License-Identifier: GPL-3.0-or-later
// The gil-threads backend: one thread at a time inside the task, the lock shared fairly between threads, and
// gil events that tile the map with one holder at a time.
#include <QtTest>

#include <atomic>
#include <chrono>
#include <climits>

#include "backend_choices.h"
#include "event_stream.h"
#include "executor.h"
#include "task_registry.h"
#include "test_tasks.h"

using namespace mpwb;

namespace {

// How many threads are inside this task at once, at most: with a GIL it must never exceed one.
std::atomic<int> g_inside{0};
std::atomic<int> g_mostInside{0};
void trackConcurrency(ByteReader& in, ByteWriter& out, TaskContext& ctx) {
    const int now = ++g_inside;
    int seen = g_mostInside.load();
    while (now > seen && !g_mostInside.compare_exchange_weak(seen, now)) {
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(in.get<std::int64_t>());
    while (std::chrono::steady_clock::now() < until) {
        --g_inside; // the checkpoint may hand the lock over: we are outside "Python code" while it does
        ctx.checkpoint();
        const int again = ++g_inside;
        seen = g_mostInside.load();
        while (again > seen && !g_mostInside.compare_exchange_weak(seen, again)) {
        }
    }
    --g_inside;
    out.put<std::int64_t>(0);
}
const TaskRegistration kTrack{"test/track-concurrency", "records how many threads run it at once",
                              trackConcurrency};

// A fixed amount of CPU work with a checkpoint now and then, like a loop of Python bytecodes: under an
// interpreter lock its wall time grows with the time it spends waiting, its work does not.
void fixedWork(ByteReader& in, ByteWriter& out, TaskContext& ctx) {
    const auto turns = in.get<std::int64_t>();
    std::uint64_t x = 88172645463325252ull;
    for (std::int64_t i = 0; i < turns; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if ((i & 1023) == 0) ctx.checkpoint();
    }
    out.put<std::uint64_t>(x);
}
const TaskRegistration kFixedWork{"test/fixed-work", "a fixed number of xorshift turns", fixedWork};

} // namespace

class TestGilBackend : public QObject {
    Q_OBJECT
private slots:
    void gilLetsOneThreadRunAtATime();
    void gilSharesChunksFairly_data();
    void gilSharesChunksFairly();
    void gilEventsTileTheMap();
};

void TestGilBackend::gilLetsOneThreadRunAtATime() {
    g_inside = 0;
    g_mostInside = 0;
    VectorItems items(encodeAll(std::vector<std::int64_t>(40, 2000)));
    VectorResults results;
    auto o = optionsFor(Backend::GilThreads, StartMethod::Fork, 4);
    o.switchInterval = std::chrono::microseconds(200); // many hand-overs in a short test
    auto executor = makeExecutor(o);
    const auto outcome = executor->map(MapJob{"test/track-concurrency", &items, 1}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Ok));
    QCOMPARE(results.results().size(), std::size_t(40));
    QCOMPARE(g_mostInside.load(), 1);
}

void TestGilBackend::gilSharesChunksFairly_data() {
    QTest::addColumn<int>("threads");
    QTest::addColumn<qint64>("turns");
    // Chunks shorter than the 5 ms switch interval are where a thread used to keep the lock for itself.
    QTest::newRow("2 threads, chunks shorter than the interval") << 2 << qint64(1'500'000);
    QTest::newRow("3 threads, chunks shorter than the interval") << 3 << qint64(1'500'000);
    QTest::newRow("2 threads, chunks longer than the interval") << 2 << qint64(15'000'000);
    QTest::newRow("3 threads, chunks longer than the interval") << 3 << qint64(15'000'000);
}

// N threads, 8·N equal CPU-bound chunks: each thread does at least 3 of its fair share of 8. A lock that lets
// one thread keep it does 7 of 8 in one thread and fails this at once.
void TestGilBackend::gilSharesChunksFairly() {
    QFETCH(int, threads);
    QFETCH(qint64, turns);
    VectorItems items(encodeAll(std::vector<std::int64_t>(std::size_t(8 * threads), turns)));
    VectorResults results;
    VectorSink events;
    auto executor = makeExecutor(optionsFor(Backend::GilThreads, StartMethod::Fork, threads, &events));
    const auto outcome = executor->map(MapJob{"test/fixed-work", &items, 1}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Ok));
    std::vector<int> done(std::size_t(threads), 0);
    for (const auto& e : events.events())
        if (const auto* c = std::get_if<ChunkEvent>(&e.body)) done[std::size_t(c->worker)] += int(c->merged);
    QString split;
    for (int d : done)
        split += QString::number(d) + " ";
    qInfo("chunks per thread: %s", qPrintable(split));
    for (int d : done)
        QVERIFY2(d >= 3, qPrintable("unfair split: " + split));
}

// gil events tile the map without gaps or overlaps; at most one worker holds the lock at a time, and a span
// with a holder is one holding period of a real worker.
void TestGilBackend::gilEventsTileTheMap() {
    constexpr int kThreads = 3;
    VectorItems items(encodeAll(std::vector<std::int64_t>(48, 300'000)));
    VectorResults results;
    VectorSink events;
    auto o = optionsFor(Backend::GilThreads, StartMethod::Fork, kThreads, &events);
    o.switchInterval = std::chrono::microseconds(2000);
    auto executor = makeExecutor(o);
    const auto outcome = executor->map(MapJob{"test/fixed-work", &items, 1}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Ok));

    std::vector<GilEvent> spans;
    std::int64_t firstChunkStart = INT64_MAX, lastChunkEnd = INT64_MIN;
    for (const auto& e : events.events()) {
        if (const auto* g = std::get_if<GilEvent>(&e.body)) {
            spans.push_back(*g);
            QCOMPARE(e.t, g->endNs);
        }
        if (const auto* c = std::get_if<ChunkEvent>(&e.body)) {
            firstChunkStart = std::min(firstChunkStart, c->startNs);
            lastChunkEnd = std::max(lastChunkEnd, c->endNs);
        }
    }
    QVERIFY(spans.size() >= 2);
    std::int64_t heldTotal = 0;
    std::uint64_t acquisitions = 0, handovers = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const auto& g = spans[i];
        const auto length = g.endNs - g.startNs;
        if (i > 0) QCOMPARE(g.startNs, spans[i - 1].endNs);
        QVERIFY(length >= 0);
        QCOMPARE(int(g.heldNs.size()), kThreads);
        QCOMPARE(int(g.waitedNs.size()), kThreads);
        QVERIFY(g.holder >= -1 && g.holder < kThreads);
        std::int64_t held = 0;
        for (int w = 0; w < kThreads; ++w) {
            QVERIFY(g.heldNs[w] >= 0 && g.waitedNs[w] >= 0);
            QVERIFY(g.heldNs[w] + g.waitedNs[w] <= length); // one thread cannot hold and wait at once
            held += g.heldNs[w];
        }
        QVERIFY(held <= length); // one holder at a time
        if (g.holder >= 0) {
            QCOMPARE(g.heldNs[g.holder], length);
            QCOMPARE(g.acquisitions, quint64(1));
        }
        QVERIFY(g.handovers <= g.acquisitions);
        heldTotal += held;
        acquisitions += g.acquisitions;
        handovers += g.handovers;
    }
    // The timeline covers every chunk; every chunk began with taking the lock, and threads took turns.
    QVERIFY(spans.front().startNs <= firstChunkStart);
    QVERIFY(spans.back().endNs >= lastChunkEnd);
    QVERIFY(heldTotal > 0);
    QVERIFY(acquisitions >= 48);
    QVERIFY(handovers >= 2);
}

QTEST_GUILESS_MAIN(TestGilBackend)
#include "tst_gil_backend.moc"
