// SPDX-License-Identifier: GPL-3.0-or-later
// Faults of the process pool, started by fork, by spawn and by forkserver: a cancel during start-up, Ctrl-C
// reaching the whole process group, workers that cannot start, a task printing to stdout (stalls:
// tst_pool_stalls). Each is checked for the same four things: it ends within its deadline, no process of the
// run is left, nor any /dev/shm segment of it, and the error is named and structured (with a non-zero exit
// status from the runner).
#include <QtTest>

#include <QTemporaryDir>
#include <csignal>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

#include "executor.h"
#include "pool_faults.h"
#include "process_census.h"
#include "runner_process.h"
#include "task_registry.h"
#include "test_tasks.h"

using namespace mpwb;

class TestPoolFaults : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void cancelDuringStartUpIsCancelled_data();
    void cancelDuringStartUpIsCancelled();
    void ctrlCToTheProcessGroupCancels_data() { addStartMethodRows(); }
    void ctrlCToTheProcessGroupCancels();
    void unusableWorkerProgramIsNamed_data();
    void unusableWorkerProgramIsNamed();
    void processLimitReachedPartway_data() { addStartMethodRows(); }
    void processLimitReachedPartway();
    void openFileLimitReachedPartway_data() { addStartMethodRows(); }
    void openFileLimitReachedPartway();
    void strayPrintfInATaskStaysOffStdout_data() { addStartMethodRows(); }
    void strayPrintfInATaskStaysOffStdout();
};

namespace {

// A runner (in a process group of its own) that must fail to start a worker partway, with `because` in its
// message: exit 1, kind worker-start-failed naming a worker after the first and the start method, what to
// try, and nothing of it left.
void expectStartFailure(QProcess& runner, int start, const QString& because) {
    QVERIFY(runner.waitForStarted());
    const int group = static_cast<int>(runner.processId());
    QVERIFY(runner.waitForFinished(10000));
    const auto out = runner.readAllStandardOutput();
    QVERIFY2(runner.exitCode() == 1, QByteArray(out + runner.readAllStandardError()).constData());
    const auto error = errorOf(out);
    QCOMPARE(error.value("kind").toString(), QString("worker-start-failed"));
    const int worker = error.value("worker").toInt();
    const auto message = error.value("message").toString();
    QVERIFY2(worker >= 1 &&
                 message.startsWith(QString("worker %1 could not be started by %2")
                                        .arg(worker)
                                        .arg(startMethodName(StartMethod(start)).c_str())) &&
                 message.contains(because) && message.contains("try fewer workers"),
             qPrintable(message));
    QVERIFY(runnerLeftNothing(group));
}

} // namespace

void TestPoolFaults::initTestCase() {
    std::signal(SIGPIPE, SIG_IGN); // as every program of ours does
    registerTestTasks(TaskRegistry::instance());
}

// The two properties every test shares: nothing of the run is left.
void TestPoolFaults::cleanup() {
    QVERIFY(childProcesses(getpid()).empty());
    QVERIFY(segmentsOf(getpid()).isEmpty());
}

void TestPoolFaults::cancelDuringStartUpIsCancelled_data() {
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("delayUs");
    for (auto method : {StartMethod::Fork, StartMethod::Spawn, StartMethod::Forkserver})
        for (int delay : {0, 500, 3000, 15000, 300000}) // the last: after start-up, before the map
            QTest::addRow("%s after %d us", startMethodName(method).c_str(), delay) << int(method) << delay;
}

