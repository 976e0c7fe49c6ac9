// SPDX-License-Identifier: GPL-3.0-or-later
// Stalls of the process pool's workers, started by fork and by spawn: a stopped worker (SIGSTOP) or a task
// stuck in a loop ends the map within the stall timeout, named (worker, pid, chunk, how long), with every
// worker killed and reaped; a chunk of slow items is no stall; SIGCONT in time resumes normally; a cancel
// still works during a stall.
#include <QtTest>

#include <QTemporaryDir>
#include <csignal>
#include <thread>
#include <unistd.h>

#include "executor.h"
#include "pool_faults.h"
#include "process_census.h"
#include "runner_process.h"
#include "stall_watch.h"
#include "task_registry.h"
#include "test_tasks.h"

using namespace mpwb;

class TestPoolStalls : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void stallWatchBlamesOnlyABusyWorkerTheHostWatched();
    void stoppedWorkerIsReportedAsStalled_data() { addStartMethodRows(); }
    void stoppedWorkerIsReportedAsStalled();
    void stalledRunEndsWithTheNamedError_data() { addStartMethodRows(); }
    void stalledRunEndsWithTheNamedError();
    void taskStuckInALoopIsReportedAsStalled_data() { addStartMethodRows(); }
    void taskStuckInALoopIsReportedAsStalled();
    void slowItemsOfABigChunkAreNoStall_data() { addStartMethodRows(); }
    void slowItemsOfABigChunkAreNoStall();
    void itemsThatTurnSlowAreNoStall_data() { addStartMethodRows(); }
    void itemsThatTurnSlowAreNoStall();
    void continuedWorkerResumesNormally_data() { addStartMethodRows(); }
    void continuedWorkerResumesNormally();
    void cancelWorksDuringAStall_data() { addStartMethodRows(); }
    void cancelWorksDuringAStall();
};

void TestPoolStalls::initTestCase() {
    std::signal(SIGPIPE, SIG_IGN); // as every program of ours does
    registerTestTasks(TaskRegistry::instance());
}

// What every test shares: nothing of the run is left.
void TestPoolStalls::cleanup() {
    QVERIFY(childProcesses(getpid()).empty());
    QVERIFY(segmentsOf(getpid()).isEmpty());
}

