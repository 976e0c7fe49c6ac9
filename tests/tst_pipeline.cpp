// SPDX-License-Identifier: GPL-3.0-or-later
// Exercise 3, the pipeline, through RunSession and through mpwb-run: every item collected exactly once for
// any number of workers and any bound, the queues' traffic in the stream, bad input refused at the door,
// and neither a cancel nor a killed stage leaving a process or a /dev/shm entry behind.
#include <QtTest>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <csignal>
#include <set>
#include <thread>

#include "catalogue.h"
#include "event_stream.h"
#include "process_census.h"
#include "run_session.h"
#include "runner_process.h"
#include "shared_segment.h"

using namespace mpwb;

namespace {

RunSpec pipelineSpec(int workers, std::map<std::string, std::string> params) {
    RunSpec spec;
    spec.exercise = "pipeline";
    spec.workers = workers;
    spec.params = std::move(params);
    spec.cpuInterval = std::chrono::milliseconds(0);
    return spec;
}

const Exercise& pipeline() {
    const auto* e = findExercise("pipeline");
    if (!e) qFatal("the catalogue has no pipeline exercise");
    return *e;
}

// The stage pids, by worker number, once every stage of a live run has said it is running.
std::map<int, int> stagePids(const QString& eventsPath) {
    return workerPidsIn(eventsPath); // the live stream, wherever it is while the run goes on
}

} // namespace

class TestPipeline : public QObject {
    Q_OBJECT
private slots:
    void cleanup();
    void everyItemArrivesOnce_data();
    void everyItemArrivesOnce();
    void jsonReportsTheChecksAtTopLevel();
    void badInputIsRefusedWithExitTwo_data();
    void badInputIsRefusedWithExitTwo();
    void cancelledSessionLeavesNothing();
    void interruptedRunnerLeavesNothing();
    void killedStageIsNamed_data();
    void killedStageIsNamed();
    void pythonVersionAgrees();
};

void TestPipeline::cleanup() {
    QCOMPARE(segmentsOf(getpid()), QStringList());
    QVERIFY(childProcesses(getpid()).empty());
}

void TestPipeline::everyItemArrivesOnce_data() {
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("bound");
    QTest::newRow("1 worker, bound 1") << 1 << 1;
    QTest::newRow("2 workers, bound 64") << 2 << 64;
    QTest::newRow("4 workers, bound 1") << 4 << 1;
    QTest::newRow("4 workers, bound 64, slow collector") << 4 << 64;
}

void TestPipeline::everyItemArrivesOnce() {
    QFETCH(int, workers);
    QFETCH(int, bound);
    constexpr std::uint64_t kItems = 3000;
    const std::string collectUs =
        QTest::currentDataTag() == QString("4 workers, bound 64, slow collector") ? "20" : "0";
    VectorSink events;
    RunSession session(pipeline(),
                       pipelineSpec(workers, {{"items", std::to_string(kItems)},
                                              {"bound", std::to_string(bound)},
                                              {"work-us", "10"},
                                              {"collect-us", collectUs}}),
                       &events);
    const auto report = session.run();
    QCOMPARE(report.status, std::string("ok"));
    QVERIFY(report.result.correct);
    QCOMPARE(report.result.checks.at("produced"), std::to_string(kItems));
    QCOMPARE(report.result.checks.at("collected"), std::to_string(kItems));
    QCOMPARE(report.result.checks.at("duplicated"), std::string("0"));
    QCOMPARE(report.result.checks.at("missing"), std::string("0"));
    QCOMPARE(report.items, kItems);

    std::uint64_t chunkItems = 0;
    std::set<int> stages, pids;
    std::map<std::string, QueueEvent> lastQueue;
    for (const auto& e : events.events()) {
        if (const auto* s = std::get_if<RunStartedEvent>(&e.body)) QCOMPARE(s->items, kItems);
        if (const auto* w = std::get_if<WorkerStartedEvent>(&e.body)) {
            stages.insert(w->worker);
            pids.insert(w->pid);
        }
        if (const auto* c = std::get_if<ChunkEvent>(&e.body)) {
            QVERIFY(c->worker >= 0 && c->worker < workers); // only the workers' items count as progress
            QVERIFY(c->startNs <= c->endNs);
            chunkItems += c->items;
        }
        if (const auto* q = std::get_if<QueueEvent>(&e.body)) {
            QCOMPARE(q->capacity, qint64(bound));
            QVERIFY(q->depth >= 0 && q->depth <= bound);
            lastQueue[q->queue] = *q;
        }
    }
    QCOMPARE(chunkItems, kItems);
    QCOMPARE(int(stages.size()), workers + 2); // the workers, the producer and the collector
    QCOMPARE(int(pids.size()), workers + 2);
    QCOMPARE(int(lastQueue.size()), 2);
    for (const auto& [name, q] : lastQueue) {
        QCOMPARE(q.puts, kItems + workers); // the items and one sentinel per worker
        QCOMPARE(q.gets, q.puts);
        QCOMPARE(q.depth, qint64(0));
        QCOMPARE(q.bytesGot, kItems * 8);
    }
}

