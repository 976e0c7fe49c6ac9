// SPDX-License-Identifier: GPL-3.0-or-later
// Every backend gives the same results in the same order as a plain loop, and fails cleanly: a task that
// throws, a worker that dies, a cancel. No worker process outlives a map that failed or was cancelled. The
// gil-threads backend's own rules are tst_gil_backend.
#include <QtTest>

#include <atomic>
#include <csignal>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

#include "backend_choices.h"
#include "errors.h"
#include "event_stream.h"
#include "executor.h"
#include "process_census.h"
#include "task_registry.h"
#include "test_tasks.h"

using namespace mpwb;

class TestExecutor : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sameResultsInOrder_data();
    void sameResultsInOrder();
    void emptyInput_data();
    void emptyInput();
    void unregisteredTaskIsRefusedBeforeAnythingStarts();
    void shippedWorkerKnowsNoTestTask_data();
    void shippedWorkerKnowsNoTestTask();
    void invalidOptionsAreRefused();
    void taskThatThrowsNamesTheItem_data();
    void taskThatThrowsNamesTheItem();
    void workerThatExitsIsReported();
    void workerKilledMidRunIsReportedAndOthersReaped_data();
    void workerKilledMidRunIsReportedAndOthersReaped();
    void cancelStopsEverything_data();
    void cancelStopsEverything();
    void submitRunsOneItem();
    void workerStartupIsReported_data();
    void workerStartupIsReported();
    void chunksAreReportedWhileTheyHappen_data();
    void chunksAreReportedWhileTheyHappen();
    void hiddenChunksAreCountedNotShown_data();
    void hiddenChunksAreCountedNotShown();
};

void TestExecutor::initTestCase() {
    // As every program of ours does: a worker that died shows as EPIPE on the next write, not as our death.
    std::signal(SIGPIPE, SIG_IGN);
    registerTestTasks(TaskRegistry::instance());
}

void TestExecutor::sameResultsInOrder_data() {
    QTest::addColumn<int>("backend");
    QTest::addColumn<int>("workers");
    QTest::addColumn<quint64>("chunksize");
    const quint64 n = 37;
    for (int b = 0; b < int(std::size(kBackends)); ++b)
        for (int w : {1, 2, 8})
            for (quint64 c : {quint64(1), quint64(3), quint64(6), n, n + 10})
                QTest::addRow("%s, %d workers, chunksize %llu", kBackends[b].name, w,
                              static_cast<unsigned long long>(c))
                    << b << w << c;
}

void TestExecutor::sameResultsInOrder() {
    QFETCH(int, backend);
    QFETCH(int, workers);
    QFETCH(quint64, chunksize);
    std::vector<Bytes> items;
    for (std::uint64_t i = 0; i < 37; ++i) {
        Bytes b;
        ByteWriter(b).put<std::uint64_t>(i * 1'000'003 + 7);
        items.push_back(b);
    }
    VectorItems source(items);
    VectorResults results;
    auto executor = makeExecutor(optionsFor(kBackends[backend].backend, kBackends[backend].start, workers));
    executor->start();
    const auto outcome = executor->map(MapJob{"square", &source, chunksize}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Ok));
    QCOMPARE(results.results().size(), items.size());
    for (std::uint64_t i = 0; i < items.size(); ++i) {
        QCOMPARE(results.indices()[i], i);
        const auto v = static_cast<unsigned __int128>(i * 1'000'003 + 7);
        ByteReader r(results.results()[i]);
        QVERIFY(r.getU128() == v * v);
    }
    executor->shutdown();
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::emptyInput_data() {
    QTest::addColumn<int>("backend");
    for (int b = 0; b < int(std::size(kBackends)); ++b)
        QTest::newRow(kBackends[b].name) << b;
}

void TestExecutor::emptyInput() {
    QFETCH(int, backend);
    VectorItems none({});
    VectorResults results;
    auto executor = makeExecutor(optionsFor(kBackends[backend].backend, kBackends[backend].start, 2));
    const auto outcome = executor->map(MapJob{"square", &none, 0}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Ok));
    QVERIFY(results.results().empty());
    QCOMPARE(outcome.chunks, quint64(0));
}

