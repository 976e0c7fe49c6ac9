// SPDX-License-Identifier: GPL-3.0-or-later
// Faults of a run as a whole, through RunSession and through mpwb-run: a cancel at any moment (before the
// run, while an exercise prepares its input, mid-run, Ctrl-C to the whole process group) always ends as
// "cancelled" with exit status 130; a pipeline stage or a counter's lock holder that stops making progress
// ends the run as "stalled", naming it; a lock whose owner died is said to be taken over from the real pid.
// Each case checks the four properties: it ends in time, no process of the run is left, /dev/shm is as
// before, and the error is named and structured with a non-zero exit.
#include <QtTest>

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <chrono>
#include <csignal>
#include <unistd.h>

#include "catalogue.h"
#include "event_stream.h"
#include "process_census.h"
#include "run_session.h"
#include "runner_process.h"

using namespace mpwb;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// The last error and run_finished of a stream file.
std::pair<std::optional<ErrorEvent>, std::optional<RunFinishedEvent>> endOf(const QString& path) {
    std::optional<ErrorEvent> error;
    std::optional<RunFinishedEvent> finished;
    for (const auto& e : eventsIn(path)) {
        if (const auto* x = std::get_if<ErrorEvent>(&e.body)) error = *x;
        if (const auto* f = std::get_if<RunFinishedEvent>(&e.body)) finished = *f;
    }
    return {error, finished};
}

// The lock samples of a live counter run so far.
std::vector<LockEvent> lockSamples(const QString& path) {
    std::vector<LockEvent> locks;
    for (const auto& e : eventsIn(path))
        if (const auto* l = std::get_if<LockEvent>(&e.body)) locks.push_back(*l);
    return locks;
}

