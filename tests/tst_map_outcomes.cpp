// SPDX-License-Identifier: GPL-3.0-or-later
// How every backend ends a map that does not simply succeed: whoever throws (the item source, the result
// sink), the map fails with an error saying what, never std::terminate nor an escaping exception, with every
// thread joined and every worker reaped; a cancel ends the map it meets, and only that one.
#include <QtTest>

#include <csignal>
#include <thread>
#include <unistd.h>

#include "backend_choices.h"
#include "executor.h"
#include "process_census.h"
#include "task_registry.h"
#include "test_tasks.h"

using namespace mpwb;

class TestMapOutcomes : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cancelEndsOnlyTheMapThatRuns_data();
    void cancelEndsOnlyTheMapThatRuns();
    void cancelStopsALongChunkBetweenItems_data();
    void cancelStopsALongChunkBetweenItems();
    void throwingSourceOrSinkFailsTheMap_data();
    void throwingSourceOrSinkFailsTheMap();
};

void TestMapOutcomes::initTestCase() {
    // As every program of ours does: a worker that died shows as EPIPE on the next write, not as our death.
    std::signal(SIGPIPE, SIG_IGN);
    registerTestTasks(TaskRegistry::instance());
}

namespace {

// Items 0..n-1 as u64, throwing when asked for item `throwAt` (if any).
class CountingItems : public ItemSource {
public:
    CountingItems(std::uint64_t n, std::int64_t throwAt) : m_n(n), m_throwAt(throwAt) {}
    std::uint64_t count() const override { return m_n; }
    void encode(std::uint64_t index, ByteWriter& out) const override {
        if (static_cast<std::int64_t>(index) == m_throwAt)
            throw std::runtime_error("the item source cannot read item " + std::to_string(index));
        out.put<std::uint64_t>(index);
    }

private:
    std::uint64_t m_n;
    std::int64_t m_throwAt;
};

// Keeps results, throwing on result `throwAt` (if any), as a sink writing to a full disk would.
class ThrowingResults : public VectorResults {
public:
    explicit ThrowingResults(std::int64_t throwAt) : m_throwAt(throwAt) {}
    void accept(std::uint64_t index, ByteReader& result) override {
        if (static_cast<std::int64_t>(index) == m_throwAt)
            throw std::runtime_error("the result sink cannot keep result " + std::to_string(index));
        VectorResults::accept(index, result);
    }

private:
    std::int64_t m_throwAt;
};

} // namespace

void TestMapOutcomes::cancelEndsOnlyTheMapThatRuns_data() {
    QTest::addColumn<int>("backend");
    for (int b = 0; b < int(std::size(kBackends)); ++b)
        QTest::newRow(kBackends[b].name) << b;
}

// A cancel ends the map that runs; the next map on the same executor runs to the end, and so does one after a
// cancel that came while nothing ran and was used up by the map it ended.
void TestMapOutcomes::cancelEndsOnlyTheMapThatRuns() {
    QFETCH(int, backend);
    auto executor = makeExecutor(optionsFor(kBackends[backend].backend, kBackends[backend].start, 2));
    std::vector<Bytes> slow;
    for (int i = 0; i < 200; ++i) {
        Bytes b;
        ByteWriter(b).put<std::uint64_t>(20'000);
        slow.push_back(b);
    }
    VectorItems slowItems(slow);
    VectorResults first;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        executor->cancel();
    });
    const auto cancelled = executor->map(MapJob{"spin-us", &slowItems, 1}, first);
    canceller.join();
    QCOMPARE(int(cancelled.status), int(MapStatus::Cancelled));

    CountingItems items(1000, -1);
    for (int round = 0; round < 2; ++round) {
        VectorResults results;
        const auto outcome = executor->map(MapJob{"square", &items, 7}, results);
        QCOMPARE(int(outcome.status), int(MapStatus::Ok));
        QCOMPARE(results.results().size(), std::size_t(1000));
    }
    executor->cancel(); // asked while idle: ends the next map, and only that one
    VectorResults ended, after;
    QCOMPARE(int(executor->map(MapJob{"spin-us", &slowItems, 1}, ended).status), int(MapStatus::Cancelled));
    QCOMPARE(int(executor->map(MapJob{"square", &items, 7}, after).status), int(MapStatus::Ok));
    executor->shutdown();
    QVERIFY(childProcesses(getpid()).empty());
}

