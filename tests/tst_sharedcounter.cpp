// SPDX-License-Identifier: GPL-3.0-or-later
// Exercise 4, the shared counter, through mpwb-run as users meet it: the lock and the atomic add count every
// increment on every backend; without a lock nothing is ever over-counted; bad input is refused before
// anything starts; the stream carries counter samples; and neither a cancelled run nor a killed worker
// leaves a process or a /dev/shm segment behind.
#include <QtTest>

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <algorithm>
#include <csignal>
#include <set>

#include "process_census.h"
#include "runner_process.h"

using namespace mpwb;

class TestSharedCounter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void protectedModesCountEveryIncrement_data();
    void protectedModesCountEveryIncrement();
    void unlockedModeNeverOverCounts();
    void badInputIsRefused_data();
    void badInputIsRefused();
    void streamCarriesCounterSamples();
    void streamCarriesLockSamples_data();
    void streamCarriesLockSamples();
    void streamNamesTheSegment_data();
    void streamNamesTheSegment();
    void stoppedRunLeavesNothing_data();
    void stoppedRunLeavesNothing();
    void killedWorkerIsNamedAndLeavesNothing();
    void pythonVersionRuns();
};

void TestSharedCounter::protectedModesCountEveryIncrement_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("start");
    QTest::addColumn<int>("workers");
    for (const char* mode : {"lock", "atomic"}) {
        QTest::addRow("%s, sequential", mode) << mode << "sequential"
                                              << "fork" << 1;
        QTest::addRow("%s, threads x3", mode) << mode << "threads"
                                              << "fork" << 3;
        QTest::addRow("%s, gil-threads x2", mode) << mode << "gil-threads"
                                                  << "fork" << 2;
        QTest::addRow("%s, processes fork x2", mode) << mode << "processes"
                                                     << "fork" << 2;
        QTest::addRow("%s, processes fork x3", mode) << mode << "processes"
                                                     << "fork" << 3;
        QTest::addRow("%s, processes spawn x2", mode) << mode << "processes"
                                                      << "spawn" << 2;
        QTest::addRow("%s, processes forkserver x2", mode) << mode << "processes"
                                                           << "forkserver" << 2;
    }
}

