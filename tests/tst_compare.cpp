// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-run compare: one exercise on several backends, one run after another. The arithmetic of other
// programs' load and the verdict's wording on fixed numbers; then the real runner: its --json contract, the
// stream of runs, refusals before anything starts, and no process left when it is stopped or a worker dies.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <cmath>
#include <csignal>
#include <limits>

#include "core_load.h"
#include "event_stream.h"
#include "process_census.h"
#include "runner_process.h"
#include "speedup_wording.h"

using namespace mpwb;

namespace {

bool has(const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
}

// The worker pids of the run of `backend` in a compare's stream so far (each run starts with its hello).
std::vector<int> workersOfRun(const QString& path, const std::string& backend) {
    std::vector<int> pids;
    bool inside = false;
    for (const auto& e : eventsIn(path)) {
        if (const auto* s = std::get_if<RunStartedEvent>(&e.body)) inside = s->backend == backend;
        if (const auto* w = std::get_if<WorkerStartedEvent>(&e.body); w && inside) pids.push_back(w->pid);
    }
    return pids;
}

// Starts a compare that runs long enough to be interrupted in its processes run, and waits for that run's
// workers. --chunksize 1 keeps the sequential run's chunks short, so it too would stop promptly.
std::vector<int> startLongCompare(QProcess& host, const QString& events, const QStringList& more = {}) {
    host.start(MPWB_RUN_PATH,
               QStringList{"compare", "sum-squares", "--n", "1000000000000", "--chunksize", "1", "--workers",
                           "2", "--backends", "processes,threads", "--events", events} +
                   more);
    if (!host.waitForStarted()) return {};
    std::vector<int> pids;
    QElapsedTimer waited;
    waited.start();
    while (pids.size() < 2 && waited.elapsed() < 20000) {
        QTest::qWait(20);
        pids = workersOfRun(events, "processes");
    }
    return pids;
}

} // namespace

class TestCompare : public QObject {
    Q_OBJECT
private slots:
    void coreLoadAddsUpTheSample();
    void otherLoadIsAveragedThenClamped();
    void verdictOnAQuietMachine();
    void verdictBlamesABusyMachine();
    void verdictWordsTheCores();
    void comparesFourBackendsOneAfterAnother();
    void badInputIsRefusedBeforeAnythingStarts_data();
    void badInputIsRefusedBeforeAnythingStarts();
    void sharedCounterSpeedupIsWorkPerSecond();
    void stopSignalCancelsTheWholeCompare();
    void deadWorkerEndsTheCompareNamingTheBackend();
};

void TestCompare::coreLoadAddsUpTheSample() {
    CpuEvent sample;
    sample.cores = {100.0, 50.0};
    sample.workers = {WorkerCpu{0, 11, 90.0, 0, 0}, WorkerCpu{1, 12, 40.0, 0, 1}};
    sample.hostCpuPercent = 10.0;
    const auto load = coreLoad(sample);
    QCOMPARE(load.machineCores, 1.5);
    QCOMPARE(load.runCores, 1.4);
    // Thread workers are inside the host's percentage already: counting them again would double the run.
    const auto threads = coreLoad(CpuEvent{
        {100.0, 100.0}, {WorkerCpu{0, 21, 97.0, 0, 0, true}, WorkerCpu{1, 22, 96.0, 0, 1, true}}, 195.0});
    QCOMPARE(threads.machineCores, 2.0);
    QCOMPARE(threads.runCores, 1.95);
    // A stream older than format 3 did not measure the host, so the run's load is not known.
    CpuEvent older = sample;
    older.hostCpuPercent = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(std::isnan(coreLoad(older).runCores));
}

void TestCompare::otherLoadIsAveragedThenClamped() {
    QVERIFY(std::isnan(averageOtherCores({})));
    QVERIFY(std::isnan(averageRunCores({})));
    const std::vector<CoreLoadSample> busy{{1.5, 1.4}, {2.0, 1.0}};
    QVERIFY(std::abs(averageOtherCores(busy) - 0.55) < 1e-12);
    QCOMPARE(averageRunCores(busy), 1.2);
    // A quiet machine wobbles around zero: one sample a little below, one a little above, on average nothing.
    const std::vector<CoreLoadSample> quiet{{1.9, 2.0}, {2.0, 1.98}, {1.97, 2.0}};
    QCOMPARE(averageOtherCores(quiet), 0.0);
    QVERIFY(averageOtherCores({{2.0, 1.7}}) >= kNoticeableOtherCores);
    QVERIFY(averageOtherCores({{2.0, 1.8}}) < kNoticeableOtherCores);
}

