// SPDX-License-Identifier: GPL-3.0-or-later
// ChunkAggregator: small chunks merged until they span a threshold, big ones passed through, every count
// complete before the outcome, item totals kept, one chunk shown per span whole, and safe from many threads.

#include "chunk_aggregator.h"
#include "chunk_event_spacing.h"
#include "event_fixtures.h"

#include <QTest>

#include <map>
#include <random>
#include <set>
#include <thread>

using namespace mpwb;
using namespace mpwb::fixtures;

class TestChunkAggregator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aggregatorMergesSmallChunks();
    void aggregatorPassesBigChunks();
    void aggregatorFlushesBeforeOutcome_data();
    void aggregatorFlushesBeforeOutcome();
    void aggregatorPreservesItemTotals_data();
    void aggregatorPreservesItemTotals();
    void aggregatorIsThreadSafe();
    void aggregatorShowsOneChunkPerSpanWhole_data();
    void aggregatorShowsOneChunkPerSpanWhole();
    void spacingAtSourceAndAggregatorAgree();
    void aggregatorPassesGilLockAndSegmentEvents();
    void anEndedWorkersChunksGoBeforeTheNews();
};

void TestChunkAggregator::aggregatorMergesSmallChunks() {
    VectorSink out;
    ChunkAggregator aggregator(out, 1000);
    // Ten 100-ns chunks of worker 0, items not adjacent (another worker took the ones in between).
    for (int i = 0; i < 10; ++i)
        aggregator.record(chunk(0, 1000 - std::uint64_t(i) * 20, 5, i * 100, i * 100 + 100, i));
    auto events = out.take();
    QCOMPARE(events.size(), 1u); // the tenth brought the span to the threshold
    const auto merged = std::get<ChunkEvent>(events[0].body);
    QCOMPARE(merged.merged, 10u);
    QCOMPARE(merged.items, 50u);
    QCOMPARE(merged.firstItem, 820u);
    QCOMPARE(merged.startNs, 0);
    QCOMPARE(merged.endNs, 1000);
    QCOMPARE(merged.dispatchNs, -10);
    QCOMPARE(merged.bytesIn, 400u);
    QCOMPARE(merged.bytesOut, 200u);
    QCOMPARE(merged.encodeNs, 30);
    QCOMPARE(merged.decodeNs, 20);
    QCOMPARE(merged.core, 9);
    QCOMPARE(merged.workNs, 1000);
    QCOMPARE(events[0].t, 1001);

    // With a wait between them, the two chunks span 600 ns but worked 200: the work is their own spans.
    aggregator.record(chunk(0, 0, 1, 2000, 2100));
    aggregator.record(chunk(0, 1, 1, 2500, 2600));
    QCOMPARE(out.size(), 0u);
    aggregator.flush();
    events = out.take();
    QCOMPARE(events.size(), 1u);
    const auto gapped = std::get<ChunkEvent>(events[0].body);
    QCOMPARE(gapped.merged, 2u);
    QCOMPARE(gapped.endNs - gapped.startNs, 600);
    QCOMPARE(gapped.workNs, 200);
    QCOMPARE(chunkWorkNs(gapped), 200);
}

void TestChunkAggregator::aggregatorPassesBigChunks() {
    VectorSink out;
    ChunkAggregator aggregator(out, 1000);
    const Event small = chunk(1, 0, 1, 0, 10);
    const Event big = chunk(1, 1, 100, 10, 5010);
    const Event otherWorker = chunk(2, 200, 1, 0, 10);
    aggregator.record(small);
    aggregator.record(otherWorker);
    aggregator.record(big);
    const auto events = out.take();
    QCOMPARE(events.size(), 2u);
    QVERIFY(events[0] == small); // flushed first, alone, so unchanged
    QVERIFY(events[1] == big);
    aggregator.flush();
    QVERIFY(out.take() == std::vector<Event>{otherWorker});
}

void TestChunkAggregator::aggregatorFlushesBeforeOutcome_data() {
    QTest::addColumn<Event>("event");
    QTest::addColumn<bool>("flushesFirst");
    QTest::newRow("run_finished flushes") << finished() << true;
    QTest::newRow("result flushes") << Event{5000, ResultEvent{"42", {}, true}} << true;
    QTest::newRow("error flushes") << Event{5000, ErrorEvent{"task-failed", "boom", 0, 1, 3, 0, 0, 3, 1}}
                                   << true;
    QTest::newRow("cpu passes") << Event{5000, CpuEvent{{50.0}, {}}} << false;
    QTest::newRow("worker_started passes") << Event{5000, WorkerStartedEvent{3, 33, "fork", 10}} << false;
}

