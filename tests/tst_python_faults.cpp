// SPDX-License-Identifier: GPL-3.0-or-later
// `mpwb-run python` when things go wrong: a request refused before anything starts, a script that cannot
// compile or raises, work that cannot be pickled, a killed child, a missing main guard, a cancel, a killed
// runner, a child deaf to SIGTERM, a double-forked daemon and a leaked shared-memory name. Whatever happens,
// nothing of the script's tree outlives the run.

#include <QElapsedTimer>
#include <QTest>
#include <QThread>
#include <algorithm>
#include <csignal>

#include "python_runs.h"

using namespace mpwb;

namespace {

std::optional<ErrorEvent> errorIn(const TracedRun& run) {
    const auto errors = eventsOf<ErrorEvent>(run.events);
    if (errors.empty()) return std::nullopt;
    return errors.front();
}

// The pids a script printed on a line "pids 1 2 3" (its own children, which the facts may not name).
std::vector<int> printedPids(const QString& text) {
    std::vector<int> pids;
    for (const auto& line : text.split('\n'))
        if (line.startsWith("pids "))
            for (const auto& word : line.mid(5).split(' ', Qt::SkipEmptyParts))
                pids.push_back(word.toInt());
    return pids;
}

// Starts `mpwb-run python` on a script that never ends, and waits until it printed its children's pids.
struct LiveRun {
    QTemporaryDir dir;
    QString stream = dir.filePath("live.jsonl");
    QProcess process;
    std::vector<int> pids;
    QString output; // its standard output so far

    bool start(const QString& script, const QStringList& args = {}) {
        process.start(MPWB_RUN_PATH,
                      QStringList{"python", "--python", testPython(), "--events", stream, script} + args);
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 30000) {
            QTest::qWait(50);
            // The stream is written under a temporary name until the run ends.
            const auto live = QDir(dir.path()).entryList({"live.jsonl.incomplete-*"}, QDir::Files);
            if (live.isEmpty()) continue;
            QFile f(dir.filePath(live.first()));
            if (!f.open(QIODevice::ReadOnly)) continue;
            try {
                EventStreamReader reader;
                output = outputOf(reader.feed(f.readAll().toStdString()), "stdout");
                pids = printedPids(output);
            } catch (const std::exception&) {
            }
            if (!pids.empty()) return true;
        }
        return false;
    }
    // Milliseconds until every pid is gone, or -1 after `limitMs`.
    qint64 msUntilGone(qint64 limitMs) const {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < limitMs) {
            if (std::none_of(pids.begin(), pids.end(), processAlive)) return clock.elapsed();
            QTest::qWait(10);
        }
        return -1;
    }
};

} // namespace

class PythonFaultsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (testPython().isEmpty()) QSKIP("no python3 here");
    }

    void badRequestsAreRefusedBeforeAnythingStarts_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("says");
        QTest::newRow("no script") << QStringList{} << "script"
                                   << "name the Python script";
        QTest::newRow("missing") << QStringList{"/nonexistent/x.py"} << "script"
                                 << "cannot be found";
        QTest::newRow("a directory") << QStringList{MPWB_FIXTURES_DIR} << "script"
                                     << "is a directory";
        QTest::newRow("no such python")
            << QStringList{"--python", "/nonexistent/python9", faultScript("raises.py")} << "python"
            << "python9";
        QTest::newRow("not a python")
            << QStringList{"--python", "/bin/false", faultScript("raises.py")} << "python"
            << "could not be used as Python 3";
        QTest::newRow("too old a python")
            << QStringList{"--python", faultScript("python37.sh"), faultScript("raises.py")} << "python"
            << "3.8 or newer";
        QTest::newRow("bad start") << QStringList{"--start", "threads", faultScript("raises.py")} << "start"
                                   << "fork, spawn or forkserver";
    }
    void badRequestsAreRefusedBeforeAnythingStarts() {
        QFETCH(QStringList, args);
        QFETCH(QString, parameter);
        QFETCH(QString, says);
        QProcess p;
        p.start(MPWB_RUN_PATH, QStringList{"python", "--json"} + args);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const auto error =
            QJsonDocument::fromJson(p.readAllStandardOutput()).object().value("error").toObject();
        QCOMPARE(error.value("kind").toString(), QString("bad-request"));
        QCOMPARE(error.value("parameter").toString(), parameter);
        QVERIFY2(error.value("message").toString().contains(says),
                 qPrintable(error.value("message").toString()));
    }

    void aMissingTracerNamesEveryPlaceLooked() {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("MPWB_TRACER", "/nonexistent/tracer");
        p.setProcessEnvironment(env);
        // A copy of the runner where no tracer sits beside it.
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath("bin")));
        QVERIFY(QFile::copy(MPWB_RUN_PATH, dir.filePath("bin/mpwb-run")));
        QFile(dir.filePath("bin/mpwb-run")).setPermissions(QFileDevice::ExeOwner | QFileDevice::ReadOwner);
        p.start(dir.filePath("bin/mpwb-run"), {"python", "--python", testPython(), faultScript("raises.py")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const auto err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("/nonexistent/tracer") && err.contains(dir.path() + "/share/mpwb/tracer"),
                 qPrintable(err));
    }

    void aSyntaxErrorIsNamedWithFileAndLine() {
        const auto run = tracedRun({}, faultScript("syntax_error.py"));
        QCOMPARE(run.exitCode, 1);
        const auto error = errorIn(run);
        QVERIFY(error);
        QCOMPARE(error->kind, std::string("script-failed"));
        QVERIFY(QString::fromStdString(error->file).endsWith("syntax_error.py"));
        QCOMPARE(error->item, std::int64_t(4));
        QVERIFY(QString::fromStdString(error->message).contains("SyntaxError"));
    }

    void aScriptThatRaisesFailsWithItsTraceback() {
        const auto run = tracedRun({}, faultScript("raises.py"));
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.report.value("status").toString(), QString("error"));
        QCOMPARE(run.report.value("exit_code").toInt(), 1);
        const auto error = errorIn(run);
        QVERIFY(error);
        QCOMPARE(error->kind, std::string("script-failed"));
        QCOMPARE(error->item, std::int64_t(7));
        QVERIFY(QString::fromStdString(error->message).contains("ValueError"));
        const auto stderrText = outputOf(run.events, "stderr");
        QVERIFY2(stderrText.contains("Traceback") && stderrText.contains("the answer was not 42"),
                 qPrintable(stderrText));
        QCOMPARE(outputOf(run.events, "stdout"), QString("about to fail\n"));
        QCOMPARE(eventsOf<ResultEvent>(run.events).size(), std::size_t(1));
        QVERIFY(!eventsOf<ResultEvent>(run.events)[0].correct);
    }

    void unpicklableWorkIsNamedBeforeAnyWork_data() {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("what");
        QTest::newRow("lambda") << "lambda_map.py"
                                << "lambda";
        QTest::newRow("local function") << "local_function.py"
                                        << "local function";
    }
    void unpicklableWorkIsNamedBeforeAnyWork() {
        QFETCH(QString, script);
        QFETCH(QString, what);
        const auto run = tracedRun({}, faultScript(script));
        QCOMPARE(run.exitCode, 1);
        const auto error = errorIn(run);
        QVERIFY(error);
        QCOMPARE(error->kind, std::string("unpicklable"));
        QVERIFY2(QString::fromStdString(error->message).contains(what), error->message.c_str());
        QVERIFY(eventsOf<ChunkEvent>(run.events).empty());
    }

    void aKilledChildIsNamedByPidAndSignal() {
        const auto run = tracedRun({}, faultScript("killed_child.py"));
        QCOMPARE(run.exitCode, 1);
        const auto error = errorIn(run);
        QVERIFY(error);
        QCOMPARE(error->kind, std::string("worker-died"));
        QCOMPARE(error->signal, SIGKILL);
        QVERIFY(workerPids(run.events).count(error->pid));
        QVERIFY(outputOf(run.events, "stdout").contains(QString("child %1 ended with -9").arg(error->pid)));
        // The death was said when it happened, before the outcome.
        const auto ended = eventsOf<WorkerEndedEvent>(run.events);
        QVERIFY(std::any_of(ended.begin(), ended.end(), [&](const WorkerEndedEvent& e) {
            return e.pid == error->pid && e.signal == SIGKILL && !e.byParent;
        }));
    }

    void aKilledPoolWorkerTheScriptSurvivesIsSaid() {
        // A Pool replaces its killed worker and the script ends well: no error, the run is ok, and the
        // death is in the stream all the same. The workers the `with` block terminates at its end were
        // stopped by the script: said so, and never taken for the killed one.
        const auto run = tracedRun({}, faultScript("pool_survives_kill.py"));
        QCOMPARE(run.exitCode, 0);
        QVERIFY(!errorIn(run));
        QVERIFY(outputOf(run.events, "stdout").contains("a new worker answered 25"));
        const auto pids = workerPids(run.events);
        int killed = 0;
        for (const auto& e : eventsOf<WorkerEndedEvent>(run.events)) {
            QVERIFY(pids.count(e.pid));
            if (e.signal == SIGKILL && !e.byParent) ++killed;
            if (e.signal == SIGTERM)
                QVERIFY2(e.byParent, "a worker the pool terminated was not marked as such");
        }
        QCOMPARE(killed, 1);
    }

    void aMissingMainGuardEndsTheRunQuickly() {
        QElapsedTimer clock;
        clock.start();
        const auto run = tracedRun({"--start", "spawn"}, faultScript("no_main_guard.py"));
        QVERIFY(clock.elapsed() < 30000);
        QCOMPARE(run.exitCode, 1);
        const auto error = errorIn(run);
        QVERIFY(error);
        QCOMPARE(error->kind, std::string("no-main-guard"));
        QCOMPARE(eventsOf<RunFinishedEvent>(run.events).back().status, std::string("error"));
        for (const auto& v : run.report.value("pids").toArray())
            QVERIFY(!processAlive(v.toInt()));
    }

    void aCancelEndsTheWholeTree_data() {
        QTest::addColumn<QString>("script");
        QTest::newRow("hanging") << "hang.py";
        QTest::newRow("deaf to SIGTERM") << "ignores_term.py";
    }
    void aCancelEndsTheWholeTree() {
        QFETCH(QString, script);
        LiveRun run;
        QVERIFY(run.start(faultScript(script)));
        ::kill(static_cast<pid_t>(run.process.processId()), SIGINT);
        QVERIFY(run.process.waitForFinished(15000));
        QCOMPARE(run.process.exitCode(), 130);
        QVERIFY(run.msUntilGone(5000) >= 0);
        EventStreamReader reader;
        const auto events = reader.readFile(run.stream.toStdString()); // renamed into place, whole
        QCOMPARE(eventsOf<ErrorEvent>(events).front().kind, std::string("cancelled"));
        QCOMPARE(eventsOf<RunFinishedEvent>(events).back().status, std::string("cancelled"));
    }

    void aKilledRunnerLeavesNothingOfTheTree() {
        LiveRun run;
        QVERIFY(run.start(faultScript("hang.py")));
        ::kill(static_cast<pid_t>(run.process.processId()), SIGKILL);
        run.process.waitForFinished(5000);
        QVERIFY2(run.msUntilGone(10000) >= 0, "the script's processes outlived a killed runner");
    }

    void aDoubleForkedDaemonIsEndedAndReported() {
        const auto run = tracedRun({}, faultScript("double_fork.py"));
        QCOMPARE(run.exitCode, 0); // the script itself did fine
        const auto pids = printedPids(outputOf(run.events, "stdout"));
        QCOMPARE(pids.size(), std::size_t(1));
        QVERIFY(!processAlive(pids[0]));
        QVERIFY(outputOf(run.events, "workbench").contains(QString::number(pids[0])));
        bool warned = false;
        for (const auto& w : run.report.value("warnings").toArray())
            warned = warned || w.toString().contains("still running after it ended");
        QVERIFY(warned);
    }

    void aHalfLineShowsBeforeItEnds() {
        const auto run = tracedRun({}, faultScript("partial_line.py"));
        QCOMPARE(run.exitCode, 0);
        const auto outputs = eventsOf<OutputEvent>(run.events);
        QVERIFY(outputs.size() >= 2);
        QCOMPARE(outputs[0].text, std::string("working..."));
        QCOMPARE(outputOf(run.events, "stdout"), QString("working... done\n"));
    }

    void aFloodOfOutputIsCutWithANote() {
        const auto run = tracedRun({}, faultScript("floods_output.py"));
        QCOMPARE(run.exitCode, 0);
        const auto kept = outputOf(run.events, "stdout").size();
        QVERIFY(kept > 0 && kept <= qsizetype{4} * 1024 * 1024);
        QVERIFY(outputOf(run.events, "workbench").contains("cut"));
    }

    void tooManyProcessesAreWarnedAboutAndAllEnded() {
        const auto run = tracedRun({}, faultScript("many_processes.py"));
        QCOMPARE(run.exitCode, 0);
        bool warned = false;
        for (const auto& w : run.report.value("warnings").toArray())
            warned = warned || w.toString().contains("processes of the script run at once");
        QVERIFY(warned);
        QVERIFY(outputOf(run.events, "workbench").contains("at once"));
        QVERIFY(run.report.value("processes").toInt() > 4 * QThread::idealThreadCount());
        for (const auto& v : run.report.value("pids").toArray())
            QVERIFY(!processAlive(v.toInt()));
    }

    void aLeakedSharedMemoryNameIsRemoved() {
        const auto run = tracedRun({}, faultScript("shm_leak.py"));
        QCOMPARE(run.exitCode, 0);
        QString name;
        for (const auto& line : outputOf(run.events, "stdout").split('\n'))
            if (line.startsWith("segment ")) name = line.mid(8);
        QVERIFY(!name.isEmpty());
        if (eventsOf<SegmentEvent>(run.events).empty())
            QSKIP("this tracer does not report shared memory yet");
        QVERIFY2(!QFile::exists("/dev/shm/" + name), qPrintable(name));
        QVERIFY(outputOf(run.events, "workbench").contains(name));
    }
};

QTEST_GUILESS_MAIN(PythonFaultsTest)
#include "tst_python_faults.moc"
