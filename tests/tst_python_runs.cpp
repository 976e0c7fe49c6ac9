// SPDX-License-Identifier: GPL-3.0-or-later
// The four exercises' Python versions run by `mpwb-run python` under fork, spawn and forkserver: each ends
// well, prints what it prints untraced, and its stream is whole, with distinct workers and, where the script
// maps, chunks whose items add up to the work.

#include <QTest>
#include <numeric>

#include "python_runs.h"

using namespace mpwb;

namespace {

struct Exercise {
    const char* file;
    QStringList args;
    std::uint64_t mappedItems; // items of its pool map; 0 when it does not map
    bool nondeterministic;     // a race decides its numbers (the counter without a lock)
};

const Exercise kExercises[] = {
    {"sum_squares.py", {"20000", "1000", "2", "5"}, 20, false},
    {"image_filter.py", {"5", "24", "1", "2", "2"}, 6, false}, // five pictures and a file that is not one
    {"pipeline.py", {"200", "2", "8", "0", "100", "0"}, 0, false},
    {"shared_counter.py", {"2", "2000"}, 0, true},
};

// What a run prints with its timings (and, for a race, every number) blanked out.
QString comparable(QString text, bool everyNumber) {
    text.replace(QRegularExpression("[0-9]+\\.[0-9]+"), "#.#");
    if (everyNumber) text.replace(QRegularExpression("[0-9]+"), "#");
    return text;
}

QString untracedOutput(const QString& script, const QStringList& args, const QString& start) {
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("PYTHONUNBUFFERED", "1"); // as the traced run has it
    p.setProcessEnvironment(env);
    // The untraced baseline under the same start method, set as the tracer sets it.
    p.start(testPython(),
            QStringList{"-c",
                        "import multiprocessing, runpy, sys; multiprocessing.set_start_method(sys.argv[1]); "
                        "sys.argv = sys.argv[2:]; runpy.run_path(sys.argv[0], run_name='__main__')",
                        start, script} +
                args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class PythonRunsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (testPython().isEmpty()) QSKIP("no python3 here");
    }

    void eachExerciseUnderEachStartMethod_data() {
        QTest::addColumn<int>("exercise");
        QTest::addColumn<QString>("start");
        for (int i = 0; i < int(std::size(kExercises)); ++i)
            for (const char* start : {"fork", "spawn", "forkserver"})
                QTest::newRow(qPrintable(QString("%1 %2").arg(kExercises[i].file, start)))
                    << i << QString(start);
    }
    void eachExerciseUnderEachStartMethod() {
        QFETCH(int, exercise);
        QFETCH(QString, start);
        const auto& x = kExercises[exercise];
        const auto script = exerciseScript(x.file);
        const auto run = tracedRun({"--start", start}, script, x.args);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.report.value("status").toString(), QString("ok"));
        QVERIFY(run.streamWhole);

        const auto started = eventsOf<RunStartedEvent>(run.events);
        QCOMPARE(started.size(), std::size_t(1));
        QCOMPARE(started[0].backend, std::string("cpython"));
        QCOMPARE(started[0].exercise, std::string("python"));
        QCOMPARE(QString::fromStdString(started[0].startMethod), start);
        QCOMPARE(QString::fromStdString(started[0].params.at("script")),
                 QFileInfo(script).canonicalFilePath());
        QCOMPARE(QString::fromStdString(started[0].params.at("args")), x.args.join(' '));
        QVERIFY(started[0].params.count("exercise"));
        const auto finished = eventsOf<RunFinishedEvent>(run.events);
        QCOMPARE(finished.back().status, std::string("ok"));
        QVERIFY(eventsOf<ErrorEvent>(run.events).empty());
        const auto result = eventsOf<ResultEvent>(run.events);
        QCOMPARE(result.size(), std::size_t(1));
        QVERIFY(result[0].correct);

        QCOMPARE(comparable(outputOf(run.events, "stdout"), x.nondeterministic),
                 comparable(untracedOutput(script, x.args, start), x.nondeterministic));

        const auto workers = eventsOf<WorkerStartedEvent>(run.events);
        QVERIFY(!workers.empty());
        QCOMPARE(workerPids(run.events).size(), workers.size()); // one worker, one pid
        for (const auto& w : workers)
            QCOMPARE(QString::fromStdString(w.startMethod), start);
        if (x.mappedItems) {
            const auto chunks = eventsOf<ChunkEvent>(run.events);
            QCOMPARE(std::accumulate(chunks.begin(), chunks.end(), std::uint64_t(0),
                                     [](std::uint64_t s, const ChunkEvent& c) { return s + c.items; }),
                     x.mappedItems);
            QCOMPARE(run.report.value("items").toInteger(), qint64(x.mappedItems));
        }
        if (QString(x.file) == "pipeline.py") { // every item put on a queue was taken off it again
            std::map<std::string, QueueEvent> last;
            for (const auto& q : eventsOf<QueueEvent>(run.events))
                last[q.queue] = q;
            QVERIFY(!last.empty());
            for (const auto& [name, q] : last)
                QVERIFY2(q.puts == q.gets && q.puts > 0, name.c_str());
        }
        if (QString(x.file) == "shared_counter.py") { // the locked counter ends exact
            const auto counters = eventsOf<CounterEvent>(run.events);
            QVERIFY(!counters.empty());
            QCOMPARE(counters.back().mode, std::string("lock"));
            QCOMPARE(counters.back().value, std::int64_t(2 * 2000));
            QCOMPARE(counters.back().increments, std::uint64_t(2 * 2000));
        }
        // Nothing of the tree is left.
        for (const auto& v : run.report.value("pids").toArray())
            QVERIFY2(!processAlive(v.toInt()), qPrintable(QString("pid %1 outlived the run").arg(v.toInt())));
    }

    void theStreamCanGoToStandardOutput() {
        QProcess p;
        p.start(MPWB_RUN_PATH, {"python", "--python", testPython(), "--events", "-",
                                exerciseScript("sum_squares.py"), "2000", "100", "2", "5"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        EventStreamReader reader;
        const auto events = reader.readString(p.readAllStandardOutput().toStdString());
        QVERIFY(std::holds_alternative<HelloEvent>(events.front().body));
        QVERIFY(outputOf(events, "stdout").startsWith("sum = "));
        QVERIFY(
            p.readAllStandardError().contains("ok, exit status 0")); // the report, where the stream is not
    }
};

QTEST_GUILESS_MAIN(PythonRunsTest)
#include "tst_python_runs.moc"
