// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-run's command line as a person types it: one number where one is meant, help and version wherever they
// are asked for, every stray word refused with its parameter named, and options the chosen backend cannot use
// warned about rather than silently dropped.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <thread>

#include "runner_process.h"

class TestCommandLine : public QObject {
    Q_OBJECT
private slots:
    void oneNumberOptionRefusesAList_data();
    void oneNumberOptionRefusesAList();
    void digitsGroupOnlyWithUnderscores_data();
    void digitsGroupOnlyWithUnderscores();
    void sweepListsKeepTheirCommas();
    void helpIsAnsweredAnywhere_data();
    void helpIsAnsweredAnywhere();
    void exerciseHelpListsItsOwnParameters();
    void versionIsTheEngines();
    void strayInputIsRefusedByName_data();
    void strayInputIsRefusedByName();
    void inapplicableOptionIsWarnedAbout_data();
    void inapplicableOptionIsWarnedAbout();
    void applicableOptionsRaiseNoWarning();
    void manyMoreWorkersThanCoresIsWarnedAbout();
};

namespace {

const QStringList kSmallRun{"run", "sum-squares", "--n", "20000", "--cpu-interval-ms", "0"};

QJsonObject jsonOf(const Finished& r) {
    return QJsonDocument::fromJson(r.out).object();
}

QStringList warningsOf(const Finished& r) {
    QStringList out;
    for (const auto& w : jsonOf(r)["warnings"].toArray())
        out << w.toString();
    return out;
}

} // namespace

void TestCommandLine::oneNumberOptionRefusesAList_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("parameter");
    const QStringList run{"run", "sum-squares", "--n", "20000"};
    QTest::newRow("--workers 2,4") << run + QStringList{"--workers", "2,4"} << "workers";
    QTest::newRow("--chunksize 1,10") << run + QStringList{"--chunksize", "1,10"} << "chunksize";
    QTest::newRow("--n 10,0") << QStringList{"run", "sum-squares", "--n", "10,0"} << "n";
    QTest::newRow("--n 10,000") << QStringList{"run", "sum-squares", "--n", "10,000"} << "n";
    QTest::newRow("--stall-timeout 1,5") << run + QStringList{"--stall-timeout", "1,5"} << "stall-timeout";
    QTest::newRow("--cpu-interval-ms 1,0")
        << run + QStringList{"--cpu-interval-ms", "1,0"} << "cpu-interval-ms";
    QTest::newRow("sweep --repeats 1,2")
        << QStringList{"sweep", "sum-squares", "--n", "20000", "--repeats", "1,2"} << "repeats";
    QTest::newRow("compare --workers 1,2")
        << QStringList{"compare", "sum-squares", "--n", "20000", "--workers", "1,2"} << "workers";
}

// "--workers 2,4" once ran 24 workers: now it is refused before anything starts, saying lists are for sweep.
void TestCommandLine::oneNumberOptionRefusesAList() {
    QFETCH(QStringList, args);
    QFETCH(QString, parameter);
    const auto r = runTool(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString(r.err).contains("one whole number") && QString(r.err).contains("sweep"),
             r.err.constData());
    const auto j = runTool(args + QStringList{"--json"});
    QCOMPARE(j.exitCode, 2);
    const auto error = jsonOf(j)["error"].toObject();
    QCOMPARE(error["kind"].toString(), QString("bad-request"));
    QCOMPARE(error["parameter"].toString(), parameter);
    QVERIFY(j.err.isEmpty() || !j.err.contains("usage:")); // --json: the object says it all
}

void TestCommandLine::digitsGroupOnlyWithUnderscores_data() {
    QTest::addColumn<QString>("n");
    QTest::addColumn<qint64>("value"); // -1: refused
    QTest::newRow("plain") << "20000" << qint64(20000);
    QTest::newRow("grouped") << "20_000" << qint64(20000);
    QTest::newRow("odd groups are still digits") << "2_00_00" << qint64(20000);
    QTest::newRow("leading underscore") << "_20000" << qint64(-1);
    QTest::newRow("trailing underscore") << "20000_" << qint64(-1);
    QTest::newRow("double underscore") << "20__000" << qint64(-1);
    QTest::newRow("space") << "20 000" << qint64(-1);
    QTest::newRow("point") << "20.000" << qint64(-1);
    QTest::newRow("sign only") << "-" << qint64(-1);
    QTest::newRow("empty") << "" << qint64(-1);
}