void TestMapOutcomes::cancelStopsALongChunkBetweenItems_data() {
    cancelEndsOnlyTheMapThatRuns_data();
}

// One chunk of 400 items of 25 ms each: 10 s of work per worker that no chunk boundary interrupts. A thread
// cannot be killed, so the backends that run tasks in this process stop it between two items; processes are
// killed. Either way the cancel ends the map long before the chunk would have, with no result delivered.
void TestMapOutcomes::cancelStopsALongChunkBetweenItems() {
    QFETCH(int, backend);
    auto executor = makeExecutor(optionsFor(kBackends[backend].backend, kBackends[backend].start, 2));
    executor->start();
    std::vector<Bytes> slow;
    for (int i = 0; i < 800; ++i) {
        Bytes b;
        ByteWriter(b).put<std::uint64_t>(25'000);
        slow.push_back(b);
    }
    VectorItems slowItems(slow);
    VectorResults results;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        executor->cancel();
    });
    const auto begin = std::chrono::steady_clock::now();
    const auto outcome = executor->map(MapJob{"spin-us", &slowItems, 400}, results);
    const auto took = std::chrono::steady_clock::now() - begin;
    canceller.join();
    QCOMPARE(int(outcome.status), int(MapStatus::Cancelled));
    QVERIFY(results.results().empty());
    // 10 s if the chunk had run to its end; a busy machine may slow the 300 ms and one item a little.
    QVERIFY2(took < std::chrono::seconds(4), "the cancel waited for the chunk to end");
    executor->shutdown();
    QVERIFY(childProcesses(getpid()).empty());
}

void TestMapOutcomes::throwingSourceOrSinkFailsTheMap_data() {
    QTest::addColumn<int>("backend");
    QTest::addColumn<bool>("sourceThrows");
    for (int b = 0; b < int(std::size(kBackends)); ++b) {
        QTest::newRow((std::string(kBackends[b].name) + " source").c_str()) << b << true;
        QTest::newRow((std::string(kBackends[b].name) + " sink").c_str()) << b << false;
    }
}

// Whoever throws, the map fails with an error saying what (never std::terminate, never an escaping
// exception), every thread is joined and every worker reaped; and the executor can run the next map.
void TestMapOutcomes::throwingSourceOrSinkFailsTheMap() {
    QFETCH(int, backend);
    QFETCH(bool, sourceThrows);
    auto executor = makeExecutor(optionsFor(kBackends[backend].backend, kBackends[backend].start, 3));
    CountingItems items(5000, sourceThrows ? 2345 : -1);
    ThrowingResults results(sourceThrows ? -1 : 2345);
    MapOutcome outcome;
    try {
        outcome = executor->map(MapJob{"square", &items, 10}, results);
    } catch (const std::exception& e) {
        QFAIL(qPrintable(QString("the exception escaped map(): ") + e.what()));
    }
    QCOMPARE(int(outcome.status), int(MapStatus::Failed));
    QVERIFY(outcome.error);
    QCOMPARE(QString::fromStdString(outcome.error->kind), QString("internal"));
    QVERIFY2(outcome.error->message.find(sourceThrows
                                             ? "item source cannot read item 2345"
                                             : "result sink cannot keep result 2345") != std::string::npos,
             outcome.error->message.c_str());
    QVERIFY(results.results().size() <= 2345);
    QVERIFY(executor->workerProcesses().empty());
    QVERIFY(childProcesses(getpid()).empty());

    CountingItems fine(100, -1);
    VectorResults again;
    QCOMPARE(int(executor->map(MapJob{"square", &fine, 10}, again).status), int(MapStatus::Ok));
    QCOMPARE(again.results().size(), std::size_t(100));
    executor->shutdown();
    QVERIFY(childProcesses(getpid()).empty());
}

QTEST_GUILESS_MAIN(TestMapOutcomes)
#include "tst_map_outcomes.moc"