// Stops the counter's workers one at a time until one is caught holding the lock: with two workers, the
// other then waits and no acquisition follows. (The samples' "holder" is the holder's own mark, which may lag
// behind the lock: it can be stopped inside the lock call, after taking the lock.) Returns its worker number,
// or -1 if none was caught.
// The state letter of a process in /proc/PID/stat: R running or runnable, S asleep (a futex wait), T stopped.
char processState(int pid) {
    QFile stat(QString("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return '?';
    const QByteArray text = stat.readAll();
    const auto close = text.lastIndexOf(')'); // the name may hold spaces and brackets
    return close >= 0 && close + 2 < text.size() ? text.at(close + 2) : '?';
}

int stopTheLockHolder(const QString& path, const std::map<int, int>& pids, bool needMark) {
    for (int attempt = 0; attempt < 80; ++attempt) {
        const int worker = attempt % static_cast<int>(pids.size());
        ::kill(pids.at(worker), SIGSTOP);
        QThread::msleep(160); // three samples of the lock
        const auto locks = lockSamples(path);
        // On a busy machine the samples alone can mislead: a stopped waiter while the holder is merely
        // preempted also shows a waiter and no acquisition. The others must also be asleep on the lock,
        // not runnable.
        const auto othersAsleep = [&] {
            for (const auto& [other, pid] : pids)
                if (other != worker && processState(pid) != 'S') return false;
            return true;
        };
        if (locks.size() >= 2) {
            const auto& a = locks[locks.size() - 2];
            const auto& b = locks.back();
            // With needMark, its own mark must say it holds the lock too: the mark can lag (a worker stopped
            // inside the lock call, after taking it, has not set it yet), and a report that names the dead
            // holder goes by that mark.
            if (a.waiting > 0 && b.waiting > 0 && a.acquisitions == b.acquisitions &&
                (!needMark || b.holder == worker) && othersAsleep()) {
                QThread::msleep(50);
                if (othersAsleep()) return worker;
            }
        }
        ::kill(pids.at(worker), SIGCONT);
        QThread::msleep(30);
    }
    return -1;
}

// How many processes run as `uid`, from /proc.
int processesOf(uid_t uid) {
    int count = 0;
    for (const auto& name : QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile status("/proc/" + name + "/status");
        if (name.toInt() > 0 && status.open(QIODevice::ReadOnly))
            count += status.readAll().contains(QString("\nUid:\t%1\t").arg(uid).toLatin1());
    }
    return count;
}

// Checks what every failed or cancelled mpwb-run must leave: the report's error, the stream's error and
// run_finished, no worker left, no segment left.
void checkEnd(QProcess& host, qint64 hostPid, const QString& path, const QString& kind,
              const std::map<int, int>& pids) {
    const auto report = QJsonDocument::fromJson(host.readAllStandardOutput()).object();
    QCOMPARE(report["error"].toObject()["kind"].toString(), kind);
    const auto [error, finished] = endOf(path);
    QVERIFY(error && finished);
    QCOMPARE(QString::fromStdString(error->kind), kind);
    QCOMPARE(QString::fromStdString(finished->status), kind == "cancelled" ? kind : QString("error"));
    for (const auto& [worker, pid] : pids)
        QTRY_VERIFY2_WITH_TIMEOUT(
            processGone(pid), qPrintable(QString("worker %1 (pid %2) is left").arg(worker).arg(pid)), 5000);
    QCOMPARE(segmentsOf(hostPid), QStringList());
}

} // namespace

class TestRunFaults : public QObject {
    Q_OBJECT
private slots:
    void cancelBeforeRun_data();
    void cancelBeforeRun();
    void signalWhilePreparing_data();
    void signalWhilePreparing();
    void signalMidRun_data();
    void signalMidRun();
    void ctrlCToTheProcessGroup_data();
    void ctrlCToTheProcessGroup();
    void pipelineStallNamesTheStage_data();
    void pipelineStallNamesTheStage();
    void pipelineResumesAfterSigcont();
    void pipelineDeclaresOnlyWhatItRuns();
    void pipelineStageThatCannotStartIsNamed();
    void counterStallNamesTheLockHolder_data();
    void counterStallNamesTheLockHolder();
    void counterTakeoverNamesTheDeadOwner();
};

void TestRunFaults::cancelBeforeRun_data() {
    QTest::addColumn<QString>("exercise");
    QTest::addColumn<QString>("start");
    QTest::newRow("sum-squares, fork") << "sum-squares"
                                       << "fork";
    QTest::newRow("sum-squares, spawn") << "sum-squares"
                                        << "spawn";
    QTest::newRow("pipeline") << "pipeline"
                              << "fork";
    QTest::newRow("shared-counter, spawn") << "shared-counter"
                                           << "spawn";
    QTest::newRow("image-filter") << "image-filter"
                                  << "fork";
}

// Cancelled before run(): nothing is prepared or started, and the stream still tells the whole story.
void TestRunFaults::cancelBeforeRun() {
    QFETCH(QString, exercise);
    QFETCH(QString, start);
    QTemporaryDir output;
    RunSpec spec;
    spec.exercise = exercise.toStdString();
    spec.startMethod = start == "spawn" ? StartMethod::Spawn : StartMethod::Fork;
    spec.workers = 2;
    spec.cpuInterval = std::chrono::milliseconds(0);
    if (exercise == "image-filter") spec.params = {{"output", output.path().toStdString()}, {"samples", "3"}};
    VectorSink events;
    RunSession session(*findExercise(spec.exercise), spec, &events);
    session.cancel();
    const auto asked = Clock::now();
    const auto report = session.run();
    QVERIFY(secondsSince(asked) < 2);
    QCOMPARE(report.status, std::string("cancelled"));
    QVERIFY(report.error && report.error->kind == "cancelled");
    const auto all = events.events();
    QCOMPARE(all.size(), std::size_t(4));
    QVERIFY(std::holds_alternative<HelloEvent>(all[0].body));
    QVERIFY(std::holds_alternative<RunStartedEvent>(all[1].body));
    QCOMPARE(std::get<ErrorEvent>(all[2].body).kind, std::string("cancelled"));
    QCOMPARE(std::get<RunFinishedEvent>(all[3].body).status, std::string("cancelled"));
    QVERIFY(childProcesses(getpid()).empty());
    QCOMPARE(segmentsOf(getpid()), QStringList());
    if (exercise == "image-filter") QVERIFY(!QDir(output.path()).exists("generated-samples"));
}

void TestRunFaults::signalWhilePreparing_data() {
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGINT") << int(SIGINT);
    QTest::newRow("SIGTERM") << int(SIGTERM);
}

// image-filter generates its sample pictures before any worker starts; a cancel then acts at once.
void TestRunFaults::signalWhilePreparing() {
    QFETCH(int, signal);
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    const auto samples = dir.filePath("out/generated-samples");
    QProcess host;
    host.start(MPWB_RUN_PATH, {"run", "image-filter", "--samples", "500", "--output", dir.filePath("out"),
                               "--json", "--events", path});
    QVERIFY(host.waitForStarted());
    const auto hostPid = host.processId();
    QTRY_VERIFY_WITH_TIMEOUT(QDir(samples).entryList(QDir::Files).size() >= 2, 30000);
    const auto asked = Clock::now();
    ::kill(static_cast<pid_t>(hostPid), signal);
    QVERIFY(host.waitForFinished(10000));
    qInfo("cancelled %.2f s after the signal", secondsSince(asked));
    QVERIFY(secondsSince(asked) < 3); // promised: one second
    QCOMPARE(host.exitCode(), 130);
    checkEnd(host, hostPid, path, "cancelled", {});
    // A picture is never left half-written by the cancel.
    for (const auto& name : QDir(samples).entryList(QDir::Files))
        QVERIFY2(!QImage(samples + "/" + name).isNull(), qPrintable(name));
}

void TestRunFaults::signalMidRun_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("signal");
    QTest::newRow("sum-squares, spawn, SIGTERM")
        << QStringList{"sum-squares", "--start", "spawn", "--n", "1000000000000"} << int(SIGTERM);
    QTest::newRow("pipeline, SIGTERM") << QStringList{"pipeline", "--items", "10000000"} << int(SIGTERM);
    QTest::newRow("shared-counter, fork, SIGINT")
        << QStringList{"shared-counter", "--mode", "lock", "--increments", "100000000"} << int(SIGINT);
}

