// SPDX-License-Identifier: GPL-3.0-or-later
// What the exercise page says when a run fails, by the kind of failure: a stall names the worker and says
// what to try, a worker that could not start, a write or a file that failed each read as what they are, never
// as a bug of the workbench. The stall timeout is a field of the form for the processes backend. And the app
// opens a saved run named on its command line, with or without --open, and says why when it cannot.
#include <QtTest>

#include <QFile>
#include <QFormLayout>
#include <QProcess>
#include <QSpinBox>
#include <QTemporaryDir>

#include "declared_exercise.h"
#include "engine_host.h"
#include "event_json.h"
#include "exercise_page.h"
#include "failure_words.h"
#include "parameter_form.h"
#include "run_controls_panel.h"

using namespace mpwb;

namespace {

// A saved stream of a processes run of sum-squares that ended with `error`.
QByteArray failedStream(const ErrorEvent& error, std::int64_t stallTimeoutMs) {
    HelloEvent hello;
    hello.cores = 2;
    hello.machine = "test";
    hello.engineVersion = "test";
    hello.runId = "00000000000000aa";
    RunStartedEvent started;
    started.exercise = "sum-squares";
    started.backend = "processes";
    started.startMethod = "fork";
    started.workers = 2;
    started.chunksize = 100;
    started.items = 1000;
    started.params = {{"n", "1000000"}};
    started.runId = hello.runId;
    started.stallTimeoutMs = stallTimeoutMs;
    WorkerStartedEvent w0{0, 4242, "fork", 1000};
    WorkerStartedEvent w1{1, 4243, "fork", 1000};
    ChunkEvent chunk;
    chunk.worker = 1;
    chunk.items = 400;
    chunk.endNs = 2000;
    chunk.merged = 1;
    RunFinishedEvent finished{"error", 3000};
    QByteArray out;
    std::int64_t t = 0;
    for (const EventBody& body : std::vector<EventBody>{hello, started, w0, w1, chunk, error, finished})
        out += QByteArray::fromStdString(toJsonLine(Event{t++, body})) + '\n';
    return out;
}

// A stand-in for mpwb-run that prints the stream and fails as the real one would (exit 1).
QString fakeRunner(const QTemporaryDir& dir, const QByteArray& stream) {
    QFile events(dir.filePath("stream.mpwbrun"));
    if (!events.open(QIODevice::WriteOnly)) return {};
    events.write(stream);
    events.close();
    const auto path = dir.filePath("fake-mpwb-run");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write("#!/bin/sh\ncat '" + events.fileName().toLocal8Bit() + "'\nexit 1\n");
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

ErrorEvent stalled() {
    ErrorEvent e{"stalled", "Worker 0 (pid 4242) finished no item of chunk 3 for 7 s."};
    e.worker = 0;
    e.pid = 4242;
    e.chunk = 3;
    e.chunkFirst = 300;
    e.chunkItems = 100;
    return e;
}

} // namespace

class TestGuiFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pageSaysHowTheRunFailed_data();
    void pageSaysHowTheRunFailed();
    void savedStalledRunSaysTheSame();
    void stallTimeoutIsAFieldForProcesses();
    void appOpensARunFileWithOrWithoutOpen_data();
    void appOpensARunFileWithOrWithoutOpen();
    void appVersionIsTheEngines();

private:
    QTemporaryDir m_config;
};

void TestGuiFaults::initTestCase() {
    qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    QStandardPaths::setTestModeEnabled(true);
}

void TestGuiFaults::pageSaysHowTheRunFailed_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("bar");      // how the progress bar begins (then "at N%" when work was done)
    QTest::addColumn<QStringList>("says"); // words the result must hold
    QTest::newRow("stalled") << "stalled"
                             << "Stalled"
                             << QStringList{"worker 0", "pid 4242", "chunk 3",      "items 300 to 399",
                                            "for 7 s",  "SIGSTOP",  "Stall timeout"};
    QTest::newRow("worker-start-failed")
        << "worker-start-failed"
        << "A worker could not start" << QStringList{"worker 1", "/opt/mpwb-worker", "fewer workers"};
    QTest::newRow("write-failed") << "write-failed"
                                  << "Could not write the run"
                                  << QStringList{"/full/run.mpwbrun", "disk space"};
    QTest::newRow("file-failed") << "file-failed"
                                 << "A file failed" << QStringList{"/out/cat.png", "item 7", "room"};
}

