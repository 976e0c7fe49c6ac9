// SPDX-License-Identifier: GPL-3.0-or-later
// `mpwb-run sweep EXERCISE --backend cpython`: an exercise's own Python version swept under real CPython
// (engine/python_sweep_session.h). The stream is a sweep's stream, the grid the one asked for, a baseline
// first, and a cancel leaves no process of any point behind.
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

#include "chunk_plan.h"
#include "python_runs.h"

using namespace mpwb;

namespace {

struct Sweep {
    int exitCode = -1;
    QJsonObject report;
    QByteArray err;
    std::vector<Event> events;
};

Sweep cpythonSweep(const QStringList& options) {
    QTemporaryDir dir;
    const auto file = dir.filePath("sweep.jsonl");
    QProcess p;
    p.start(MPWB_RUN_PATH, QStringList{"sweep", "sum-squares", "--backend", "cpython", "--python",
                                       testPython(), "--json", "--events", file} +
                               options);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    Sweep s;
    s.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    s.report = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    s.err = p.readAllStandardError();
    if (QFile::exists(file)) {
        EventStreamReader reader;
        s.events = reader.readFile(file.toStdString());
    }
    return s;
}

// Python processes whose command line holds `marker` (a number no other program uses); the runner and
// its keeper, which have it on theirs too, are not Python.
int processesWith(const QByteArray& marker) {
    int found = 0;
    for (const auto& name : QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile cmdline("/proc/" + name + "/cmdline");
        const auto exe = QFileInfo("/proc/" + name + "/exe").symLinkTarget();
        if (QFileInfo(exe).fileName().startsWith("python") && cmdline.open(QIODevice::ReadOnly) &&
            cmdline.readAll().contains(marker))
            ++found;
    }
    return found;
}

} // namespace

class TestPythonSweep : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gridAfterABaseline() {
        const auto s = cpythonSweep({"--workers", "1,2", "--chunksize", "1,50", "--repeats", "1", "--n",
                                     "100000", "--block", "1000"});
        QVERIFY2(s.exitCode == 0, s.err.constData());
        QCOMPARE(s.report["backend"].toString(), QStringLiteral("cpython"));
        QVERIFY(!s.report["python_version"].toString().isEmpty());
        QCOMPARE(s.report["rows"].toArray().size(), 4);
        QVERIFY(s.report["sequential_s"].toDouble() > 0);

        QVERIFY(std::holds_alternative<HelloEvent>(s.events.front().body));
        const auto started = eventsOf<SweepStartedEvent>(s.events);
        QCOMPARE(started.size(), std::size_t(1));
        QCOMPARE(started[0].exercise, std::string("sum-squares"));
        QCOMPARE(started[0].backend, std::string("cpython"));
        QCOMPARE(started[0].workers, (std::vector<std::int64_t>{1, 2}));
        QCOMPARE(started[0].chunksizes, (std::vector<std::int64_t>{1, 50}));
        QCOMPARE(started[0].params.at("n"), std::string("100000"));
        QVERIFY(!started[0].params.at("python_version").empty());

        // The baseline first, then every cell in order, each with the chunksize it ran with.
        const auto points = eventsOf<SweepPointEvent>(s.events);
        QCOMPARE(points.size(), std::size_t(5));
        QCOMPARE(points[0].backend, std::string("sequential"));
        const std::vector<std::pair<int, std::uint64_t>> cells{{1, 1}, {1, 50}, {2, 1}, {2, 50}};
        for (std::size_t i = 0; i < cells.size(); ++i) {
            QCOMPARE(points[i + 1].backend, std::string("cpython"));
            QCOMPARE(points[i + 1].workers, cells[i].first);
            QCOMPARE(points[i + 1].chunksize, cells[i].second);
        }
        for (const auto& p : points)
            QVERIFY(p.wallNs > 0);
        const auto* end = std::get_if<RunFinishedEvent>(&s.events.back().body);
        QVERIFY(end && end->status == "ok");
    }

    // "auto" is the engine's own default rule, resolved before the program runs, so both sweeps of the
    // same work use the same chunks.
    void autoChunksizeIsTheEnginesRule() {
        const auto s = cpythonSweep({"--workers", "2", "--repeats", "1", "--n", "300000", "--block", "1000"});
        QVERIFY2(s.exitCode == 0, s.err.constData());
        const auto points = eventsOf<SweepPointEvent>(s.events);
        QCOMPARE(points.size(), std::size_t(2));
        QCOMPARE(points[1].chunksize, ChunkPlan::defaultChunksize(300, 2));
    }

    void refusedBeforeAnythingStarts_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("says");
        QTest::newRow("not a map") << QStringList{"sweep", "shared-counter", "--backend", "cpython"}
                                   << "backend"
                                   << "sum-squares";
        QTest::newRow("no such python")
            << QStringList{"sweep", "sum-squares", "--backend", "cpython", "--python", "/no/such/python3"}
            << "python"
            << "/no/such/python3";
        QTest::newRow("bad start") << QStringList{"sweep",   "sum-squares", "--backend",
                                                  "cpython", "--start",     "vfork"}
                                   << "start"
                                   << "fork, spawn or forkserver";
        QTest::newRow("bad n") << QStringList{"sweep", "sum-squares", "--backend", "cpython", "--n", "0"}
                               << "n"
                               << "--n";
        QTest::newRow("run is not a sweep")
            << QStringList{"run", "sum-squares", "--backend", "cpython"} << "backend"
            << "cpython is for sweep";
    }
    void refusedBeforeAnythingStarts() {
        QFETCH(QStringList, args);
        QFETCH(QString, parameter);
        QFETCH(QString, says);
        QProcess p;
        p.start(MPWB_RUN_PATH, args + QStringList{"--json"});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const auto error = QJsonDocument::fromJson(p.readAllStandardOutput()).object()["error"].toObject();
        QCOMPARE(error["parameter"].toString(), parameter);
        QVERIFY2(error["message"].toString().contains(says), qPrintable(error["message"].toString()));
    }

    // Cancelled in the middle of a point: exit status 130, a cancelled stream, no Python left running.
    void cancelLeavesNothing() {
        const QByteArray marker = "98765431"; // N: a number no other process has on its command line
        QProcess p;
        p.start(MPWB_RUN_PATH, QStringList{"sweep", "sum-squares", "--backend", "cpython", "--python",
                                           testPython(), "--events", "-", "--workers", "2", "--chunksize",
                                           "1", "--repeats", "3", "--n", QString::fromLatin1(marker)});
        QVERIFY(p.waitForStarted());
        QElapsedTimer clock;
        clock.start();
        while (processesWith(marker) == 0 && clock.elapsed() < 30000)
            QTest::qWait(50);
        QVERIFY2(processesWith(marker) > 0, "the sweep's first program never started");
        QTest::qWait(300);
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(15000));
        QCOMPARE(p.exitCode(), 130);
        const auto out = p.readAllStandardOutput();
        QVERIFY(out.contains("\"kind\":\"cancelled\""));
        QVERIFY(out.trimmed().endsWith("}") && out.contains("\"type\":\"run_finished\""));
        clock.restart();
        while (processesWith(marker) > 0 && clock.elapsed() < 5000)
            QTest::qWait(50);
        QCOMPARE(processesWith(marker), 0);
    }
};

QTEST_GUILESS_MAIN(TestPythonSweep)
#include "tst_python_sweep.moc"