void TestRunFaults::signalMidRun() {
    QFETCH(QStringList, args);
    QFETCH(int, signal);
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH,
               QStringList{"run"} + args + QStringList{"--workers", "2", "--json", "--events", path});
    QVERIFY(host.waitForStarted());
    const auto hostPid = host.processId();
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(path).size() >= 2, 20000);
    QThread::msleep(200);
    const auto pids = workerPidsIn(path);
    const auto asked = Clock::now();
    ::kill(static_cast<pid_t>(hostPid), signal);
    QVERIFY(host.waitForFinished(10000));
    QVERIFY(secondsSince(asked) < 5);
    QCOMPARE(host.exitCode(), 130);
    checkEnd(host, hostPid, path, "cancelled", pids);
}

void TestRunFaults::ctrlCToTheProcessGroup_data() {
    QTest::addColumn<QStringList>("args");
    QTest::newRow("pipeline") << QStringList{"pipeline", "--items", "10000000", "--workers", "3"};
    QTest::newRow("sum-squares, spawn")
        << QStringList{"sum-squares", "--start", "spawn", "--workers", "4", "--n", "1000000000000"};
}

// A terminal's Ctrl-C reaches every process of the group; only the host decides, and it says "cancelled".
void TestRunFaults::ctrlCToTheProcessGroup() {
    QFETCH(QStringList, args);
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.setChildProcessModifier([] { ::setpgid(0, 0); }); // a group of its own, as a shell would give it
    host.start(MPWB_RUN_PATH, QStringList{"run"} + args + QStringList{"--json", "--events", path});
    QVERIFY(host.waitForStarted());
    const auto hostPid = host.processId();
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(path).size() >= 3, 20000);
    QThread::msleep(200);
    const auto pids = workerPidsIn(path);
    ::kill(-static_cast<pid_t>(hostPid), SIGINT);
    QVERIFY(host.waitForFinished(10000));
    QCOMPARE(host.exitCode(), 130);
    checkEnd(host, hostPid, path, "cancelled", pids);
}

void TestRunFaults::pipelineStallNamesTheStage_data() {
    QTest::addColumn<int>("stage");
    QTest::addColumn<QString>("named");
    QTest::newRow("a worker, holding an item") << 1 << "Worker 1";
    QTest::newRow("the collector, waiting") << 3 << "The collector";
}