void TestCommandLine::digitsGroupOnlyWithUnderscores() {
    QFETCH(QString, n);
    QFETCH(qint64, value);
    const auto r = runTool(
        {"run", "sum-squares", "--backend", "sequential", "--cpu-interval-ms", "0", "--n", n, "--json"});
    if (value < 0) {
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(jsonOf(r)["error"].toObject()["parameter"].toString(), QString("n"));
        return;
    }
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The report echoes the parameter as typed; the answer shows the number that ran.
    const auto k = static_cast<unsigned __int128>(value);
    const auto sum = static_cast<quint64>(k * (k + 1) * (2 * k + 1) / 6);
    QCOMPARE(jsonOf(r)["result"].toString(), QString::number(sum));
}

// Sweep's --workers and --chunksize are lists: their commas still separate values, and each value follows
// the one-number rule.
void TestCommandLine::sweepListsKeepTheirCommas() {
    const auto r = runTool({"sweep", "sum-squares", "--n", "20_000", "--workers", "1,2", "--chunksize",
                            "10,1_000", "--repeats", "1", "--cpu-interval-ms", "0", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto bad = runTool({"sweep", "sum-squares", "--n", "20000", "--workers", "1,2_", "--json"});
    QCOMPARE(bad.exitCode, 2);
    QCOMPARE(jsonOf(bad)["error"].toObject()["parameter"].toString(), QString("workers"));
}

void TestCommandLine::helpIsAnsweredAnywhere_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("says");
    QTest::newRow("-h") << QStringList{"-h"} << "usage: mpwb-run list";
    QTest::newRow("--help") << QStringList{"--help"} << "usage: mpwb-run list";
    QTest::newRow("help") << QStringList{"help"} << "usage: mpwb-run list";
    QTest::newRow("list --help") << QStringList{"list", "--help"} << "usage: mpwb-run list";
    QTest::newRow("run -h, no exercise") << QStringList{"run", "-h"} << "usage: mpwb-run list";
    QTest::newRow("run <exercise> -h after options")
        << QStringList{"run", "sum-squares", "--workers", "2", "-h"} << "--block";
    QTest::newRow("help <exercise>") << QStringList{"help", "pipeline"} << "usage: mpwb-run run pipeline";
    QTest::newRow("sweep <exercise> --help") << QStringList{"sweep", "sum-squares", "--help"} << "--repeats";
    QTest::newRow("help wins over a bad value")
        << QStringList{"run", "sum-squares", "--workers", "2,4", "--help"} << "--stall-timeout";
}

// Help goes to standard output with status 0, and runs nothing.
void TestCommandLine::helpIsAnsweredAnywhere() {
    QFETCH(QStringList, args);
    QFETCH(QString, says);
    const auto r = runTool(args, 20000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(QString(r.out).contains(says), r.out.constData());
}

// Every exercise's own --help names each of its parameters with its range or choices and default, and the
// common options with this exercise's defaults.
void TestCommandLine::exerciseHelpListsItsOwnParameters() {
    const auto list = runTool({"list", "--json"});
    QCOMPARE(list.exitCode, 0);
    const auto exercises = jsonOf(list)["exercises"].toArray();
    QVERIFY(exercises.size() >= 4);
    for (const auto& value : exercises) {
        const auto e = value.toObject();
        const auto id = e["id"].toString();
        const auto r = runTool({"run", id, "--help"}, 20000);
        QVERIFY2(r.exitCode == 0, qPrintable(id));
        const QString text(r.out);
        QVERIFY2(text.contains(e["title"].toString()), qPrintable(text));
        for (const auto& p : e["parameters"].toArray()) {
            const auto param = p.toObject();
            QVERIFY2(text.contains("--" + param["name"].toString() + "  "), qPrintable(text));
            QVERIFY2(text.contains(param["help"].toString()), qPrintable(text));
            for (const auto& c : param["choices"].toArray())
                QVERIFY2(text.contains(c.toString()), qPrintable(text));
        }
        for (const char* common : {"--backend", "--start", "--workers", "--chunksize", "--stall-timeout",
                                   "--switch-interval-us", "--cpu-interval-ms", "--events", "--json"})
            QVERIFY2(text.contains(common), qPrintable(id + ": " + common));
        const auto stallSeconds = e["default_stall_timeout_ms"].toDouble() / 1000.0;
        QVERIFY2(stallSeconds > 0, qPrintable(id));
        QVERIFY2(text.contains(QString("default %1 s").arg(stallSeconds)), qPrintable(text));
        if (!e["chunksize"].toBool())
            QVERIFY2(text.contains("does not hand out its work in chunks"), qPrintable(text));
    }
}

// --version prints the version every stream's hello states, so the two cannot disagree.
void TestCommandLine::versionIsTheEngines() {
    const auto v = runTool({"--version"}, 20000);
    QCOMPARE(v.exitCode, 0);
    const auto words = QString(v.out).trimmed().split(' ');
    QCOMPARE(words.size(), 2);
    QCOMPARE(words[0], QString("mpwb-run"));
    QTemporaryDir dir;
    const auto path = dir.filePath("run.mpwbrun");
    const auto r = runTool(kSmallRun + QStringList{"--backend", "sequential", "--events", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto events = eventsIn(path);
    QVERIFY(!events.empty());
    const auto* hello = std::get_if<mpwb::HelloEvent>(&events.front().body);
    QVERIFY(hello);
    QCOMPARE(words[1], QString::fromStdString(hello->engineVersion));
    QCOMPARE(runTool({"run", "sum-squares", "--version"}, 20000).out, v.out); // anywhere, too
}

void TestCommandLine::strayInputIsRefusedByName_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::addColumn<QString>("parameter"); // empty: none applies
    QTest::newRow("extra word") << kSmallRun + QStringList{"extra"} << "unexpected 'extra'"
                                << "";
    QTest::newRow("extra word before options")
        << QStringList{"run", "sum-squares", "extra", "--n", "5"} << "unexpected 'extra'"
        << "";
    QTest::newRow("list takes no exercise") << QStringList{"list", "sum-squares"} << "takes no exercise"
                                            << "exercise";
    QTest::newRow("list takes no options") << QStringList{"list", "--workers", "2"} << "--workers"
                                           << "workers";
    QTest::newRow("demo takes no options") << QStringList{"demo", "--n", "5"} << "--n"
                                           << "n";
    QTest::newRow("no command") << QStringList{} << "name a command"
                                << "command";
    QTest::newRow("option twice") << kSmallRun + QStringList{"--workers", "2", "--workers", "3"}
                                  << "given twice"
                                  << "workers";
    QTest::newRow("flag with a value") << kSmallRun + QStringList{"--help=yes"} << "takes no value"
                                       << "help";
    QTest::newRow("empty --events") << kSmallRun + QStringList{"--events", ""} << "--events needs a file name"
                                    << "events";
    QTest::newRow("empty --events=") << kSmallRun + QStringList{"--events="} << "--events needs a file name"
                                     << "events";
    QTest::newRow("single-dash option") << kSmallRun + QStringList{"-w", "2"} << "unknown option '-w'"
                                        << "";
    QTest::newRow("unknown parameter") << kSmallRun + QStringList{"--colour", "red"} << "--colour"
                                       << "colour";
    QTest::newRow("unknown exercise") << QStringList{"run", "sum-cubes"} << "unknown exercise"
                                      << "exercise";
    QTest::newRow("unknown backend") << kSmallRun + QStringList{"--backend", "gpu"} << "--backend"
                                     << "backend";
    QTest::newRow("out of range parameter") << QStringList{"run", "sum-squares", "--n", "0"} << "--n"
                                            << "n";
}

// Nothing is quietly dropped: every word that has no place is refused with status 2, in words and, with
// --json, in one object naming the parameter.
void TestCommandLine::strayInputIsRefusedByName() {
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    QFETCH(QString, parameter);
    const auto r = runTool(args, 20000);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString(r.err).contains(mentions), r.err.constData());
    QVERIFY(r.out.isEmpty());
    if (args.contains("--help=yes")) return; // --json is no help here: the flag itself is what is wrong
    const auto j = runTool(args + QStringList{"--json"}, 20000);
    QCOMPARE(j.exitCode, 2);
    const auto error = jsonOf(j)["error"].toObject();
    QCOMPARE(error["kind"].toString(), QString("bad-request"));
    QVERIFY2(error["message"].toString().contains(mentions), j.out.constData());
    QCOMPARE(error["parameter"].toString(), parameter);
}

void TestCommandLine::inapplicableOptionIsWarnedAbout_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("option");
    QTest::newRow("--start with threads")
        << kSmallRun + QStringList{"--backend", "threads", "--start", "spawn"} << "--start";
    QTest::newRow("--switch-interval-us with processes")
        << kSmallRun + QStringList{"--workers", "2", "--switch-interval-us", "100"} << "--switch-interval-us";
    QTest::newRow("--stall-timeout with gil-threads")
        << kSmallRun + QStringList{"--backend", "gil-threads", "--stall-timeout", "5"} << "--stall-timeout";
    QTest::newRow("--stall-timeout with sequential")
        << kSmallRun + QStringList{"--backend", "sequential", "--stall-timeout", "5"} << "--stall-timeout";
    QTest::newRow("--workers with sequential")
        << kSmallRun + QStringList{"--backend", "sequential", "--workers", "4"} << "--workers";
    QTest::newRow("--chunksize where there are no chunks") << QStringList{"run",
                                                                          "shared-counter",
                                                                          "--mode",
                                                                          "atomic",
                                                                          "--increments",
                                                                          "1000",
                                                                          "--backend",
                                                                          "threads",
                                                                          "--workers",
                                                                          "2",
                                                                          "--chunksize",
                                                                          "5",
                                                                          "--cpu-interval-ms",
                                                                          "0"}
                                                           << "--chunksize";
    QTest::newRow("compare without processes, --start") << QStringList{"compare",
                                                                       "sum-squares",
                                                                       "--n",
                                                                       "20000",
                                                                       "--backends",
                                                                       "sequential,threads",
                                                                       "--workers",
                                                                       "2",
                                                                       "--start",
                                                                       "spawn",
                                                                       "--cpu-interval-ms",
                                                                       "0"}
                                                        << "--start";
}

// The run goes ahead (it is exactly the run asked for, less an option it cannot use), and says so on stderr
// and in --json's "warnings".
void TestCommandLine::inapplicableOptionIsWarnedAbout() {
    QFETCH(QStringList, args);
    QFETCH(QString, option);
    const auto r = runTool(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(QString(r.err).contains("warning: " + option + " is ignored"), r.err.constData());
    const auto j = runTool(args + QStringList{"--json"});
    QVERIFY2(j.exitCode == 0, j.err.constData());
    const auto warnings = warningsOf(j);
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings[0].startsWith(option + " is ignored"), qPrintable(warnings[0]));
    QVERIFY(jsonOf(j).contains("result") || jsonOf(j).contains("runs")); // still the whole report
}

// The same options where they do apply: no warning, and no "warnings" member.
void TestCommandLine::applicableOptionsRaiseNoWarning() {
    const auto r =
        runTool(kSmallRun + QStringList{"--backend", "processes", "--workers", "2", "--start", "spawn",
                                        "--stall-timeout", "30", "--chunksize", "5", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(!r.err.contains("warning"), r.err.constData());
    QVERIFY(!jsonOf(r).contains("warnings"));
    const auto g = runTool(kSmallRun + QStringList{"--backend", "gil-threads", "--workers", "2",
                                                   "--switch-interval-us", "1000", "--json"});
    QVERIFY2(g.exitCode == 0, g.err.constData());
    QVERIFY(!jsonOf(g).contains("warnings"));
    const auto s = runTool(kSmallRun + QStringList{"--backend", "sequential", "--workers", "1", "--json"});
    QVERIFY2(s.exitCode == 0, s.err.constData());
    QVERIFY(!jsonOf(s).contains("warnings"));
}

// More workers than 4 per core still run (threads here, cheap to start), with a warning that says what they
// cost; a bad request after a warning carries the warning in its JSON too.
void TestCommandLine::manyMoreWorkersThanCoresIsWarnedAbout() {
    const int cores = std::max(1u, std::thread::hardware_concurrency());
    const auto many = QString::number(4 * cores + 1);
    const auto r = runTool(kSmallRun + QStringList{"--backend", "threads", "--workers", many, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto warnings = warningsOf(r);
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings[0].contains(many + " workers on " + QString::number(cores) + " cores"),
             qPrintable(warnings[0]));
    QVERIFY2(warnings[0].contains("slower"), qPrintable(warnings[0]));
    const auto atLimit = runTool(
        kSmallRun + QStringList{"--backend", "threads", "--workers", QString::number(4 * cores), "--json"});
    QVERIFY2(atLimit.exitCode == 0, atLimit.err.constData());
    QVERIFY(!jsonOf(atLimit).contains("warnings"));
    const auto bad = runTool(
        QStringList{"run", "sum-squares", "--backend", "threads", "--start", "spawn", "--n", "0", "--json"});
    QCOMPARE(bad.exitCode, 2);
    QCOMPARE(jsonOf(bad)["warnings"].toArray().size(), 1);
    QCOMPARE(jsonOf(bad)["error"].toObject()["parameter"].toString(), QString("n"));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