void TestSharedCounter::protectedModesCountEveryIncrement() {
    QFETCH(QString, mode);
    QFETCH(QString, backend);
    QFETCH(QString, start);
    QFETCH(int, workers);
    const auto r = runTool({"run", "shared-counter", "--mode", mode, "--backend", backend, "--start", start,
                            "--workers", QString::number(workers), "--increments", "30000", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto o = QJsonDocument::fromJson(r.out).object();
    const qint64 expected = 30000LL * (backend == "sequential" ? 1 : workers);
    QCOMPARE(o["expected"].toInteger(), expected);
    QCOMPARE(o["final"].toInteger(), expected);
    QCOMPARE(o["lost"].toInteger(), 0);
    QCOMPARE(o["correct"].toBool(), true);
    QCOMPARE(o["mode"].toString(), mode);
}

void TestSharedCounter::unlockedModeNeverOverCounts() {
    // Lost updates depend on how the workers overlap, which a busy machine decides; what must always hold
    // is that nothing is counted twice and the report adds up.
    for (const char* backend : {"threads", "processes"}) {
        const auto r = runTool({"run", "shared-counter", "--mode", "none", "--backend", backend, "--workers",
                                "2", "--increments", "2000000", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["expected"].toInteger(), 4'000'000);
        QVERIFY(o["final"].toInteger() <= 4'000'000);
        QVERIFY(o["final"].toInteger() >= 1); // at least one increment of one worker landed
        QCOMPARE(o["lost"].toInteger(), o["expected"].toInteger() - o["final"].toInteger());
        QCOMPARE(o["correct"].toBool(), true); // losing updates is the lesson, not a failed run
    }
}

void TestSharedCounter::badInputIsRefused_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown mode") << QStringList{"--mode", "hope"}
                                  << "--mode must be one of none, lock, atomic";
    QTest::newRow("zero increments") << QStringList{"--increments", "0"} << "--increments must be between 1";
    QTest::newRow("chunksize is no parameter here")
        << QStringList{"--colour", "red"} << "no parameter --colour";
}

void TestSharedCounter::badInputIsRefused() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const auto r = runTool(QStringList{"run", "shared-counter"} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
}

void TestSharedCounter::streamCarriesCounterSamples() {
    QTemporaryDir dir;
    const auto path = dir.filePath("counter.mpwbrun");
    const auto r = runTool({"run", "shared-counter", "--mode", "atomic", "--workers", "2", "--increments",
                            "3000000", "--events", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    std::vector<CounterEvent> samples;
    for (const auto& e : eventsIn(path))
        if (const auto* c = std::get_if<CounterEvent>(&e.body)) samples.push_back(*c);
    QVERIFY(!samples.empty());
    for (std::size_t i = 1; i < samples.size(); ++i)
        QVERIFY(samples[i].increments >= samples[i - 1].increments); // totals only grow
    QCOMPARE(samples.back().increments, 6'000'000u);
    QCOMPARE(samples.back().value, 6'000'000);
    QCOMPARE(QString::fromStdString(samples.back().mode), QString("atomic"));
}

void TestSharedCounter::streamCarriesLockSamples_data() {
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("start");
    QTest::newRow("threads") << "threads"
                             << "fork";
    QTest::newRow("processes fork") << "processes"
                                    << "fork";
    QTest::newRow("processes spawn") << "processes"
                                     << "spawn";
    QTest::newRow("processes forkserver") << "processes"
                                          << "forkserver";
}

// Every sample names a real worker or nobody, counts at most every worker as waiting, and only grows; the
// last one, taken after the workers finished, has the lock free and one acquisition per increment.
void TestSharedCounter::streamCarriesLockSamples() {
    QFETCH(QString, backend);
    QFETCH(QString, start);
    QTemporaryDir dir;
    const auto path = dir.filePath("lock.mpwbrun");
    const auto r = runTool({"run", "shared-counter", "--mode", "lock", "--backend", backend, "--start", start,
                            "--workers", "3", "--increments", "400000", "--events", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    std::vector<LockEvent> samples;
    for (const auto& e : eventsIn(path))
        if (const auto* l = std::get_if<LockEvent>(&e.body)) samples.push_back(*l);
    QVERIFY(!samples.empty());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto& l = samples[i];
        QCOMPARE(QString::fromStdString(l.lock), QString("counter"));
        QVERIFY(l.holder >= -1 && l.holder < 3);
        QVERIFY(l.waiting >= 0 && l.waiting <= 3);
        QVERIFY(l.waitedNs >= 0);
        if (i > 0) {
            QVERIFY(l.acquisitions >= samples[i - 1].acquisitions);
            QVERIFY(l.waitedNs >= samples[i - 1].waitedNs);
        }
    }
    QCOMPARE(samples.back().holder, -1);
    QCOMPARE(samples.back().waiting, 0);
    QCOMPARE(samples.back().acquisitions, 1'200'000u);
}

void TestSharedCounter::streamNamesTheSegment_data() {
    streamCarriesLockSamples_data();
}

// One segment, created by the host and removed exactly once, before the run's outcome; only spawned and
// forkserver workers (no copies of the host) open it by name, each once.
void TestSharedCounter::streamNamesTheSegment() {
    QFETCH(QString, backend);
    QFETCH(QString, start);
    QTemporaryDir dir;
    const auto path = dir.filePath("segment.mpwbrun");
    const auto r = runTool({"run", "shared-counter", "--mode", "atomic", "--backend", backend, "--start",
                            start, "--workers", "2", "--increments", "200000", "--events", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    std::vector<std::string> actions;
    std::set<int> attachedWorkers;
    std::string name;
    bool outcomeSeen = false;
    for (const auto& e : eventsIn(path)) {
        if (std::holds_alternative<ResultEvent>(e.body)) outcomeSeen = true;
        const auto* s = std::get_if<SegmentEvent>(&e.body);
        if (!s) continue;
        QVERIFY(!outcomeSeen);
        if (name.empty()) name = s->name;
        QCOMPARE(s->name, name);
        QVERIFY(s->bytes > 0);
        QVERIFY(s->pid > 0);
        actions.push_back(s->action);
        if (s->action == "attached") {
            QVERIFY(s->worker >= 0 && s->worker < 2);
            QVERIFY(attachedWorkers.insert(s->worker).second);
        } else {
            QCOMPARE(s->worker, -1);
        }
    }
    QVERIFY(actions.size() >= 2);
    QCOMPARE(actions.front(), std::string("created"));
    QCOMPARE(actions.back(), std::string("removed"));
    QCOMPARE(std::count(actions.begin(), actions.end(), std::string("removed")), 1);
    if (start == "fork" || backend != "processes")
        QVERIFY(attachedWorkers.empty());
    else
        QVERIFY(!attachedWorkers.empty()); // a worker that got no slice never opens it
}

void TestSharedCounter::stoppedRunLeavesNothing_data() {
    QTest::addColumn<QString>("start");
    QTest::addColumn<int>("signal");
    QTest::newRow("fork, SIGINT") << "fork" << int(SIGINT);
    QTest::newRow("spawn, SIGTERM") << "spawn" << int(SIGTERM);
    QTest::newRow("fork, SIGKILL") << "fork" << int(SIGKILL);
    QTest::newRow("forkserver, SIGINT") << "forkserver" << int(SIGINT);
}

void TestSharedCounter::stoppedRunLeavesNothing() {
    QFETCH(QString, start);
    QFETCH(int, signal);
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH, {"run", "shared-counter", "--mode", "lock", "--workers", "2", "--start", start,
                               "--increments", "100000000", "--events", path});
    QVERIFY(host.waitForStarted());
    std::vector<int> pids;
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(path).size() == 2, 20000);
    for (const auto& [worker, pid] : workerPidsIn(path))
        pids.push_back(pid);
    const auto hostPid = host.processId();
    ::kill(static_cast<pid_t>(hostPid), signal);
    QVERIFY(host.waitForFinished(10000));
    if (signal != SIGKILL) {
        QCOMPARE(host.exitCode(), 130);
        QVERIFY2(segmentsOf(hostPid).isEmpty(), qPrintable(segmentsOf(hostPid).join(' ')));
    } else if (start == "fork") {
        // A fork-only run removes its segment's name as soon as it is mapped: even SIGKILL leaves none.
        QVERIFY2(segmentsOf(hostPid).isEmpty(), qPrintable(segmentsOf(hostPid).join(' ')));
    }
    for (int pid : pids)
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
}

void TestSharedCounter::killedWorkerIsNamedAndLeavesNothing() {
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH, {"run", "shared-counter", "--mode", "lock", "--workers", "2", "--start",
                               "spawn", "--increments", "100000000", "--events", path, "--json"});
    QVERIFY(host.waitForStarted());
    std::vector<int> pids;
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(path).size() == 2, 20000);
    for (const auto& [worker, pid] : workerPidsIn(path))
        pids.push_back(pid);
    const auto hostPid = host.processId();
    ::kill(pids[0], SIGKILL);
    // The other worker may be waiting for the lock the dead one held: the robust mutex must not let it hang.
    QVERIFY(host.waitForFinished(15000));
    QCOMPARE(host.exitCode(), 1);
    const auto o = QJsonDocument::fromJson(host.readAllStandardOutput()).object();
    QCOMPARE(o["status"].toString(), QString("error"));
    const auto message = o["error"].toObject()["message"].toString();
    QVERIFY2(message.contains(QString::number(pids[0])), qPrintable(message));
    QVERIFY2(message.contains("signal 9") || message.contains("SIGKILL"), qPrintable(message));
    for (int pid : pids)
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
    QVERIFY2(segmentsOf(hostPid).isEmpty(), qPrintable(segmentsOf(hostPid).join(' ')));
}

void TestSharedCounter::pythonVersionRuns() {
    const auto python = QStandardPaths::findExecutable("python3");
    if (python.isEmpty()) QSKIP("python3 is not installed here");
    QProcess p;
    p.start(python, {MPWB_SOURCE_DIR "/exercises/python/shared_counter.py", "2", "20000"});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const auto out = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(out.contains("lock: expected 40000, final 40000, lost 0"), qPrintable(out));
}

QTEST_MAIN(TestSharedCounter)
#include "tst_sharedcounter.moc"