void TestChunkAggregator::aggregatorFlushesBeforeOutcome() {
    QFETCH(Event, event);
    QFETCH(bool, flushesFirst);
    VectorSink out;
    ChunkAggregator aggregator(out, 1'000'000);
    aggregator.record(chunk(0, 0, 3, 0, 10));
    aggregator.record(chunk(1, 3, 4, 0, 10));
    aggregator.record(event);
    const auto events = out.take();
    if (flushesFirst) {
        QCOMPARE(events.size(), 3u);
        QVERIFY(isChunk(events[0]) && isChunk(events[1]));
        QVERIFY(events[2] == event);
        QCOMPARE(totalItems(events), 7u);
    } else {
        QCOMPARE(events.size(), 1u);
        QVERIFY(events[0] == event);
    }
}

void TestChunkAggregator::aggregatorPreservesItemTotals_data() {
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("chunksPerWorker");
    QTest::addColumn<qint64>("thresholdNs");
    QTest::newRow("one worker, tiny chunks") << 1 << 10000 << qint64(2'000'000);
    QTest::newRow("eight workers, tiny chunks") << 8 << 2000 << qint64(2'000'000);
    QTest::newRow("threshold zero passes everything") << 3 << 100 << qint64(0);
    QTest::newRow("huge threshold merges all") << 4 << 500 << qint64(kI64Max);
}

void TestChunkAggregator::aggregatorPreservesItemTotals() {
    QFETCH(int, workers);
    QFETCH(int, chunksPerWorker);
    QFETCH(qint64, thresholdNs);
    VectorSink out;
    ChunkAggregator aggregator(out, thresholdNs);
    std::uint64_t next = 0;
    std::vector<std::int64_t> clock(std::size_t(workers), 0);
    for (int i = 0; i < chunksPerWorker; ++i)
        for (int w = 0; w < workers; ++w) {
            // Spans from 1 µs to 3 ms, so some chunks pass straight through.
            const std::int64_t length = 1000 + (i * 7919 + w * 104729) % 3'000'000;
            const std::uint64_t items = 1 + std::uint64_t(i + w) % 5;
            aggregator.record(chunk(w, next, items, clock[std::size_t(w)], clock[std::size_t(w)] + length));
            next += items;
            clock[std::size_t(w)] += length;
        }
    aggregator.record(finished());
    const auto events = out.take();

    std::uint64_t chunks = 0;
    QCOMPARE(totalItems(events, &chunks), next);
    QCOMPARE(chunks, std::uint64_t(workers) * std::uint64_t(chunksPerWorker));
    QVERIFY(events.back() == finished());
    if (thresholdNs == 0) QCOMPARE(events.size(), std::size_t(workers * chunksPerWorker + 1));
    if (thresholdNs == kI64Max) QCOMPARE(events.size(), std::size_t(workers + 1));
    // Per worker, merged chunks still follow one another in time.
    std::vector<std::int64_t> lastEnd(std::size_t(workers), -1);
    for (const auto& e : events)
        if (const auto* c = std::get_if<ChunkEvent>(&e.body)) {
            QVERIFY(c->startNs >= lastEnd[std::size_t(c->worker)]);
            lastEnd[std::size_t(c->worker)] = c->endNs;
        }
}