void TestRunFaults::pipelineStallNamesTheStage() {
    QFETCH(int, stage);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH, {"run", "pipeline", "--items", "10000000", "--workers", "2", "--work-us",
                               "1000", "--stall-timeout", "1", "--json", "--events", path});
    QVERIFY(host.waitForStarted());
    const auto hostPid = host.processId();
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(path).size() == 4, 20000);
    QThread::msleep(300);
    const auto pids = workerPidsIn(path);
    const auto stopped = Clock::now();
    ::kill(pids.at(stage), SIGSTOP);
    QVERIFY(host.waitForFinished(15000));
    qInfo("stall reported %.2f s after SIGSTOP, with a 1 s timeout", secondsSince(stopped));
    QVERIFY(secondsSince(stopped) < 8);
    QCOMPARE(host.exitCode(), 1);
    const auto report = QJsonDocument::fromJson(host.readAllStandardOutput()).object();
    const auto error = report["error"].toObject();
    QCOMPARE(error["worker"].toInt(), stage);
    QCOMPARE(error["pid"].toInt(), pids.at(stage));
    const auto message = error["message"].toString();
    QVERIFY2(message.contains(named) && message.contains(QString::number(pids.at(stage))) &&
                 message.contains("stopped") && message.contains("1.0 s"),
             qPrintable(message));
    QCOMPARE(error["kind"].toString(), QString("stalled"));
    const auto [streamError, finished] = endOf(path);
    QVERIFY(streamError && finished);
    QCOMPARE(streamError->kind, std::string("stalled"));
    QCOMPARE(streamError->pid, pids.at(stage));
    QCOMPARE(finished->status, std::string("error"));
    for (const auto& [number, pid] : pids)
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
    QCOMPARE(segmentsOf(hostPid), QStringList());
}

// A stage stopped for less than the stall timeout resumes, and the run ends as if nothing had happened.
void TestRunFaults::pipelineResumesAfterSigcont() {
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH, {"run", "pipeline", "--items", "20000", "--workers", "2", "--stall-timeout",
                               "4", "--json", "--events", path});
    QVERIFY(host.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(path).size() == 4, 20000);
    const auto pids = workerPidsIn(path);
    ::kill(pids.at(0), SIGSTOP);
    QThread::msleep(1500);
    ::kill(pids.at(0), SIGCONT);
    QVERIFY(host.waitForFinished(30000));
    QCOMPARE(host.exitCode(), 0);
    const auto report = QJsonDocument::fromJson(host.readAllStandardOutput()).object();
    QCOMPARE(report["status"].toString(), QString("ok"));
    QVERIFY(report["correct"].toBool());
}

// What the catalogue offers is what run accepts: the pipeline forks only, and says why when asked to spawn.
void TestRunFaults::pipelineDeclaresOnlyWhatItRuns() {
    const auto list = runTool({"list", "--json"});
    QCOMPARE(list.exitCode, 0);
    const auto doc = QJsonDocument::fromJson(list.out);
    const auto exercises = doc.isArray() ? doc.array() : doc.object()["exercises"].toArray();
    bool found = false;
    for (const auto& e : exercises) {
        const auto o = e.toObject();
        if (o["id"].toString() != "pipeline") continue;
        found = true;
        QCOMPARE(o["start_methods"].toArray(), QJsonArray({"fork"}));
    }
    QVERIFY(found);
    const auto spawn = runTool({"run", "pipeline", "--start", "spawn", "--json"});
    QCOMPARE(spawn.exitCode, 2);
    QVERIFY2(spawn.out.contains("forked from the host"), spawn.out.constData());
}