// Whenever the cancel comes while eight workers start, the map that follows is Cancelled (not a failure),
// within a second, with every worker reaped; and the next map on the same executor runs normally.
void TestPoolFaults::cancelDuringStartUpIsCancelled() {
    QFETCH(int, start);
    QFETCH(int, delayUs);
    auto executor = makeExecutor(poolOptions(StartMethod(start), 8, std::chrono::milliseconds(10000)));
    auto items = sameItems(400, 20'000);
    Clock::time_point cancelledAt;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
        cancelledAt = Clock::now();
        executor->cancel();
    });
    MapOutcome outcome;
    VectorResults results;
    executor->start();
    if (!executor->workerProcesses().empty()) canceller.join(); // start-up won the race: cancel the map
    outcome = executor->map(MapJob{"spin-us", &items, 1}, results);
    if (canceller.joinable()) canceller.join();
    QVERIFY2(secondsSince(cancelledAt) < 1.5, "a cancel must act within a second");
    QCOMPARE(int(outcome.status), int(MapStatus::Cancelled));
    QVERIFY(executor->workerProcesses().empty());
    QVERIFY(childProcesses(getpid()).empty());

    auto quick = sameItems(50, 3);
    VectorResults after;
    QCOMPARE(int(executor->map(MapJob{"square", &quick, 5}, after).status), int(MapStatus::Ok));
    QCOMPARE(after.results().size(), std::size_t(50));
    executor->shutdown();
}

// Ctrl-C in a terminal sends SIGINT to the whole process group, workers included. Only the runner acts on
// it: every time, at every moment of the run (workers starting or working), the run ends as cancelled with
// exit status 130 and nothing left.
void TestPoolFaults::ctrlCToTheProcessGroupCancels() {
    QFETCH(int, start);
    QTemporaryDir dir;
    for (int round = 0; round < 10; ++round) {
        const QString events = dir.filePath(QString("run%1.jsonl").arg(round));
        QProcess runner;
        // setsid execs the runner as the leader of a new process group (it is not one already).
        runner.start("setsid",
                     {MPWB_RUN_PATH, "run", "sum-squares", "--n", "8000000000", "--workers", "8", "--start",
                      startMethodName(StartMethod(start)).c_str(), "--events", events, "--json"});
        QVERIFY(runner.waitForStarted());
        const int group = static_cast<int>(runner.processId());
        // From the moment the runner can hear it (run_started, read from the live .incomplete- file: its
        // handler is set, no worker yet), at staggered moments that cover worker start-up and work.
        QTRY_VERIFY_WITH_TIMEOUT(eventsIn(events).size() >= 2, 10000);
        std::this_thread::sleep_for(std::chrono::milliseconds(round * round * 4));
        QCOMPARE(::kill(-group, SIGINT), 0);
        const auto sent = Clock::now();
        QVERIFY(runner.waitForFinished(10000));
        QVERIFY2(secondsSince(sent) < 2, "Ctrl-C must end the run within a second");
        const auto out = runner.readAllStandardOutput();
        QVERIFY2(runner.exitStatus() == QProcess::NormalExit && runner.exitCode() == 130,
                 qPrintable(QString("round %1: exit %2: %3 %4")
                                .arg(round)
                                .arg(runner.exitCode())
                                .arg(QString(out))
                                .arg(QString(runner.readAllStandardError()))));
        QCOMPARE(QJsonDocument::fromJson(out).object().value("status").toString(), QString("cancelled"));
        QVERIFY2(runnerLeftNothing(group), "a worker outlived its runner, or a segment did");
    }
}

void TestPoolFaults::unusableWorkerProgramIsNamed_data() {
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("says");
    for (const char* start : {"spawn", "forkserver"}) { // the two that start a program
        QTest::addRow("%s, missing", start) << start << "/nonexistent/mpwb-worker"
                                            << "does not exist";
        QTest::addRow("%s, not executable", start)
            << start << QString(MPWB_SOURCE_DIR "/CMakeLists.txt") << "cannot be run";
        QTest::addRow("%s, exits at once", start) << start << "/bin/true"
                                                  << "exited with status 0 before it was ready";
    }
}