void TestChunkAggregator::aggregatorIsThreadSafe() {
    VectorSink out;
    constexpr int kThreads = 6;
    constexpr int kEach = 3000;
    {
        ChunkAggregator aggregator(out, 50'000);
        std::vector<std::thread> threads;
        for (int w = 0; w < kThreads; ++w)
            threads.emplace_back([&aggregator, w] {
                for (int i = 0; i < kEach; ++i)
                    aggregator.record(
                        chunk(w, std::uint64_t(w) * kEach + std::uint64_t(i), 1, i * 1000, i * 1000 + 900));
            });
        for (auto& t : threads)
            t.join();
    } // the destructor flushes the rest
    std::uint64_t chunks = 0;
    QCOMPARE(totalItems(out.events(), &chunks), std::uint64_t(kThreads * kEach));
    QCOMPARE(chunks, std::uint64_t(kThreads * kEach));
}

void TestChunkAggregator::aggregatorShowsOneChunkPerSpanWhole_data() {
    QTest::addColumn<qint64>("thresholdNs");
    QTest::addColumn<qint64>("chunkNs");
    QTest::newRow("tiny chunks") << qint64(1000) << qint64(30);
    QTest::newRow("chunks as long as the threshold") << qint64(1000) << qint64(1000);
    QTest::newRow("long chunks pass whole") << qint64(1000) << qint64(5000);
    QTest::newRow("threshold zero shows all") << qint64(0) << qint64(10);
}

// Three workers, each handed two chunks at a time like the process pool: per worker at most one
// chunk_dispatched per threshold span; a chunk_started exactly for the chunks shown as dispatched; and every
// chunk counted, shown or hidden.
void TestChunkAggregator::aggregatorShowsOneChunkPerSpanWhole() {
    QFETCH(qint64, thresholdNs);
    QFETCH(qint64, chunkNs);
    VectorSink out;
    ChunkAggregator aggregator(out, thresholdNs);
    constexpr int kWorkers = 3, kChunks = 400;
    std::uint64_t next = 0;
    for (int i = 0; i < kChunks; ++i)
        for (int w = 0; w < kWorkers; ++w) {
            const std::int64_t begin = i * chunkNs;
            const auto first = next++;
            aggregator.record(Event{begin, ChunkDispatchedEvent{w, first, 1, 8, 0}});
            aggregator.record(Event{begin + chunkNs / 3, ChunkStartedEvent{w, first, 1, w}});
            aggregator.record(chunk(w, first, 1, begin + chunkNs / 3, begin + chunkNs));
        }
    aggregator.record(finished());
    const auto events = out.take();

    std::map<int, std::int64_t> lastDispatched;
    std::map<int, std::uint64_t> counted;
    std::set<std::pair<int, std::uint64_t>> shown;
    int starts = 0;
    for (const auto& e : events) {
        if (const auto* d = std::get_if<ChunkDispatchedEvent>(&e.body)) {
            if (lastDispatched.count(d->worker)) QVERIFY(e.t - lastDispatched[d->worker] >= thresholdNs);
            lastDispatched[d->worker] = e.t;
            counted[d->worker] += 1 + d->skipped;
            shown.insert({d->worker, d->firstItem});
        } else if (const auto* st = std::get_if<ChunkStartedEvent>(&e.body)) {
            QVERIFY(shown.erase({st->worker, st->firstItem}) == 1); // shown whole, and begun once
            ++starts;
        }
    }
    QVERIFY(shown.empty()); // every chunk shown as dispatched was shown beginning
    for (int w = 0; w < kWorkers; ++w) {
        QVERIFY(counted[w] <= std::uint64_t(kChunks)); // the ones after the last shown are not counted yet
        QVERIFY(counted[w] + std::uint64_t(thresholdNs / std::max<qint64>(chunkNs, 1)) + 1 >= kChunks);
    }
    if (thresholdNs == 0 || chunkNs >= thresholdNs) QCOMPARE(starts, kWorkers * kChunks);
    std::uint64_t chunks = 0;
    QCOMPARE(totalItems(events, &chunks), std::uint64_t(kWorkers * kChunks));
    QCOMPARE(chunks, std::uint64_t(kWorkers * kChunks));
}

void TestChunkAggregator::spacingAtSourceAndAggregatorAgree() {
    // Uneven times: the source keeps some, and the aggregator, with the same spacing, keeps exactly those.
    std::mt19937_64 random(7);
    std::vector<std::int64_t> times;
    std::int64_t t = 0;
    for (int i = 0; i < 5000; ++i)
        times.push_back(t += std::int64_t(random() % 700));
    ChunkEventSpacing direct(1000), source(1000);
    VectorSink out;
    ChunkAggregator aggregator(out, 1000);
    std::vector<std::pair<std::int64_t, std::uint64_t>> expected;
    for (std::size_t i = 0; i < times.size(); ++i) {
        if (const auto hidden = direct.show(times[i])) expected.push_back({times[i], *hidden});
        if (const auto hidden = source.show(times[i]))
            aggregator.record(Event{times[i], ChunkDispatchedEvent{0, i, 1, 0, *hidden}});
    }
    std::vector<std::pair<std::int64_t, std::uint64_t>> got;
    for (const auto& e : out.take())
        got.push_back({e.t, std::get<ChunkDispatchedEvent>(e.body).skipped});
    QVERIFY(got == expected);
    QVERIFY(got.size() < times.size() / 2);
}

void TestChunkAggregator::aggregatorPassesGilLockAndSegmentEvents() {
    VectorSink out;
    ChunkAggregator aggregator(out, 1'000'000);
    const std::vector<Event> others = {Event{1, GilEvent{0, 1, 0, 1, 1, {1}, {0}}},
                                       Event{2, LockEvent{"counter", 0, 1, 5, 100}},
                                       Event{3, SegmentEvent{"created", "/mpwb-1-0-1", 64, -1, 1}}};
    for (const auto& e : others)
        aggregator.record(e);
    QVERIFY(out.take() == others);
}

QTEST_GUILESS_MAIN(TestChunkAggregator)
void TestChunkAggregator::anEndedWorkersChunksGoBeforeTheNews() {
    // A Python pool's worker killed or retired: its held chunks are written before its worker_ended, and the
    // other workers' stay held.
    VectorSink out;
    ChunkAggregator aggregator(out, 1000);
    aggregator.record(chunk(0, 0, 1, 0, 100));
    aggregator.record(chunk(1, 1, 1, 0, 100));
    QCOMPARE(out.size(), 0u);
    aggregator.record(Event{200, WorkerEndedEvent{0, 4242, 0, 9, false}});
    const auto events = out.take();
    QCOMPARE(events.size(), 2u);
    QCOMPARE(std::get<ChunkEvent>(events[0].body).worker, 0);
    QVERIFY(std::holds_alternative<WorkerEndedEvent>(events[1].body));
    aggregator.flush();
    QCOMPARE(std::get<ChunkEvent>(out.take().at(0).body).worker, 1);
}

#include "tst_chunkaggregator.moc"