void TestPipeline::jsonReportsTheChecksAtTopLevel() {
    const auto r =
        runTool({"run", "pipeline", "--items", "2000", "--work-us", "0", "--workers", "3", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o["exercise"].toString(), QString("pipeline"));
    QCOMPARE(o["workers"].toInt(), 3);
    for (const char* key : {"produced", "collected"})
        QCOMPARE(o[key].toInt(-1), 2000);
    for (const char* key : {"duplicated", "missing"})
        QCOMPARE(o[key].toInt(-1), 0);
    QVERIFY(o["correct"].toBool());
    QCOMPARE(o["result"].toString(), QString("2000 items through 3 workers"));
}

void TestPipeline::badInputIsRefusedWithExitTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("bound 0") << QStringList{"--bound", "0"} << "--bound must be between 1 and 100000";
    QTest::newRow("items 0") << QStringList{"--items", "0"} << "--items";
    QTest::newRow("work-us too large") << QStringList{"--work-us", "100001"} << "--work-us";
    QTest::newRow("start spawn") << QStringList{"--start", "spawn"} << "--start spawn";
    QTest::newRow("threads backend") << QStringList{"--backend", "threads"} << "processes";
    QTest::newRow("unknown parameter") << QStringList{"--colour", "red"} << "--colour";
}

void TestPipeline::badInputIsRefusedWithExitTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const auto r = runTool(QStringList{"run", "pipeline"} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString(r.err).contains(mentions), r.err.constData());
    QVERIFY(r.out.isEmpty()); // nothing ran
}

void TestPipeline::cancelledSessionLeavesNothing() {
    RunSession session(pipeline(), pipelineSpec(2, {{"items", "10000000"}}), nullptr);
    RunReport report;
    std::thread runner([&] { report = session.run(); });
    QThread::msleep(300);
    const auto asked = std::chrono::steady_clock::now();
    session.cancel();
    runner.join();
    QVERIFY(std::chrono::steady_clock::now() - asked < std::chrono::seconds(3));
    QCOMPARE(report.status, std::string("cancelled"));
}

void TestPipeline::interruptedRunnerLeavesNothing() {
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH, {"run", "pipeline", "--items", "10000000", "--workers", "2", "--events", path});
    QVERIFY(host.waitForStarted());
    const auto hostPid = host.processId(); // 0 once it has ended
    std::map<int, int> pids;
    QTRY_VERIFY_WITH_TIMEOUT((pids = stagePids(path)).size() == 4, 10000);
    ::kill(static_cast<pid_t>(hostPid), SIGINT);
    QVERIFY(host.waitForFinished(5000));
    QCOMPARE(host.exitCode(), 130);
    for (const auto& [stage, pid] : pids)
        QVERIFY2(processGone(pid),
                 qPrintable(QString("stage %1 (pid %2) is still there").arg(stage).arg(pid)));
    QCOMPARE(segmentsOf(hostPid), QStringList());
}

void TestPipeline::killedStageIsNamed_data() {
    QTest::addColumn<int>("stage");
    QTest::addColumn<QString>("named");
    QTest::newRow("a worker") << 1 << "Worker 1";
    QTest::newRow("the producer") << 2 << "The producer";
    QTest::newRow("the collector") << 3 << "The collector";
}

void TestPipeline::killedStageIsNamed() {
    QFETCH(int, stage);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH,
               {"run", "pipeline", "--items", "10000000", "--workers", "2", "--json", "--events", path});
    QVERIFY(host.waitForStarted());
    const auto hostPid = host.processId(); // 0 once it has ended
    std::map<int, int> pids;
    QTRY_VERIFY_WITH_TIMEOUT((pids = stagePids(path)).size() == 4, 10000);
    const auto killedAt = std::chrono::steady_clock::now();
    ::kill(pids.at(stage), SIGKILL);
    QVERIFY(host.waitForFinished(10000));
    QVERIFY(std::chrono::steady_clock::now() - killedAt < std::chrono::seconds(5));
    QCOMPARE(host.exitCode(), 1);
    const auto error = QJsonDocument::fromJson(host.readAllStandardOutput()).object()["error"].toObject();
    QCOMPARE(error["kind"].toString(), QString("worker-died"));
    const auto message = error["message"].toString();
    QVERIFY2(message.startsWith(named) && message.contains(QString::number(pids.at(stage))) &&
                 message.contains("signal 9"),
             qPrintable(message));
    QCOMPARE(error["worker"].toInt(), stage);
    QCOMPARE(error["signal"].toInt(), SIGKILL);
    for (const auto& [number, pid] : pids)
        QVERIFY(processGone(pid));
    QCOMPARE(segmentsOf(hostPid), QStringList());
}

// The lesson shows the plain Python program; it must reach the same verdict on the same kind of run.
void TestPipeline::pythonVersionAgrees() {
    const auto python = QStandardPaths::findExecutable("python3");
    if (python.isEmpty()) QSKIP("python3 is not installed");
    QProcess p;
    p.start(python,
            {QString(MPWB_SOURCE_DIR) + "/exercises/python/pipeline.py", "2000", "2", "4", "0", "10", "0"});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(QString(p.readAllStandardOutput())
                 .contains("produced = 2000  collected = 2000  duplicated = 0  missing = 0"),
             "the Python pipeline lost or repeated an item");
}

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