void TestPoolFaults::unusableWorkerProgramIsNamed() {
    QFETCH(QString, start);
    QFETCH(QString, program);
    QFETCH(QString, says);
    QProcess runner;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("MPWB_WORKER", program);
    runner.setProcessEnvironment(env);
    runner.start(MPWB_RUN_PATH, {"run", "sum-squares", "--workers", "3", "--start", start, "--json"});
    QVERIFY(runner.waitForStarted());
    const int pid = static_cast<int>(runner.processId());
    QVERIFY(runner.waitForFinished(10000));
    QCOMPARE(runner.exitCode(), 1);
    const auto error = errorOf(runner.readAllStandardOutput());
    QCOMPARE(error.value("kind").toString(), QString("worker-start-failed"));
    QCOMPARE(error.value("worker").toInt(), 0);
    const auto message = error.value("message").toString();
    QVERIFY2(message.startsWith("worker 0 could not be started by " + start) && message.contains(program) &&
                 message.contains(says),
             qPrintable(message));
    QVERIFY(childProcesses(pid).empty());
    QVERIFY(segmentsOf(pid).isEmpty());
}

// The limit on processes is reached after two workers: the third cannot be forked or spawned (EAGAIN). The
// run says which worker, how it was started and what to try; the two already started are reaped.
void TestPoolFaults::processLimitReachedPartway() {
    QFETCH(int, start);
    if (QStandardPaths::findExecutable("prlimit").isEmpty()) QSKIP("prlimit is needed to lower the limit");
    QStringList command = {MPWB_RUN_PATH,
                           "run",
                           "sum-squares",
                           "--workers",
                           "6",
                           "--start",
                           startMethodName(StartMethod(start)).c_str(),
                           "--json"};
    // root is not held to RLIMIT_NPROC: run as nobody, which owns no other process here.
    if (getuid() == 0) {
        if (QStandardPaths::findExecutable("setpriv").isEmpty()) QSKIP("setpriv is needed to run as nobody");
        command = QStringList{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"} + command;
    }
    QProcess runner;
    runner.start("setsid", QStringList{"prlimit", "--nproc=3"} + command);
    expectStartFailure(runner, start, "Resource temporarily unavailable");
}

// Each worker costs the runner three descriptors (two pipes and a pidfd): at 64, the pipes of a worker after
// the first dozen or so cannot be made. Named, with what to try, and the workers already started are reaped.
void TestPoolFaults::openFileLimitReachedPartway() {
    QFETCH(int, start);
    if (QStandardPaths::findExecutable("prlimit").isEmpty()) QSKIP("prlimit is needed to lower the limit");
    QProcess runner;
    runner.start("setsid", {"prlimit", "--nofile=64", MPWB_RUN_PATH, "run", "sum-squares", "--workers", "40",
                            "--start", startMethodName(StartMethod(start)).c_str(), "--json"});
    expectStartFailure(runner, start, "ulimit -n");
}

// A task's printf goes to the worker's stderr: the host's stdout (the runner's event stream) gets none of
// it, and a spawned worker's protocol is not disturbed by it.
void TestPoolFaults::strayPrintfInATaskStaysOffStdout() {
    QFETCH(int, start);
    QTemporaryFile captured;
    QVERIFY(captured.open());
    std::fflush(stdout);
    const int savedStdout = ::dup(1);
    ::dup2(captured.handle(), 1);
    auto executor = makeExecutor(poolOptions(StartMethod(start), 2, std::chrono::milliseconds(5000)));
    std::vector<Bytes> values;
    for (std::uint64_t v = 1; v <= 6; ++v) {
        Bytes b;
        ByteWriter(b).put<std::uint64_t>(v);
        values.push_back(b);
    }
    VectorItems items(values);
    VectorResults results;
    const auto outcome = executor->map(MapJob{"print-and-square", &items, 1}, results);
    executor->shutdown();
    std::fflush(stdout);
    ::dup2(savedStdout, 1);
    ::close(savedStdout);
    QVERIFY2(outcome.status == MapStatus::Ok, outcome.error ? outcome.error->message.c_str() : "");
    QCOMPARE(results.results().size(), std::size_t(6));
    for (std::uint64_t v = 1; v <= 6; ++v) {
        ByteReader r(results.results()[v - 1]);
        QVERIFY(r.getU128() == static_cast<unsigned __int128>(v * v));
    }
    QVERIFY2(!captured.readAll().contains("print-and-square"), "a worker wrote to the host's stdout");
}

QTEST_GUILESS_MAIN(TestPoolFaults)
#include "tst_pool_faults.moc"