// The bar names the failure, the result names what failed and what to try, and nothing says "Ready.".
void TestGuiFaults::pageSaysHowTheRunFailed() {
    QFETCH(QString, kind);
    QFETCH(QString, bar);
    QFETCH(QStringList, says);
    ErrorEvent error = stalled();
    if (kind == "worker-start-failed") {
        error = ErrorEvent{"worker-start-failed",
                           "Worker 1 could not be started: Resource temporarily unavailable."};
        error.worker = 1;
        error.file = "/opt/mpwb-worker";
    } else if (kind == "write-failed") {
        error = ErrorEvent{"write-failed", "The event stream could not be written: No space left on device."};
        error.file = "/full/run.mpwbrun";
    } else if (kind == "file-failed") {
        error =
            ErrorEvent{"file-failed", "The filtered picture could not be written: No space left on device."};
        error.worker = 1;
        error.item = 7;
        error.file = "/out/cat.png";
    }
    QTemporaryDir dir;
    EngineHost host(fakeRunner(dir, failedStream(error, 7000)));
    ExercisePage page(declaredExercise("sum-squares"), host);
    QSignalSpy done(&page, &ExercisePage::runFinished);
    page.startRun();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
    QCOMPARE(done.at(0).at(0).toBool(), false);
    auto* controls = page.findChild<RunControlsPanel*>();
    QVERIFY2(controls->progressText().startsWith(bar), qPrintable(controls->progressText()));
    QVERIFY(controls->status() != "Ready.");
    const auto result = controls->result();
    QVERIFY2(result.contains(QString::fromStdString(error.message).toHtmlEscaped()), qPrintable(result));
    for (const auto& word : says)
        QVERIFY2(result.contains(word), qPrintable(word + " missing from: " + result));
    QVERIFY2(!result.contains("fault in the workbench"), qPrintable(result)); // none of these is our bug
}

// A stalled run opened from a file reads as a stall too.
void TestGuiFaults::savedStalledRunSaysTheSame() {
    EngineHost host(MPWB_RUN_PATH);
    ExercisePage page(declaredExercise("sum-squares"), host);
    QString why;
    QVERIFY2(page.showSavedRun(failedStream(stalled(), 7000), &why), qPrintable(why));
    const auto result = page.findChild<RunControlsPanel*>()->result();
    QVERIFY2(result.contains("Stalled") && result.contains("Stall timeout") && result.contains("for 7 s"),
             qPrintable(result));
    // Without a stated timeout (an older stream) it still says what happened.
    QVERIFY(failureAdvice(stalled(), 0).contains("too long"));
}