void TestCompare::verdictOnAQuietMachine() {
    const std::vector<BackendOutcome> runs{{"sequential", 1.0, 1.0, 0.02, true},
                                           {"gil-threads", 1.02, 1.01, 0.05, true},
                                           {"threads", 1.95, 1.98, 0.0, true},
                                           {"processes", 1.94, 1.97, 0.1, true}};
    const auto verdict = describeComparison(runs, 2);
    QVERIFY2(has(verdict,
                 "threads with a GIL: one core at a time, 1.02\u00d7; threads: both cores, 1.95\u00d7; "
                 "processes: both cores, 1.94\u00d7."),
             verdict.c_str());
    QVERIFY2(!has(verdict, "sequential"), verdict.c_str()); // the baseline needs no verdict
    QVERIFY2(has(verdict, "interpreter lock"), verdict.c_str());
    QVERIFY(!has(verdict, "Other programs"));
}

void TestCompare::verdictBlamesABusyMachine() {
    const std::vector<BackendOutcome> runs{{"sequential", 1.0, 1.0, 0.1, true},
                                           {"gil-threads", 1.0, 1.0, 0.1, true},
                                           {"processes", 1.2, 1.3, 0.7, true}};
    const auto verdict = describeComparison(runs, 2);
    QVERIFY2(has(verdict, "Other programs were using up to 0.7 of the 2 cores during the processes run"),
             verdict.c_str());
    // The lesson is not drawn from numbers that a busy machine bent.
    QVERIFY2(!has(verdict, "interpreter lock"), verdict.c_str());
    const std::vector<BackendOutcome> allBusy{{"sequential", 1.0, 0.7, 1.3, true},
                                              {"threads", 0.9, 0.6, 1.4, true},
                                              {"processes", 0.95, 0.6, 1.4, true}};
    QVERIFY(has(describeComparison(allBusy, 2), "up to 1.4 of the 2 cores during every run"));
    // Just under the threshold is ordinary noise, not worth an excuse.
    const std::vector<BackendOutcome> twoBusy{{"sequential", 1.0, 1.0, 0.24, true},
                                              {"threads", 1.5, 1.5, 0.3, true},
                                              {"processes", 1.6, 1.6, 0.5, true}};
    QVERIFY(has(describeComparison(twoBusy, 2), "during the threads and processes runs"));
}

void TestCompare::verdictWordsTheCores() {
    auto one = [](BackendOutcome run, int cores) { return describeComparison({run}, cores); };
    QVERIFY(has(one({"processes", 3.9, 3.95, 0, true}, 4), "processes: all 4 cores, 3.90\u00d7"));
    QVERIFY(has(one({"threads", 1.9, 2.1, 0, true}, 4), "threads: about 2 cores, 1.90\u00d7"));
    QVERIFY(has(one({"threads", 1.9, NAN, NAN, true}, 4), "threads: 1.90\u00d7")); // not sampled: no guess
    QVERIFY(has(one({"threads", NAN, 2.0, 0, true}, 2), "no sequential run to compare with"));
    QVERIFY(has(one({"processes", 1.9, 2.0, 0, false}, 2), "but its answer was wrong"));
    QVERIFY(has(describeComparison({{"sequential", 1.0, 1.0, 0, true}}, 2), "Only the sequential run"));
}

