// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-run as a user and the GUI meet it: validation before anything starts, the --json contract, the event
// stream of a real run, and no worker outliving a host that is stopped or killed.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <cmath>
#include <csignal>

#include "bytes.h"
#include "event_json.h"
#include "event_stream.h"
#include "process_census.h"
#include "runner_process.h"

using namespace mpwb;

namespace {

QString closedForm(quint64 n) {
    const auto v = static_cast<unsigned __int128>(n) * (n + 1) * (2 * n + 1) / 6;
    return QString::fromStdString(toDecimal(v));
}

} // namespace

class TestRunner : public QObject {
    Q_OBJECT
private slots:
    void listsExercisesWithParameters();
    void runPrintsTheJsonContract_data();
    void runPrintsTheJsonContract();
    void badInputIsRefusedWithExitTwo_data();
    void badInputIsRefusedWithExitTwo();
    void eventStreamDescribesTheWholeRun();
    void cpuEventsFollowThreadWorkers_data();
    void cpuEventsFollowThreadWorkers();
    void sweepReportsSpeedups();
    void stoppedHostLeavesNoWorker_data();
    void stoppedHostLeavesNoWorker();
    void pythonVersionAgrees();
    void demoRunsEveryBackendCorrectly();
};

void TestRunner::listsExercisesWithParameters() {
    const auto r = runTool({"list", "--json"});
    QCOMPARE(r.exitCode, 0);
    const auto doc = QJsonDocument::fromJson(r.out).object();
    const auto exercises = doc["exercises"].toArray();
    QVERIFY(!exercises.isEmpty());
    QCOMPARE(exercises[0].toObject()["id"].toString(), QString("sum-squares"));
    bool hasN = false;
    for (const auto& p : exercises[0].toObject()["parameters"].toArray())
        if (p.toObject()["name"] == "n") hasN = p.toObject()["max"].toDouble() >= 1e12;
    QVERIFY(hasN);
}

void TestRunner::runPrintsTheJsonContract_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("backend");
    QTest::newRow("sequential") << QStringList{"--backend", "sequential"} << "sequential";
    QTest::newRow("threads") << QStringList{"--backend", "threads", "--workers", "3"} << "threads";
    QTest::newRow("gil-threads") << QStringList{"--backend", "gil-threads", "--workers", "2"}
                                 << "gil-threads";
    QTest::newRow("processes fork") << QStringList{"--backend", "processes", "--start",
                                                   "fork",      "--workers", "2"}
                                    << "processes";
    QTest::newRow("processes spawn, chunksize 7")
        << QStringList{"--backend", "processes", "--start", "spawn", "--workers", "3", "--chunksize", "7"}
        << "processes";
}

void TestRunner::runPrintsTheJsonContract() {
    QFETCH(QStringList, args);
    QFETCH(QString, backend);
    const quint64 n = 10'000'000; // past 64 bits: the answer needs the wide arithmetic
    const auto r = runTool(
        QStringList{"run", "sum-squares", "--n", QString::number(n), "--block", "999", "--json"} + args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto o = QJsonDocument::fromJson(r.out).object();
    for (const char* key : {"exercise", "backend", "start", "workers", "chunksize", "n", "result", "wall_s"})
        QVERIFY2(o.contains(key), key);
    QCOMPARE(o["exercise"].toString(), QString("sum-squares"));
    QCOMPARE(o["backend"].toString(), backend);
    QCOMPARE(o["result"].toString(), closedForm(n));
    QCOMPARE(o["result"].toString(), QString("333333383333335000000"));
    QVERIFY(o["wall_s"].toDouble() > 0);
    QVERIFY(childProcesses(getpid()).empty());
}

void TestRunner::badInputIsRefusedWithExitTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    const QStringList run{"run", "sum-squares"};
    QTest::newRow("workers 0") << run + QStringList{"--workers", "0"} << "--workers";
    QTest::newRow("workers negative") << run + QStringList{"--workers", "-2"} << "--workers";
    QTest::newRow("workers absurd") << run + QStringList{"--workers", "100000"} << "between 1 and";
    QTest::newRow("workers not a number") << run + QStringList{"--workers", "four"} << "whole number";
    QTest::newRow("chunksize 0") << run + QStringList{"--chunksize", "0"} << "--chunksize";
    QTest::newRow("chunksize junk") << run + QStringList{"--chunksize", "12abc"} << "--chunksize";
    QTest::newRow("n too large") << run + QStringList{"--n", "1000000000001"} << "--n";
    QTest::newRow("n zero") << run + QStringList{"--n", "0"} << "--n";
    QTest::newRow("unknown exercise") << QStringList{"run", "sum-cubes"} << "unknown exercise";
    QTest::newRow("unknown option") << run + QStringList{"--colour", "red"} << "--colour";
    QTest::newRow("unknown backend") << run + QStringList{"--backend", "gpu"} << "--backend";
    QTest::newRow("unknown start method") << run + QStringList{"--start", "vfork"} << "--start";
    QTest::newRow("option without value") << run + QStringList{"--workers"} << "needs a value";
    QTest::newRow("unknown command") << QStringList{"walk"} << "unknown command";
    QTest::newRow("sweep repeats 0") << QStringList{"sweep", "sum-squares", "--repeats", "0"} << "--repeats";
}

void TestRunner::badInputIsRefusedWithExitTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const auto r = runTool(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString(r.err).contains(mentions), r.err.constData());
    const auto j = runTool(args + QStringList{"--json"});
    QCOMPARE(j.exitCode, 2);
    const auto o = QJsonDocument::fromJson(j.out).object();
    QVERIFY2(o["error"].toObject()["message"].toString().contains(mentions), j.out.constData());
}

void TestRunner::eventStreamDescribesTheWholeRun() {
    QTemporaryDir dir;
    const auto path = dir.filePath("run.mpwbrun");
    const auto r = runTool({"run", "sum-squares", "--n", "20000000", "--block", "100", "--workers", "2",
                            "--chunksize", "3", "--cpu-interval-ms", "20", "--events", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    EventStreamReader reader;
    const auto events = reader.readFile(path.toStdString());
    QVERIFY(events.size() >= 5);
    QVERIFY(std::holds_alternative<HelloEvent>(events.front().body));
    QVERIFY(std::holds_alternative<RunFinishedEvent>(events.back().body));
    QCOMPARE(std::get<RunFinishedEvent>(events.back().body).status, std::string("ok"));
    std::uint64_t items = 0, expectedItems = 0;
    int workers = 0;
    bool sawResult = false;
    std::int64_t lastT = -1;
    for (const auto& e : events) {
        QVERIFY(e.t >= 0);
        if (const auto* s = std::get_if<RunStartedEvent>(&e.body)) expectedItems = s->items;
        if (std::holds_alternative<WorkerStartedEvent>(e.body)) ++workers;
        if (const auto* c = std::get_if<ChunkEvent>(&e.body)) {
            items += c->items;
            QVERIFY(c->startNs <= c->endNs);
            QVERIFY(c->bytesIn > 0 && c->bytesOut > 0);
        }
        if (const auto* res = std::get_if<ResultEvent>(&e.body)) {
            sawResult = true;
            QVERIFY(res->correct);
        }
        // A saved run replays exactly: every event survives a second trip through the format.
        QCOMPARE(fromJsonLine(toJsonLine(e)).value(), e);
        lastT = std::max(lastT, e.t);
    }
    QCOMPARE(expectedItems, quint64(200000));
    QCOMPARE(items, expectedItems); // merged or not, every item is counted exactly once
    QCOMPARE(workers, 2);
    QVERIFY(sawResult);
}

void TestRunner::cpuEventsFollowThreadWorkers_data() {
    QTest::addColumn<QString>("backend");
    QTest::newRow("threads") << "threads";
    QTest::newRow("gil-threads") << "gil-threads";
}

void TestRunner::cpuEventsFollowThreadWorkers() {
    // Workers that are threads of the host are in the cpu events under their thread ids, marked as inside
    // the host, whose own CPU every sample carries.
    QFETCH(QString, backend);
    QTemporaryDir dir;
    const auto path = dir.filePath("run.mpwbrun");
    const auto r = runTool({"run", "sum-squares", "--backend", backend, "--workers", "2", "--n", "200000000",
                            "--cpu-interval-ms", "20", "--events", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto tids = workerPidsIn(path);
    QCOMPARE(tids.size(), std::size_t(2));
    QVERIFY(tids.count(0) && tids.count(1));

    int samples = 0;
    std::map<int, int> listedAs; // worker -> tid, from the cpu events
    for (const auto& e : eventsIn(path)) {
        const auto* cpu = std::get_if<CpuEvent>(&e.body);
        if (!cpu) continue;
        ++samples;
        QVERIFY2(std::isfinite(cpu->hostCpuPercent) && cpu->hostCpuPercent >= 0,
                 qPrintable(QString::number(cpu->hostCpuPercent)));
        for (const auto& w : cpu->workers) {
            QVERIFY(w.inHost);
            QVERIFY(w.cpuNs >= 0);
            QVERIFY(w.cpuPercent >= 0 && w.cpuPercent <= 100);
            listedAs[w.worker] = w.pid;
        }
    }
    QVERIFY(samples > 0);
    QCOMPARE(listedAs, tids);
}

void TestRunner::sweepReportsSpeedups() {
    QTemporaryDir dir;
    const auto path = dir.filePath("sweep.mpwbrun");
    const auto r = runTool({"sweep", "sum-squares", "--n", "2000000", "--workers", "1,2", "--chunksize",
                            "1,50", "--repeats", "2", "--start", "spawn", "--json", "--events", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // Right after its hello the stream says what the sweep measures, so a saved sweep keeps its start method.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    EventStreamReader reader;
    const auto events = reader.feed(file.readAll().toStdString());
    QVERIFY(events.size() > 2);
    const auto* hello = std::get_if<HelloEvent>(&events[0].body);
    const auto* started = std::get_if<SweepStartedEvent>(&events[1].body);
    QVERIFY(hello && started);
    QCOMPARE(started->exercise, std::string("sum-squares"));
    QCOMPARE(started->backend, std::string("processes"));
    QCOMPARE(started->startMethod, std::string("spawn"));
    QCOMPARE(started->workers, (std::vector<std::int64_t>{1, 2}));
    QCOMPARE(started->chunksizes, (std::vector<std::int64_t>{1, 50}));
    QCOMPARE(started->repeats, 2);
    QCOMPARE(started->runId, hello->runId);
    const auto o = QJsonDocument::fromJson(r.out).object();
    QVERIFY(o["sequential_s"].toDouble() > 0);
    const auto rows = o["rows"].toArray();
    QCOMPARE(rows.size(), 4);
    for (const auto& row : rows) {
        const auto x = row.toObject();
        QVERIFY(x["speedup"].toDouble() > 0);
        QVERIFY(qAbs(x["efficiency"].toDouble() - x["speedup"].toDouble() / x["workers"].toDouble()) < 1e-9);
    }
}

void TestRunner::stoppedHostLeavesNoWorker_data() {
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("start");
    QTest::newRow("SIGTERM, fork") << int(SIGTERM) << "fork";
    QTest::newRow("SIGINT, spawn") << int(SIGINT) << "spawn";
    QTest::newRow("SIGKILL, fork") << int(SIGKILL) << "fork";
    QTest::newRow("SIGKILL, spawn") << int(SIGKILL) << "spawn";
}

void TestRunner::stoppedHostLeavesNoWorker() {
    QFETCH(int, signal);
    QFETCH(QString, start);
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH, {"run", "sum-squares", "--n", "1000000000000", "--workers", "2", "--start",
                               start, "--events", path});
    QVERIFY(host.waitForStarted());
    // Wait until both workers have said they are running, then stop the host.
    std::vector<int> pids;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 pids.clear();
                                 for (const auto& [worker, pid] : workerPidsIn(path))
                                     pids.push_back(pid);
                                 return pids.size() == 2;
                             }()),
                             20000);
    ::kill(static_cast<pid_t>(host.processId()), signal);
    QVERIFY(host.waitForFinished(10000));
    if (signal != SIGKILL) QCOMPARE(host.exitCode(), 130); // cancelled, and it says so
    for (int pid : pids)
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
}

// The exercise carries the plain Python program the lesson shows; it must compute the same answer.
void TestRunner::pythonVersionAgrees() {
    const auto python = QStandardPaths::findExecutable("python3");
    if (python.isEmpty()) QSKIP("python3 is not installed");
    QProcess p;
    p.start(python,
            {QString(MPWB_SOURCE_DIR) + "/exercises/python/sum_squares.py", "300000", "1000", "2", "10"});
    QVERIFY(p.waitForFinished(120000));
    QCOMPARE(p.exitCode(), 0);
    const auto ours = runTool({"run", "sum-squares", "--n", "300000", "--workers", "2", "--json"});
    const auto value = QJsonDocument::fromJson(ours.out).object()["result"].toString();
    QVERIFY(!value.isEmpty());
    QVERIFY2(QString(p.readAllStandardOutput()).contains("sum = " + value), qPrintable(value));
}

// The README's start command falls back to this where there is no display.
void TestRunner::demoRunsEveryBackendCorrectly() {
    const auto r = runTool({"demo"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString(r.out).count("(correct)"), 3);
    QVERIFY(!r.out.contains("WRONG"));
    QVERIFY(childProcesses(getpid()).empty());
}

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
