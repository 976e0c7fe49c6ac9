// SPDX-License-Identifier: GPL-3.0-or-later
// The forkserver start method: every exercise that allows it gives fork's results; workers are children of
// the fork server, never of the host; a killed worker, or a killed server, is named; cancel, the pool's end
// and the host's death leave no process (the server included); a server that cannot start is named.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <csignal>
#include <set>
#include <thread>

#include "executor.h"
#include "pool_faults.h"
#include "process_census.h"
#include "runner_process.h"
#include "task_registry.h"
#include "test_tasks.h"

using namespace mpwb;

class TestForkserver : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void exercisesGiveForksResults_data();
    void exercisesGiveForksResults();
    void exercisesWithoutItAreRefusedByName();
    void workersAreChildrenOfTheServer();
    void killedWorkerIsNamed();
    void killedServerIsNamed();
    void cancelLeavesNoProcess();
    void missingProgramIsNamed();
    void hostKilledLeavesNoProcess();
};

namespace {

// The fork server of this process's pool: its only child while a forkserver pool is up.
int serverOfThisProcess() {
    const auto children = childProcesses(getpid());
    return children.size() == 1 ? children.front() : -1;
}

int parentOf(int pid) {
    QFile stat(QString("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return -1;
    const auto text = stat.readAll().toStdString();
    int ppid = -1;
    char state = 0;
    const auto close = text.rfind(')');
    if (close == std::string::npos || std::sscanf(text.c_str() + close + 1, " %c %d", &state, &ppid) != 2)
        return -1;
    return ppid;
}

// A pool of `workers` by forkserver, started, with its worker_started events.
struct StartedPool {
    VectorSink events;
    std::unique_ptr<Executor> pool;
    std::vector<WorkerStartedEvent> started;

    explicit StartedPool(int workers) {
        auto options = poolOptions(StartMethod::Forkserver, workers, std::chrono::milliseconds(0));
        options.events = &events;
        pool = makeExecutor(options);
        pool->start();
        for (const auto& e : events.events())
            if (const auto* w = std::get_if<WorkerStartedEvent>(&e.body)) started.push_back(*w);
    }
};

// The result and its checks of one `mpwb-run run ... --json`, the parts that must not depend on how the
// workers started.
QJsonObject resultOf(const QStringList& args) {
    const auto done = runTool(args, 60000);
    const auto o = QJsonDocument::fromJson(done.out).object();
    if (done.exitCode != 0 || o.value("status").toString() != "ok") {
        qWarning("%s", QByteArray(done.out + done.err).constData());
        return {};
    }
    auto checks = o.value("checks").toObject();
    checks.remove("output"); // where the files went, which differs by design
    return {{"result", o.value("result")}, {"correct", o.value("correct")}, {"checks", checks}};
}

// The exercises and their start methods, as mpwb-run lists them.
QJsonArray listedExercises() {
    return QJsonDocument::fromJson(runTool({"list", "--json"}).out).object().value("exercises").toArray();
}

} // namespace

void TestForkserver::initTestCase() {
    std::signal(SIGPIPE, SIG_IGN);
    registerTestTasks(TaskRegistry::instance());
    QVERIFY(!listedExercises().isEmpty());
}

void TestForkserver::cleanup() {
    QVERIFY(childProcesses(getpid()).empty());
    QVERIFY(segmentsOf(getpid()).isEmpty());
}

void TestForkserver::exercisesGiveForksResults_data() {
    QTest::addColumn<QStringList>("args");
    // Small but real runs, each with every check the exercise makes; the counter under its lock, whose
    // count is exact (without it, lost updates differ from run to run by design).
    const std::map<QString, QStringList> small{
        {"sum-squares", {"--n", "3000000"}},
        {"shared-counter", {"--mode", "lock", "--increments", "200000"}},
        {"image-filter", {"--samples", "5", "--size", "64"}},
    };
    for (const auto& v : listedExercises()) {
        const auto e = v.toObject();
        const auto id = e.value("id").toString();
        if (!e.value("start_methods").toArray().contains("forkserver")) continue;
        const auto it = small.find(id);
        QTest::newRow(qPrintable(id))
            << (QStringList{"run", id, "--workers", "3"} + (it == small.end() ? QStringList{} : it->second));
    }
}

// The same run by fork and by forkserver: the same result, and every check passes.
void TestForkserver::exercisesGiveForksResults() {
    QFETCH(QStringList, args);
    QTemporaryDir dir;
    auto run = [&](const QString& start) {
        auto a = args + QStringList{"--start", start, "--json"};
        if (args.contains("image-filter")) a += QStringList{"--output", dir.filePath(start)};
        return resultOf(a);
    };
    const auto fork = run("fork");
    const auto served = run("forkserver");
    QVERIFY(!fork.isEmpty() && !served.isEmpty());
    QVERIFY(served.value("correct").toBool());
    QCOMPARE(served, fork);
}

// An exercise that cannot use it says so before anything starts, and which start methods it supports.
void TestForkserver::exercisesWithoutItAreRefusedByName() {
    int refused = 0;
    for (const auto& v : listedExercises()) {
        const auto e = v.toObject();
        const auto starts = e.value("start_methods").toArray();
        if (starts.isEmpty() || starts.contains("forkserver")) continue;
        const auto id = e.value("id").toString();
        const auto done = runTool({"run", id, "--start", "forkserver", "--json"});
        QCOMPARE(done.exitCode, 2);
        const auto error = errorOf(done.out);
        QCOMPARE(error.value("kind").toString(), QString("bad-request"));
        const auto message = error.value("message").toString();
        QVERIFY2(message.contains("forkserver") && message.contains(id), qPrintable(message));
        for (const auto& s : starts)
            QVERIFY2(message.contains("--start " + s.toString()), qPrintable(message));
        ++refused;
    }
    QVERIFY(refused > 0); // the pipeline's stages inherit its queues: fork only
}

// Each worker says forkserver, has its own pid, and is the server's child, not ours: the host has one child,
// the server, which is mpwb-worker in its server mode.
void TestForkserver::workersAreChildrenOfTheServer() {
    StartedPool p(3);
    QCOMPARE(p.started.size(), std::size_t(3));
    const int server = serverOfThisProcess();
    QVERIFY(server > 0);
    QFile cmdline(QString("/proc/%1/cmdline").arg(server));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    QVERIFY(cmdline.readAll().contains("--fork-server"));
    std::set<int> pids;
    for (const auto& w : p.started) {
        QCOMPARE(w.startMethod, std::string("forkserver"));
        QVERIFY(w.startupNs > 0);
        QCOMPARE(parentOf(w.pid), server);
        pids.insert(w.pid);
    }
    QCOMPARE(pids.size(), std::size_t(3));
    QCOMPARE(childProcesses(server).size(), std::size_t(3));

    auto items = sameItems(90, 7);
    VectorResults results;
    QCOMPARE(int(p.pool->map(MapJob{"square", &items, 4}, results).status), int(MapStatus::Ok));
    QCOMPARE(results.results().size(), std::size_t(90));
    p.pool->shutdown();
    QVERIFY(processGone(server));
    for (int pid : pids)
        QVERIFY(processGone(pid));
}

// A worker killed mid-map ends it as worker-died, naming that worker, its pid and the signal, as the
// server reported it; the server and the other workers are stopped and reaped.
void TestForkserver::killedWorkerIsNamed() {
    StartedPool p(2);
    const int server = serverOfThisProcess();
    const int victim = p.started.at(1).pid;
    auto items = sameItems(400, 10'000);
    std::thread killer([victim] {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        ::kill(victim, SIGKILL);
    });
    VectorResults results;
    const auto outcome = p.pool->map(MapJob{"sleep-us", &items, 1}, results);
    killer.join();
    QCOMPARE(int(outcome.status), int(MapStatus::Failed));
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->kind, std::string("worker-died"));
    QCOMPARE(outcome.error->worker, 1);
    QCOMPARE(outcome.error->pid, victim);
    QCOMPARE(outcome.error->signal, SIGKILL);
    QVERIFY2(outcome.error->message.find("pid " + std::to_string(victim)) != std::string::npos,
             outcome.error->message.c_str());
    QVERIFY(processGone(server));
    QVERIFY(processGone(p.started.at(0).pid));
}

// The server killed mid-map takes its workers with it; the map fails naming a worker and the server.
void TestForkserver::killedServerIsNamed() {
    StartedPool p(2);
    const int server = serverOfThisProcess();
    auto items = sameItems(400, 10'000);
    std::thread killer([server] {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        ::kill(server, SIGKILL);
    });
    VectorResults results;
    const auto outcome = p.pool->map(MapJob{"sleep-us", &items, 1}, results);
    killer.join();
    QCOMPARE(int(outcome.status), int(MapStatus::Failed));
    QCOMPARE(outcome.error->kind, std::string("worker-died"));
    QVERIFY2(outcome.error->message.find("the fork server (pid " + std::to_string(server) + ")") !=
                 std::string::npos,
             outcome.error->message.c_str());
    for (const auto& w : p.started)
        QVERIFY(processGone(w.pid));
}

// A cancel ends the map within a second and leaves no process: no worker, no server.
void TestForkserver::cancelLeavesNoProcess() {
    StartedPool p(3);
    const int server = serverOfThisProcess();
    auto items = sameItems(300, 20'000);
    Clock::time_point cancelledAt;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancelledAt = Clock::now();
        p.pool->cancel();
    });
    VectorResults results;
    const auto outcome = p.pool->map(MapJob{"spin-us", &items, 1}, results);
    canceller.join();
    QVERIFY(secondsSince(cancelledAt) < 1.5);
    QCOMPARE(int(outcome.status), int(MapStatus::Cancelled));
    QVERIFY(processGone(server));
    for (const auto& w : p.started)
        QVERIFY(processGone(w.pid));
    // The next map starts a new server and runs normally.
    auto quick = sameItems(20, 3);
    VectorResults after;
    QCOMPARE(int(p.pool->map(MapJob{"square", &quick, 5}, after).status), int(MapStatus::Ok));
    QCOMPARE(after.results().size(), std::size_t(20));
}

// No server program: worker-start-failed, naming the program and where it was looked for.
void TestForkserver::missingProgramIsNamed() {
    auto options = poolOptions(StartMethod::Forkserver, 2, std::chrono::milliseconds(0));
    options.workerProgram = "/nonexistent/mpwb-worker";
    auto pool = makeExecutor(options);
    try {
        pool->start();
        QFAIL("a pool whose server cannot start must not start");
    } catch (const WorkerStartFailure& f) {
        QCOMPARE(f.error().kind, std::string("worker-start-failed"));
        QCOMPARE(f.error().file, options.workerProgram);
        const auto& m = f.error().message;
        QVERIFY2(m.find("by forkserver") != std::string::npos &&
                     m.find("'/nonexistent/mpwb-worker' does not exist") != std::string::npos,
                 m.c_str());
    }
}

// The runner killed outright: its server dies with it (PR_SET_PDEATHSIG), and the workers with the server.
void TestForkserver::hostKilledLeavesNoProcess() {
    QTemporaryDir dir;
    const auto events = dir.filePath("run.jsonl");
    QProcess runner;
    runner.start("setsid", {MPWB_RUN_PATH, "run", "sum-squares", "--n", "8000000000", "--workers", "3",
                            "--start", "forkserver", "--events", events, "--json"});
    QVERIFY(runner.waitForStarted());
    const int group = static_cast<int>(runner.processId());
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(events).size() == 3, 15000);
    QCOMPARE(processesInGroup(group).size(), std::size_t(5)); // runner, server, three workers
    QCOMPARE(::kill(group, SIGKILL), 0);
    QVERIFY(runner.waitForFinished(5000));
    QVERIFY(groupEmpties(group));
}

QTEST_GUILESS_MAIN(TestForkserver)
#include "tst_forkserver.moc"