// The field shows the exercise's own default, only for processes, and goes to mpwb-run only when changed.
void TestGuiFaults::stallTimeoutIsAFieldForProcesses() {
    auto declaration = declaredExercise("sum-squares");
    QVERIFY(declaration.defaultStallTimeoutMs > 0);
    declaration.defaultStallTimeoutMs = 2500; // rounded up, never down to a shorter wait
    ParameterForm form(declaration);
    QCOMPARE(form.defaultStallTimeoutSeconds(), 3);
    QCOMPARE(form.stallTimeoutSeconds(), 3);
    auto* layout = qobject_cast<QFormLayout*>(form.layout());
    QSpinBox* field = nullptr;
    for (auto* box : form.findChildren<QSpinBox*>())
        if (box->suffix() == " s") field = box;
    QVERIFY(field);
    QVERIFY(!form.runArguments().contains("--stall-timeout"));

    QVERIFY(form.applyPreset({{"backend", "processes"}, {"stall-timeout", "30"}}).isEmpty());
    QVERIFY(layout->isRowVisible(field));
    const auto args = form.runArguments();
    QVERIFY2(args.join(' ').contains("--stall-timeout 30"), qPrintable(args.join(' ')));
    QString why;
    QVERIFY(form.sweepArguments("1,2", "auto", 1, &why).join(' ').contains("--stall-timeout 30"));
    QVERIFY(form.compareArguments().join(' ').contains("--stall-timeout 30"));

    QVERIFY(form.applyPreset({{"backend", "threads"}}).isEmpty());
    QVERIFY(!layout->isRowVisible(field)); // threads cannot be stopped from outside: no stall timeout
    QVERIFY(!form.runArguments().contains("--stall-timeout"));

    QVERIFY(!form.applyPreset({{"stall-timeout", "0"}}).isEmpty());
    QVERIFY(!form.applyPreset({{"stall-timeout", "1,0"}}).isEmpty());

    // And mpwb-run takes what the form gives: the run states that timeout.
    QTemporaryDir dir;
    const auto path = dir.filePath("run.mpwbrun");
    QProcess run;
    run.start(MPWB_RUN_PATH, {"run", "sum-squares", "--n", "20000", "--workers", "1", "--stall-timeout", "30",
                              "--cpu-interval-ms", "0", "--events", path});
    QVERIFY(run.waitForFinished(60000));
    QCOMPARE(run.exitCode(), 0);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("\"stall_timeout_ms\":30000"));
}

void TestGuiFaults::appOpensARunFileWithOrWithoutOpen_data() {
    QTest::addColumn<QString>("file"); // good | broken | missing
    QTest::addColumn<bool>("withOpen");
    for (const bool withOpen : {false, true}) {
        const char* how = withOpen ? "--open" : "plain";
        QTest::addRow("good, %s", how) << "good" << withOpen;
        QTest::addRow("broken, %s", how) << "broken" << withOpen;
        QTest::addRow("missing, %s", how) << "missing" << withOpen;
    }
}

// mpwb FILE and mpwb --open FILE show the run; a missing or broken file is named on stderr with the reason.
void TestGuiFaults::appOpensARunFileWithOrWithoutOpen() {
    QFETCH(QString, file);
    QFETCH(bool, withOpen);
    QTemporaryDir dir;
    auto path = dir.filePath("run.mpwbrun");
    if (file == "good") {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(failedStream(stalled(), 7000));
    } else if (file == "broken") {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a run\n");
    }
    const auto shot = dir.filePath("shot.png");
    QProcess app;
    QStringList args{"--size", "1280x720", "--screenshot", shot};
    args << (withOpen ? QStringList{"--open", path} : QStringList{path});
    app.start(MPWB_APP_PATH, args);
    QVERIFY(app.waitForFinished(60000));
    QCOMPARE(app.exitCode(), 0);
    const QString err = app.readAllStandardError();
    QVERIFY(QFile::exists(shot));
    if (file == "good") {
        QVERIFY2(!err.contains("cannot open"), qPrintable(err));
    } else {
        QVERIFY2(err.contains("cannot open " + path), qPrintable(err));
        if (file == "missing") QVERIFY2(err.contains("no such file"), qPrintable(err));
    }
}

void TestGuiFaults::appVersionIsTheEngines() {
    QProcess app, runner;
    app.start(MPWB_APP_PATH, {"--version"});
    runner.start(MPWB_RUN_PATH, {"--version"});
    QVERIFY(app.waitForFinished(20000) && runner.waitForFinished(20000));
    QCOMPARE(app.exitCode(), 0);
    const auto version = QString(runner.readAllStandardOutput()).trimmed().section(' ', 1);
    QVERIFY(!version.isEmpty());
    QVERIFY2(QString(app.readAllStandardOutput()).trimmed().endsWith(" " + version), qPrintable(version));
}

QTEST_MAIN(TestGuiFaults)
#include "tst_gui_faults.moc"