void TestCompare::comparesFourBackendsOneAfterAnother() {
    QTemporaryDir dir;
    const auto path = dir.filePath("compare.mpwbrun");
    const auto r = runTool({"compare", "sum-squares", "--n", "100000000", "--workers", "2", "--backends",
                            "sequential,gil-threads,threads,processes", "--cpu-interval-ms", "20", "--json",
                            "--events", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto o = QJsonDocument::fromJson(r.out).object();
    for (const char* key : {"exercise", "params", "cores", "runs", "verdict"})
        QVERIFY2(o.contains(key), key);
    QCOMPARE(o["exercise"].toString(), QString("sum-squares"));
    QCOMPARE(o["params"].toObject()["n"].toString(), QString("100000000"));
    QVERIFY(!o["verdict"].toString().isEmpty());
    const auto runs = o["runs"].toArray();
    QCOMPARE(runs.size(), 4);
    const QStringList order{"sequential", "gil-threads", "threads", "processes"};
    qint64 previousFinish = -1;
    for (int i = 0; i < runs.size(); ++i) {
        const auto run = runs[i].toObject();
        for (const char* key : {"backend", "workers", "start_method", "wall_s", "speedup", "correct",
                                "result", "started_ns", "finished_ns", "worker_cpu_s", "busy_other_cores"})
            QVERIFY2(run.contains(key), key);
        QCOMPARE(run["backend"].toString(), order[i]);
        QCOMPARE(run["workers"].toInt(), i == 0 ? 1 : 2);
        QVERIFY(run["correct"].toBool());
        QCOMPARE(run["result"].toString(), runs[0].toObject()["result"].toString());
        // One clock for all runs: each begins after the one before has finished.
        const auto started = qint64(run["started_ns"].toDouble());
        const auto finished = qint64(run["finished_ns"].toDouble());
        QVERIFY(started >= previousFinish);
        QVERIFY(finished > started);
        previousFinish = finished;
        QVERIFY(run["speedup"].toDouble() > 0);
        QVERIFY(run["worker_cpu_s"].toArray().size() <= run["workers"].toInt());
        QVERIFY(run["busy_other_cores"].isNull() || run["busy_other_cores"].toDouble() >= 0);
    }
    QCOMPARE(runs[0].toObject()["speedup"].toDouble(), 1.0);
    QCOMPARE(runs[3].toObject()["start_method"].toString(), QString("fork"));

    // The stream holds the four runs in turn, each from its own hello to its own run_finished, every item
    // counted once however the chunks were merged.
    EventStreamReader reader;
    const auto events = reader.readFile(path.toStdString());
    QStringList seen;
    std::uint64_t expectedItems = 0, items = 0;
    for (const auto& e : events) {
        if (std::holds_alternative<HelloEvent>(e.body)) seen << "hello";
        if (const auto* s = std::get_if<RunStartedEvent>(&e.body)) {
            seen << QString::fromStdString(s->backend);
            expectedItems = s->items;
            items = 0;
        }
        if (const auto* c = std::get_if<ChunkEvent>(&e.body)) items += c->items;
        if (const auto* f = std::get_if<RunFinishedEvent>(&e.body)) {
            seen << QString::fromStdString("finished " + f->status);
            QCOMPARE(items, expectedItems);
        }
    }
    QStringList expected;
    for (const auto& backend : order)
        expected << "hello" << backend << "finished ok";
    QCOMPARE(seen, expected);
    QVERIFY(childProcesses(getpid()).empty());
}

void TestCompare::badInputIsRefusedBeforeAnythingStarts_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("mentions");
    const QStringList sum{"compare", "sum-squares"};
    QTest::newRow("unknown backend") << sum + QStringList{"--backends", "threads,gpu"}
                                     << QStringList{"--backends", "'gpu'", "processes"};
    QTest::newRow("empty entry") << sum + QStringList{"--backends", "threads,,processes"}
                                 << QStringList{"--backends"};
    QTest::newRow("a backend twice") << sum + QStringList{"--backends", "threads,processes,threads"}
                                     << QStringList{"threads twice"};
    QTest::newRow("--backend instead of --backends")
        << sum + QStringList{"--backend", "threads"} << QStringList{"--backends"};
    QTest::newRow("pipeline on threads")
        << QStringList{"compare", "pipeline", "--backends", "threads,processes"}
        << QStringList{"'pipeline'", "only with processes", "threads"};
    QTest::newRow("pipeline on sequential")
        << QStringList{"compare", "pipeline", "--backends", "sequential,processes"}
        << QStringList{"'pipeline'", "sequential"};
    QTest::newRow("bad parameter") << sum + QStringList{"--n", "0"} << QStringList{"--n"};
    QTest::newRow("bad workers") << sum + QStringList{"--workers", "0"} << QStringList{"--workers"};
    QTest::newRow("unknown option") << sum + QStringList{"--colour", "red"} << QStringList{"--colour"};
}

void TestCompare::badInputIsRefusedBeforeAnythingStarts() {
    QFETCH(QStringList, args);
    QFETCH(QStringList, mentions);
    QTemporaryDir dir;
    const auto events = dir.filePath("never.mpwbrun");
    const auto r = runTool(args + QStringList{"--events", events});
    QCOMPARE(r.exitCode, 2);
    for (const auto& m : mentions)
        QVERIFY2(QString(r.err).contains(m), r.err.constData());
    QVERIFY(!QFile::exists(events)); // refused before any run, so not even the stream was opened
    const auto j = runTool(args + QStringList{"--json"});
    QCOMPARE(j.exitCode, 2);
    const auto message = QJsonDocument::fromJson(j.out).object()["error"].toObject()["message"].toString();
    for (const auto& m : mentions)
        QVERIFY2(message.contains(m), j.out.constData());
}

// The counter's work grows with its workers (each adds M), so speed is compared as work per second.
void TestCompare::sharedCounterSpeedupIsWorkPerSecond() {
    const auto r = runTool({"compare", "shared-counter", "--mode", "atomic", "--increments", "2000000",
                            "--workers", "2", "--backends", "sequential,processes", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto runs = QJsonDocument::fromJson(r.out).object()["runs"].toArray();
    QCOMPARE(runs.size(), 2);
    const auto seq = runs[0].toObject(), proc = runs[1].toObject();
    QVERIFY(seq["correct"].toBool() && proc["correct"].toBool());
    QCOMPARE(proc["items"].toDouble(), 2 * seq["items"].toDouble());
    const double expected = (proc["items"].toDouble() / proc["wall_s"].toDouble()) /
                            (seq["items"].toDouble() / seq["wall_s"].toDouble());
    QVERIFY2(std::abs(proc["speedup"].toDouble() - expected) <= 1e-9 * expected,
             qPrintable(QString("%1 against %2").arg(proc["speedup"].toDouble()).arg(expected)));
}

void TestCompare::stopSignalCancelsTheWholeCompare() {
    QTemporaryDir dir;
    const auto path = dir.filePath("stopped.mpwbrun");
    QProcess host;
    const auto pids = startLongCompare(host, path);
    QCOMPARE(pids.size(), std::size_t(2));
    const auto hostPid = host.processId();
    ::kill(static_cast<pid_t>(hostPid), SIGTERM);
    QVERIFY(host.waitForFinished(15000));
    QCOMPARE(host.exitStatus(), QProcess::NormalExit);
    QCOMPARE(host.exitCode(), 130);
    for (int pid : pids)
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
    QVERIFY(segmentsOf(hostPid).isEmpty());
    // The cancelled run ended its stream properly, and the threads run never began.
    const auto events = eventsIn(path);
    QVERIFY(!events.empty());
    QVERIFY(std::holds_alternative<RunFinishedEvent>(events.back().body));
    QCOMPARE(std::get<RunFinishedEvent>(events.back().body).status, std::string("cancelled"));
    QVERIFY(workersOfRun(path, "threads").empty());
    QVERIFY(QString(host.readAllStandardOutput()).contains("cancelled in the processes run"));
}

void TestCompare::deadWorkerEndsTheCompareNamingTheBackend() {
    QTemporaryDir dir;
    const auto path = dir.filePath("killed.mpwbrun");
    QProcess host;
    const auto pids = startLongCompare(host, path, {"--json"});
    QCOMPARE(pids.size(), std::size_t(2));
    const auto hostPid = host.processId();
    ::kill(pids[1], SIGKILL);
    QVERIFY(host.waitForFinished(15000));
    QCOMPARE(host.exitCode(), 1);
    const auto o = QJsonDocument::fromJson(host.readAllStandardOutput()).object();
    QCOMPARE(o["status"].toString(), QString("error"));
    const auto error = o["error"].toObject();
    QCOMPARE(error["kind"].toString(), QString("worker-died"));
    QCOMPARE(error["backend"].toString(), QString("processes"));
    QVERIFY2(error["message"].toString().contains("processes run failed"),
             qPrintable(error["message"].toString()));
    QVERIFY(o["runs"].toArray().isEmpty()); // the threads run never began
    QTRY_VERIFY_WITH_TIMEOUT(processGone(pids[0]), 5000);
    QVERIFY(segmentsOf(hostPid).isEmpty());
}

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