void TestExecutor::unregisteredTaskIsRefusedBeforeAnythingStarts() {
    VectorItems items(encodeAll({1, 2, 3}));
    VectorResults results;
    auto executor = makeExecutor(optionsFor(Backend::Processes, StartMethod::Fork, 2));
    try {
        executor->map(MapJob{"a-lambda-nobody-registered", &items, 1}, results);
        QFAIL("an unregistered task was accepted");
    } catch (const BadRequest& e) {
        QVERIFY(QString(e.what()).contains("not registered"));
        QVERIFY(QString(e.what()).contains("lambda"));
    }
    QVERIFY(executor->workerProcesses().empty());
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::shippedWorkerKnowsNoTestTask_data() {
    QTest::addColumn<QString>("task");
    for (const char* task :
         {"fail-if-negative", "exit-if-negative", "sleep-us", "spin-us", "spin-forever", "print-and-square"})
        QTest::newRow(task) << QString(task);
}

// The tests' own tasks are known here and in mpwb-test-worker, never in the mpwb-worker that is shipped.
void TestExecutor::shippedWorkerKnowsNoTestTask() {
    QFETCH(QString, task);
    auto o = optionsFor(Backend::Processes, StartMethod::Spawn, 1);
    o.workerProgram = MPWB_WORKER_PATH;
    o.stallTimeout = std::chrono::seconds(5); // were spin-forever known there, the run would end as a stall
    VectorItems items(encodeAll({1}));
    VectorResults results;
    auto executor = makeExecutor(o);
    const auto outcome = executor->map(MapJob{task.toStdString(), &items, 1}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Failed));
    const auto message = QString::fromStdString(outcome.error->message);
    QVERIFY2(message.contains(QString("task '" + task + "' is not registered in this worker")),
             qPrintable(message));
    executor->shutdown();
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::invalidOptionsAreRefused() {
    QVERIFY_THROWS_EXCEPTION(BadRequest, makeExecutor(optionsFor(Backend::Processes, StartMethod::Fork, 0)));
    QVERIFY_THROWS_EXCEPTION(BadRequest, makeExecutor(optionsFor(Backend::Threads, StartMethod::Fork, -3)));
    QVERIFY_THROWS_EXCEPTION(BadRequest,
                             makeExecutor(optionsFor(Backend::Processes, StartMethod::Fork, 100000)));
    auto o = optionsFor(Backend::Processes, StartMethod::Spawn, 2);
    o.workerProgram = "/nonexistent/mpwb-worker";
    auto executor = makeExecutor(o);
    try {
        executor->start();
        QFAIL("a missing worker program was accepted");
    } catch (const std::runtime_error& e) {
        QVERIFY2(QString(e.what()).contains("/nonexistent/mpwb-worker"), e.what());
    }
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::taskThatThrowsNamesTheItem_data() {
    emptyInput_data();
}

void TestExecutor::taskThatThrowsNamesTheItem() {
    QFETCH(int, backend);
    std::vector<std::int64_t> values(40);
    for (int i = 0; i < 40; ++i)
        values[i] = i;
    values[13] = -5;
    VectorItems items(encodeAll(values));
    VectorResults results;
    auto executor = makeExecutor(optionsFor(kBackends[backend].backend, kBackends[backend].start, 2));
    const auto outcome = executor->map(MapJob{"fail-if-negative", &items, 4}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Failed));
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->kind, std::string("task-failed"));
    QCOMPARE(outcome.error->item, std::int64_t(13));
    QVERIFY2(QString::fromStdString(outcome.error->message).contains("negative input -5"),
             outcome.error->message.c_str());
    QVERIFY(outcome.error->worker >= 0);
    QCOMPARE(outcome.error->chunkFirst, quint64(12)); // chunks of 4: item 13 is in the chunk starting at 12
    QVERIFY(results.results().size() <= 12);          // nothing past the failure is delivered
    executor->shutdown();
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::workerThatExitsIsReported() {
    VectorItems items(encodeAll({1, 2, 3, -7, 5, 6}));
    VectorResults results;
    auto executor = makeExecutor(optionsFor(Backend::Processes, StartMethod::Fork, 2));
    const auto outcome = executor->map(MapJob{"exit-if-negative", &items, 1}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Failed));
    QCOMPARE(outcome.error->kind, std::string("worker-died"));
    QCOMPARE(outcome.error->exitCode, 7);
    QCOMPARE(outcome.error->chunkFirst, quint64(3));
    QVERIFY2(QString::fromStdString(outcome.error->message).contains("exited with status 7"),
             outcome.error->message.c_str());
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::workerKilledMidRunIsReportedAndOthersReaped_data() {
    QTest::addColumn<int>("start");
    QTest::newRow("fork") << int(StartMethod::Fork);
    QTest::newRow("spawn") << int(StartMethod::Spawn);
    QTest::newRow("forkserver") << int(StartMethod::Forkserver);
}

void TestExecutor::workerKilledMidRunIsReportedAndOthersReaped() {
    QFETCH(int, start);
    std::vector<Bytes> items;
    for (int i = 0; i < 400; ++i) {
        Bytes b;
        ByteWriter(b).put<std::uint64_t>(10'000); // 10 ms each: the run takes seconds, the kill comes early
        items.push_back(b);
    }
    VectorItems source(items);
    VectorResults results;
    VectorSink events;
    auto executor = makeExecutor(optionsFor(Backend::Processes, StartMethod(start), 2, &events));
    executor->start();
    const int victim = executor->workerProcesses().at(1).pid;
    std::thread killer([victim] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ::kill(victim, SIGKILL);
    });
    const auto outcome = executor->map(MapJob{"sleep-us", &source, 2}, results);
    killer.join();
    QCOMPARE(int(outcome.status), int(MapStatus::Failed));
    QCOMPARE(outcome.error->kind, std::string("worker-died"));
    QCOMPARE(outcome.error->pid, victim);
    QCOMPARE(outcome.error->worker, 1);
    QCOMPARE(outcome.error->signal, SIGKILL);
    QVERIFY(outcome.error->chunkItems > 0); // it held a chunk, and the message says which
    QVERIFY2(QString::fromStdString(outcome.error->message).contains("signal 9"),
             outcome.error->message.c_str());
    QVERIFY(results.results().size() < items.size());
    QVERIFY(executor->workerProcesses().empty());
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::cancelStopsEverything_data() {
    emptyInput_data();
}

void TestExecutor::cancelStopsEverything() {
    QFETCH(int, backend);
    std::vector<Bytes> items;
    for (int i = 0; i < 200; ++i) {
        Bytes b;
        ByteWriter(b).put<std::uint64_t>(20'000);
        items.push_back(b);
    }
    VectorItems source(items);
    VectorResults results;
    auto executor = makeExecutor(optionsFor(kBackends[backend].backend, kBackends[backend].start, 2));
    executor->start();
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        executor->cancel();
    });
    const auto outcome = executor->map(MapJob{"spin-us", &source, 1}, results);
    canceller.join();
    QCOMPARE(int(outcome.status), int(MapStatus::Cancelled));
    QVERIFY(results.results().size() < items.size());
    executor->shutdown();
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::submitRunsOneItem() {
    auto executor = makeExecutor(optionsFor(Backend::Processes, StartMethod::Fork, 2));
    Bytes item;
    ByteWriter(item).put<std::uint64_t>(12345);
    auto future = executor->submit("square", item);
    const Bytes got = future.get();
    ByteReader r(got);
    QVERIFY(r.getU128() == static_cast<unsigned __int128>(12345) * 12345);
    QVERIFY_THROWS_EXCEPTION(BadRequest, executor->submit("nope", item));
    executor->shutdown();
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::workerStartupIsReported_data() {
    workerKilledMidRunIsReportedAndOthersReaped_data();
}

void TestExecutor::workerStartupIsReported() {
    QFETCH(int, start);
    VectorSink events;
    auto executor = makeExecutor(optionsFor(Backend::Processes, StartMethod(start), 3, &events));
    executor->start();
    int started = 0;
    for (const auto& e : events.events())
        if (const auto* w = std::get_if<WorkerStartedEvent>(&e.body)) {
            ++started;
            QVERIFY(w->pid > 0);
            QVERIFY(w->startupNs > 0);
            QCOMPARE(w->startMethod, startMethodName(StartMethod(start)));
        }
    QCOMPARE(started, 3);
    executor->shutdown();
    QVERIFY(childProcesses(getpid()).empty());
}

void TestExecutor::chunksAreReportedWhileTheyHappen_data() {
    emptyInput_data();
}

// With no spacing every chunk is shown: handed out, begun, finished, in that order and at the same times as
// its chunk event says.
void TestExecutor::chunksAreReportedWhileTheyHappen() {
    QFETCH(int, backend);
    std::vector<Bytes> items;
    for (int i = 0; i < 30; ++i) {
        Bytes b;
        ByteWriter(b).put<std::uint64_t>(200);
        items.push_back(b);
    }
    VectorItems source(items);
    VectorResults results;
    VectorSink events;
    auto o = optionsFor(kBackends[backend].backend, kBackends[backend].start, 2, &events);
    o.switchInterval = std::chrono::microseconds(300);
    auto executor = makeExecutor(o);
    const auto outcome = executor->map(MapJob{"spin-us", &source, 2}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Ok));
    executor->shutdown();

    struct Seen {
        int dispatched = 0, started = 0, finished = 0;
        std::int64_t dispatchedAt = 0, startedAt = 0;
        int worker = -1;
    };
    std::map<std::uint64_t, Seen> byFirst;
    for (const auto& e : events.events()) {
        if (const auto* d = std::get_if<ChunkDispatchedEvent>(&e.body)) {
            auto& s = byFirst[d->firstItem];
            QCOMPARE(s.dispatched, 0);
            QCOMPARE(d->skipped, quint64(0));
            QCOMPARE(d->items, quint64(2));
            ++s.dispatched;
            s.dispatchedAt = e.t;
            s.worker = d->worker;
        } else if (const auto* st = std::get_if<ChunkStartedEvent>(&e.body)) {
            auto& s = byFirst[st->firstItem];
            QCOMPARE(s.dispatched, 1); // never begun before it was handed out
            QCOMPARE(s.started, 0);
            QCOMPARE(st->worker, s.worker);
            QVERIFY(e.t >= s.dispatchedAt);
            ++s.started;
            s.startedAt = e.t;
        } else if (const auto* c = std::get_if<ChunkEvent>(&e.body)) {
            auto& s = byFirst[c->firstItem];
            QCOMPARE(s.started, 1);
            QCOMPARE(c->worker, s.worker);
            QCOMPARE(c->dispatchNs, s.dispatchedAt);
            QCOMPARE(c->startNs, s.startedAt);
            ++s.finished;
        }
    }
    QCOMPARE(byFirst.size(), std::size_t(15));
    for (const auto& [first, s] : byFirst)
        QVERIFY2(s.dispatched == 1 && s.started == 1 && s.finished == 1, qPrintable(QString::number(first)));
}

void TestExecutor::hiddenChunksAreCountedNotShown_data() {
    emptyInput_data();
}

// With a spacing longer than the run only each worker's first chunk is shown; the rest are counted by the
// chunk events, and a chunk never begins on screen unless it was handed out on screen.
void TestExecutor::hiddenChunksAreCountedNotShown() {
    QFETCH(int, backend);
    VectorItems source(encodeAll(std::vector<std::int64_t>(64, 7)));
    VectorResults results;
    VectorSink events;
    auto o = optionsFor(kBackends[backend].backend, kBackends[backend].start, 2, &events);
    o.chunkEventSpacingNs = 3'600'000'000'000;
    auto executor = makeExecutor(o);
    const auto outcome = executor->map(MapJob{"fail-if-negative", &source, 1}, results);
    QCOMPARE(int(outcome.status), int(MapStatus::Ok));
    executor->shutdown();
    std::map<int, int> dispatchedPerWorker;
    std::set<std::pair<int, std::uint64_t>> shown;
    std::uint64_t chunks = 0;
    for (const auto& e : events.events()) {
        if (const auto* d = std::get_if<ChunkDispatchedEvent>(&e.body)) {
            ++dispatchedPerWorker[d->worker];
            QCOMPARE(d->skipped, quint64(0));
            shown.insert({d->worker, d->firstItem});
        } else if (const auto* st = std::get_if<ChunkStartedEvent>(&e.body)) {
            QVERIFY(shown.count({st->worker, st->firstItem}));
        } else if (const auto* c = std::get_if<ChunkEvent>(&e.body)) {
            chunks += c->merged;
        }
    }
    for (const auto& [worker, n] : dispatchedPerWorker)
        QCOMPARE(n, 1);
    QVERIFY(!dispatchedPerWorker.empty());
    QCOMPARE(chunks, quint64(64));
}

QTEST_GUILESS_MAIN(TestExecutor)
#include "tst_executor.moc"