// The process limit reached while the stages are forked: the stage that could not start is named, the others
// are shut down.
void TestRunFaults::pipelineStageThatCannotStartIsNamed() {
    if (QStandardPaths::findExecutable("prlimit").isEmpty()) QSKIP("prlimit is needed to lower the limit");
    QStringList command = {MPWB_RUN_PATH, "run", "pipeline", "--workers", "2", "--json"};
    if (getuid() == 0) { // root is not held to RLIMIT_NPROC: run as nobody, which owns no other process here
        if (QStandardPaths::findExecutable("setpriv").isEmpty()) QSKIP("setpriv is needed to run as nobody");
        command = QStringList{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"} + command;
    }
    QProcess runner;
    runner.start("prlimit", QStringList{"--nproc=3"} + command); // the host and two stages
    QVERIFY(runner.waitForStarted());
    QVERIFY(runner.waitForFinished(10000));
    const auto out = runner.readAllStandardOutput();
    QVERIFY2(runner.exitCode() == 1, QByteArray(out + runner.readAllStandardError()).constData());
    const auto error = QJsonDocument::fromJson(out).object()["error"].toObject();
    QCOMPARE(error["kind"].toString(), QString("worker-start-failed"));
    QCOMPARE(error["worker"].toInt(), 1);
    QVERIFY2(error["message"].toString().startsWith("Could not fork worker 1") &&
                 error["message"].toString().contains("ulimit -u"),
             qPrintable(error["message"].toString()));
    // The host is gone; the stages it did start must be too. As nobody, they would be nobody's only
    // processes.
    if (getuid() == 0) QTRY_COMPARE_WITH_TIMEOUT(processesOf(65534), 0, 5000);
}

void TestRunFaults::counterStallNamesTheLockHolder_data() {
    QTest::addColumn<QString>("start");
    QTest::newRow("fork") << "fork";
    QTest::newRow("spawn") << "spawn";
}

// A worker stopped while it holds the counter's lock: the others wait for it, and the error says so.
void TestRunFaults::counterStallNamesTheLockHolder() {
    QFETCH(QString, start);
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH,
               {"run", "shared-counter", "--mode", "lock", "--workers", "2", "--start", start, "--increments",
                "60000000", "--stall-timeout", "3", "--json", "--events", path});
    QVERIFY(host.waitForStarted());
    const auto hostPid = host.processId();
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(path).size() == 2, 20000);
    const auto pids = workerPidsIn(path);
    const int holder = stopTheLockHolder(path, pids, false);
    QVERIFY2(holder >= 0, "no worker was caught holding the lock");
    const auto stopped = Clock::now();
    QVERIFY(host.waitForFinished(15000));
    qInfo("lock holder's stall reported %.2f s after it was caught, with a 3 s timeout",
          secondsSince(stopped));
    QCOMPARE(host.exitCode(), 1);
    const auto report = QJsonDocument::fromJson(host.readAllStandardOutput()).object();
    const auto error = report["error"].toObject();
    QCOMPARE(error["kind"].toString(), QString("stalled"));
    QCOMPARE(error["worker"].toInt(), holder);
    QCOMPARE(error["pid"].toInt(), pids.at(holder));
    const auto message = error["message"].toString();
    QVERIFY2(message.contains(QString("Worker %1 (pid %2)").arg(holder).arg(pids.at(holder))) &&
                 message.contains("wait for its lock"),
             qPrintable(message));
    for (const auto& [worker, pid] : pids)
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
    QCOMPARE(segmentsOf(hostPid), QStringList());
}

// A worker killed while it holds the lock: the report names its real pid, never "pid 0", in whole sentences.
void TestRunFaults::counterTakeoverNamesTheDeadOwner() {
    QTemporaryDir dir;
    const auto path = dir.filePath("live.mpwbrun");
    QProcess host;
    host.start(MPWB_RUN_PATH, {"run", "shared-counter", "--mode", "lock", "--workers", "2", "--increments",
                               "100000000", "--json", "--events", path});
    QVERIFY(host.waitForStarted());
    const auto hostPid = host.processId();
    QTRY_VERIFY_WITH_TIMEOUT(workerPidsIn(path).size() == 2, 20000);
    const auto pids = workerPidsIn(path);
    const int holder = stopTheLockHolder(path, pids, true);
    QVERIFY2(holder >= 0, "no worker was caught holding the lock");
    ::kill(pids.at(holder), SIGKILL);
    QVERIFY(host.waitForFinished(10000));
    QCOMPARE(host.exitCode(), 1);
    const auto error = QJsonDocument::fromJson(host.readAllStandardOutput()).object()["error"].toObject();
    QCOMPARE(error["kind"].toString(), QString("worker-died"));
    QCOMPARE(error["pid"].toInt(), pids.at(holder));
    const auto message = error["message"].toString();
    QVERIFY2(message.contains("It died holding the counter's lock.") && !message.contains("pid 0") &&
                 !message.contains(" . "),
             qPrintable(message));
    for (const auto& [worker, pid] : pids)
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
    QCOMPARE(segmentsOf(hostPid), QStringList());
}

QTEST_GUILESS_MAIN(TestRunFaults)
#include "tst_run_faults.moc"