// The rule alone, on made-up times: an idle worker is never blamed, a busy one is after the timeout without
// progress, and time during which the host itself did not run (stopped by Ctrl-Z with its group) counts
// against nobody.
void TestPoolStalls::stallWatchBlamesOnlyABusyWorkerTheHostWatched() {
    constexpr std::int64_t ms = 1'000'000;
    StallWatch watch(2, std::chrono::milliseconds(1000), 0);
    QVERIFY(watch.on());
    QCOMPARE(QString::fromStdString(watch.timeoutText()), QString("1 s"));
    std::int64_t t = 0;
    // Worker 0 works and reports every 500 ms, worker 1 idles: three seconds, nobody to blame.
    for (int turn = 0; turn < 12; ++turn) {
        t += 250 * ms;
        if (turn % 2 == 0) watch.progress(0, t);
        QVERIFY(!watch.stalled(t, {true, false}));
    }
    // Then both hold a chunk and nothing comes: worker 0 (last report 500 ms ago) is blamed first, once its
    // second without progress is over, not before.
    const std::int64_t lastReport = t - 250 * ms;
    std::optional<std::size_t> blamed;
    while (!blamed) {
        t += 250 * ms;
        blamed = watch.stalled(t, {true, true});
        QVERIFY(blamed || t - lastReport <= 1000 * ms);
    }
    QCOMPARE(*blamed, std::size_t(0));
    QVERIFY(t - lastReport <= 1250 * ms);
    QVERIFY(!StallWatch(1, std::chrono::milliseconds(0), 0).stalled(100'000 * ms, {true}));

    StallWatch paused(1, std::chrono::milliseconds(1000), 0);
    QVERIFY(!paused.stalled(250 * ms, {true}));
    QVERIFY(!paused.stalled(10'250 * ms, {true})); // the host was stopped for ten seconds
    QVERIFY(!paused.stalled(10'500 * ms, {true}));
    QVERIFY(paused.stalled(11'250 * ms, {true})); // but the worker has had 1.25 s since
}

void TestPoolStalls::stoppedWorkerIsReportedAsStalled() {
    QFETCH(int, start);
    auto executor = makeExecutor(poolOptions(StartMethod(start), 2, std::chrono::milliseconds(1000)));
    executor->start();
    const int stopped = executor->workerProcesses().at(1).pid;
    auto items = sameItems(400, 5000); // 5 ms each: 1 s of work for two workers
    VectorResults results;
    Clock::time_point stoppedAt;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        stoppedAt = Clock::now();
        ::kill(stopped, SIGSTOP);
    });
    const auto began = Clock::now();
    const auto outcome = executor->map(MapJob{"sleep-us", &items, 10}, results);
    stopper.join();
    const double reportedAfter = secondsSince(stoppedAt);
    qInfo("stall of a stopped worker reported %.2f s after SIGSTOP (timeout 1 s)", reportedAfter);
    QVERIFY2(secondsSince(began) < 8, "a 1 s stall timeout must end the map within seconds");
    QCOMPARE(int(outcome.status), int(MapStatus::Failed));
    const auto& e = *outcome.error;
    QCOMPARE(QString::fromStdString(e.kind), QString("stalled"));
    QCOMPARE(e.worker, 1);
    QCOMPARE(e.pid, stopped);
    QVERIFY(e.chunk >= 0);
    QCOMPARE(e.chunkItems, std::uint64_t(10));
    QCOMPARE(e.chunkFirst, std::uint64_t(e.chunk) * 10);
    const auto text = QString::fromStdString(e.message);
    QVERIFY2(text.contains(QString("worker 1 (pid %1) completed no item of chunk %2 (items %3-%4) for 1 s")
                               .arg(stopped)
                               .arg(e.chunk)
                               .arg(e.chunkFirst)
                               .arg(e.chunkFirst + 9)) &&
                 text.contains("SIGSTOP"),
             qPrintable(text));
    QVERIFY(reportedAfter > 0.9);
    QVERIFY(executor->workerProcesses().empty());
    QVERIFY(processGone(stopped));
}

// The same through the runner, as a student meets it: a stopped worker ends the run within the timeout it
// states, with exit status 1, the error in --json and in the event stream, and no process left.
void TestPoolStalls::stalledRunEndsWithTheNamedError() {
    QFETCH(int, start);
    QTemporaryDir dir;
    const QString events = dir.filePath("run.jsonl");
    QProcess runner;
    runner.start("setsid", {MPWB_RUN_PATH, "run", "sum-squares", "--n", "8000000000", "--workers", "2",
                            "--start", startMethodName(StartMethod(start)).c_str(), "--stall-timeout", "1",
                            "--events", events, "--json"});
    QVERIFY(runner.waitForStarted());
    const int group = static_cast<int>(runner.processId());
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(events).size() == 2, 10000);
    const int stopped = workerPidsIn(events).at(1);
    QCOMPARE(::kill(stopped, SIGSTOP), 0);
    const auto sent = Clock::now();
    QVERIFY(runner.waitForFinished(10000));
    qInfo("the runner ended %.2f s after SIGSTOP (stall timeout 1 s)", secondsSince(sent));
    QVERIFY(secondsSince(sent) < 5);
    QCOMPARE(runner.exitCode(), 1);
    const auto error = errorOf(runner.readAllStandardOutput());
    QCOMPARE(error.value("kind").toString(), QString("stalled"));
    QCOMPARE(error.value("worker").toInt(), 1);
    QCOMPARE(error.value("pid").toInt(), stopped);
    bool streamed = false;
    for (const auto& e : eventsIn(events))
        if (const auto* err = std::get_if<ErrorEvent>(&e.body))
            streamed = err->kind == "stalled" && err->pid == stopped && err->chunk >= 0;
    QVERIFY(streamed);
    QVERIFY(runnerLeftNothing(group));
}

void TestPoolStalls::taskStuckInALoopIsReportedAsStalled() {
    QFETCH(int, start);
    auto executor = makeExecutor(poolOptions(StartMethod(start), 2, std::chrono::milliseconds(800)));
    auto items = sameItems(6, 0);
    VectorResults results;
    const auto began = Clock::now();
    const auto outcome = executor->map(MapJob{"spin-forever", &items, 1}, results);
    QVERIFY(secondsSince(began) < 8);
    QCOMPARE(int(outcome.status), int(MapStatus::Failed));
    QCOMPARE(QString::fromStdString(outcome.error->kind), QString("stalled"));
    QVERIFY(outcome.error->pid > 0);
    QVERIFY(QString::fromStdString(outcome.error->message).contains("stuck in a loop"));
    QVERIFY(results.results().empty());
}

// Each item takes a quarter of the timeout and each chunk one and a half times it: progress is counted by
// the item, so nothing stalls.
void TestPoolStalls::slowItemsOfABigChunkAreNoStall() {
    QFETCH(int, start);
    auto executor = makeExecutor(poolOptions(StartMethod(start), 2, std::chrono::milliseconds(1000)));
    auto items = sameItems(12, 250'000);
    VectorResults results;
    const auto outcome = executor->map(MapJob{"sleep-us", &items, 6}, results);
    QVERIFY2(outcome.status == MapStatus::Ok, outcome.error ? outcome.error->message.c_str() : "");
    QCOMPARE(results.results().size(), std::size_t(12));
    executor->shutdown();
}

// Thousands of instant items, then slow ones in the same chunk: a worker that judged how often to report
// from the instant items alone would go silent for the slow ones. It does not.
void TestPoolStalls::itemsThatTurnSlowAreNoStall() {
    QFETCH(int, start);
    auto executor = makeExecutor(poolOptions(StartMethod(start), 1, std::chrono::milliseconds(1000)));
    std::vector<Bytes> values;
    for (int i = 0; i < 20006; ++i) {
        Bytes b;
        ByteWriter(b).put<std::uint64_t>(i < 20000 ? 0 : 300'000);
        values.push_back(b);
    }
    VectorItems items(values);
    VectorResults results;
    const auto outcome = executor->map(MapJob{"sleep-us", &items, 20006}, results);
    QVERIFY2(outcome.status == MapStatus::Ok, outcome.error ? outcome.error->message.c_str() : "");
    QCOMPARE(results.results().size(), values.size());
    executor->shutdown();
}

void TestPoolStalls::continuedWorkerResumesNormally() {
    QFETCH(int, start);
    auto executor = makeExecutor(poolOptions(StartMethod(start), 2, std::chrono::milliseconds(2500)));
    executor->start();
    const int pid = executor->workerProcesses().at(0).pid;
    auto items = sameItems(200, 5000);
    VectorResults results;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        ::kill(pid, SIGSTOP);
        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        ::kill(pid, SIGCONT);
    });
    const auto outcome = executor->map(MapJob{"sleep-us", &items, 5}, results);
    stopper.join();
    QVERIFY2(outcome.status == MapStatus::Ok, outcome.error ? outcome.error->message.c_str() : "");
    QCOMPARE(results.results().size(), std::size_t(200));
    executor->shutdown();
}

void TestPoolStalls::cancelWorksDuringAStall() {
    QFETCH(int, start);
    auto executor = makeExecutor(poolOptions(StartMethod(start), 2, std::chrono::milliseconds(30000)));
    auto items = sameItems(4, 0);
    VectorResults results;
    Clock::time_point cancelledAt;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        cancelledAt = Clock::now();
        executor->cancel();
    });
    const auto outcome = executor->map(MapJob{"spin-forever", &items, 1}, results);
    canceller.join();
    QVERIFY2(secondsSince(cancelledAt) < 2, "a cancel must act within a second, stall or not");
    QCOMPARE(int(outcome.status), int(MapStatus::Cancelled));
}

QTEST_GUILESS_MAIN(TestPoolStalls)
#include "tst_pool_stalls.moc"
