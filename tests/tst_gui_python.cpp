// SPDX-License-Identifier: GPL-3.0-or-later
// "Your own Python": the Python page opens scripts and examples, stops bad input at the door without
// starting anything, draws a recorded cpython stream (whose run_started says 0 workers) in every view, shows
// a run's output in order, and runs a real script when mpwb-run knows Python runs. Lessons get their
// "Run in the workbench" links on whole programs only.

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QtTest>

#include "engine_host.h"
#include "exercise_catalogue.h"
#include "exercise_page.h"
#include "failure_words.h"
#include "lesson_text.h"
#include "main_window.h"
#include "navigator.h"
#include "parameter_form.h"
#include "plot_theme.h"
#include "python_examples.h"
#include "python_page.h"
#include "run_library.h"
#include "run_views_panel.h"
#include "runnable_examples.h"
#include "script_output_view.h"
#include "script_request.h"
#include "script_source_view.h"
#include "timeline_plot.h"
#include "worker_count.h"
#include "worker_cpu_plot.h"

using namespace mpwb;

namespace {

QByteArray fixture(const char* name) {
    QFile f(QStringLiteral(MPWB_FIXTURES_DIR "/events/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

template <class T> T* viewOf(PythonPage& page) {
    for (auto* v : page.viewsPanel()->views())
        if (auto* t = dynamic_cast<T*>(v)) return t;
    return nullptr;
}

} // namespace

class PythonPageTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // recent files and the cache stay out of the user's
        qputenv("MPWB_EXAMPLES", MPWB_SOURCE_DIR "/exercises/python");
    }

    void examplesAreTheExercisesPythonVersions() {
        const auto examples = pythonExamples();
        QVERIFY(examples.size() >= 4);
        QCOMPARE(examples.front().name, QStringLiteral("sum_squares"));
        QCOMPARE(examples.front().exercise, QStringLiteral("sum-squares"));
        QCOMPARE(findPythonExample("shared-counter").name, QStringLiteral("shared_counter"));
        QVERIFY(findPythonExample("no-such-thing").path.isEmpty());
    }

    void loadsAnExampleAndShowsItsSource() {
        EngineHost host(MPWB_RUN_PATH);
        PythonPage page(host);
        QString why;
        QVERIFY2(page.openExample("sum_squares", &why), qPrintable(why));
        QVERIFY(page.script().endsWith("/sum_squares.py"));
        QVERIFY(page.sourceView()->toPlainText().contains("def sum_block"));
        QVERIFY(page.recentScripts().contains(page.script()));
        // The page would run what it shows, and says so in shell words.
        page.setArguments({"20000", "a b"});
        const auto request = page.request(&why);
        QVERIFY(request);
        QCOMPARE(request->args, (QStringList{"20000", "a b"}));
        QVERIFY(request->shownCommand().endsWith("sum_squares.py 20000 'a b'"));
    }

    void argumentsSplitLikeAShell() {
        QString why;
        QCOMPARE(*splitArguments("1  \"two words\" 'it''s' a\\ b \"q\\\"x\"", &why),
                 (QStringList{"1", "two words", "its", "a b", "q\"x"}));
        QCOMPARE(*splitArguments("   ", &why), QStringList());
        QCOMPARE(*splitArguments("''", &why), QStringList{QString()});
        QVERIFY(!splitArguments("1 'open", &why));
        QVERIFY(why.contains("never closed"));
        QVERIFY(!splitArguments("1 \\", &why));
        for (const auto& word : {QStringLiteral("plain"), QStringLiteral("it's here"), QStringLiteral("")})
            QCOMPARE(*splitArguments(shellQuoted(word), &why), QStringList{word});
    }

    void badInputIsStoppedAtTheDoor() {
        QTemporaryDir dir;
        QFile text(dir.filePath("notes.txt"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.close();
        EngineHost host(MPWB_RUN_PATH);
        RunLibrary library;
        PythonPage page(host, &library);
        QSignalSpy started(&host, &EngineHost::eventsArrived);
        QString why;
        // Nothing chosen yet.
        QVERIFY(!page.startRun(&why));
        QVERIFY(why.contains("No script"));
        QVERIFY(page.resultHtml().contains("No script"));
        // A file that is not there, a folder, a file that is not Python: refused, the page unchanged.
        QVERIFY(!page.openScript(dir.filePath("gone.py"), &why));
        QVERIFY(why.contains("no file"));
        QVERIFY(!page.openScript(dir.path(), &why));
        QVERIFY(why.contains("folder"));
        QVERIFY(!page.openScript(text.fileName(), &why));
        QVERIFY(why.contains("not a Python script"));
        QVERIFY(page.script().isEmpty());
        // A script that vanished after it was opened, and an unclosed quote.
        const auto script = dir.filePath("mine.py");
        QFile py(script);
        QVERIFY(py.open(QIODevice::WriteOnly));
        py.write("print('hi')\n");
        py.close();
        QVERIFY(page.openScript(script, &why));
        page.findChild<QLineEdit*>("arguments")->setText("1 \"2");
        QVERIFY(!page.startRun(&why));
        QVERIFY(why.contains("never closed"));
        page.findChild<QLineEdit*>("arguments")->clear();
        QVERIFY(QFile::remove(script));
        QVERIFY(!page.startRun(&why));
        QVERIFY(why.contains("no file"));
        QVERIFY(!host.isRunning());
        QCOMPARE(library.size(), 0);
        QCOMPARE(started.count(), 0);
    }

    void aRecordedCpythonRunIsDrawnWithItsWorkers() {
        QString why;
        auto runs = RunLibrary::read(fixture("cpython_run.mpwbrun"), &why);
        QVERIFY2(runs.size() == 1, qPrintable(why));
        RunModel* run = runs.front().get();
        QCOMPARE(run->data().started->workers, 0);
        QCOMPARE(run->data().started->backend, std::string("cpython"));
        QVERIFY(run->label().startsWith("sum_squares.py · cpython × 3"));
        EngineHost host(MPWB_RUN_PATH);
        PythonPage page(host);
        page.resize(1280, 720);
        page.show();
        page.setTheme(PlotTheme::dark(12), true);
        page.showRun(run);
        page.cursor().seekEvent(run->eventCount());
        page.viewsPanel()->showCursor();
        QCoreApplication::processEvents();
        // Every view drew it (at its end and at every step of the way); the workers come from worker_started.
        for (std::size_t n = 0; n <= run->eventCount(); ++n) {
            page.cursor().seekEvent(n);
            page.viewsPanel()->showCursor();
        }
        QCOMPARE(shownWorkerCount(page.cursor().frame()), 3);
        QCOMPARE(viewOf<TimelinePlot>(page)->laneCount(), 3);
        QCOMPARE(viewOf<TimelinePlot>(page)->chunkCount(), 3);
        QCOMPARE(viewOf<WorkerCpuPlot>(page)->laneCount(), 3);
        for (int i = 0; i < 6; ++i) // the views draw a moment later, throttled
            QTest::qWait(20);
        QVERIFY(page.resultHtml().contains("exit status 0"));
        QVERIFY(page.resultHtml().contains("3 worker processes, which did 3 chunks"));
    }

    void outputAppearsInOrderWithItsStreams() {
        QString why;
        auto runs = RunLibrary::read(fixture("cpython_run.mpwbrun"), &why);
        QVERIFY(!runs.empty());
        const auto& events = runs.front()->events();
        QCOMPARE(std::count_if(events.begin(), events.end(),
                               [](const Event& e) { return std::holds_alternative<OutputEvent>(e.body); }),
                 4);
        // A live run growing event by event shows the same lines in the same order.
        RunModel live;
        ScriptOutputView view;
        view.setRun(&live);
        for (const auto& e : runs.front()->events())
            live.append({e});
        QCOMPARE(view.shownCount(), std::size_t(4));
        QStringList lines;
        for (auto b = view.document()->begin(); b.isValid(); b = b.next())
            lines << b.text();
        QCOMPARE(lines, (QStringList{"starting 3 workers", "warning: a slow block", "second warning line",
                                     "sum = 2666866670000  (0.05 s with 3 workers, chunksize 10)",
                                     "workbench: the script left 1 process behind; it was stopped"}));
        // Standard error in another colour than standard output.
        const auto colourOf = [&](int block) {
            return view.document()
                ->findBlockByNumber(block)
                .begin()
                .fragment()
                .charFormat()
                .foreground()
                .color();
        };
        QVERIFY(colourOf(0) != colourOf(1));
        QCOMPARE(colourOf(1), colourOf(2));
    }

    void pythonFailuresSayWhatToDoAndWhichLesson() {
        ErrorEvent e;
        e.kind = "unpicklable";
        e.message = "a lambda cannot be sent to a worker (job.py:12)";
        e.file = "/home/student/job.py";
        e.item = 12; // for a Python run's errors, the line
        QVERIFY(failureHtml(e, 0).contains("mpwb:lesson/07-what-can-be-pickled"));
        QVERIFY2(failureHtml(e, 0).contains("file /home/student/job.py, line 12"),
                 qPrintable(failureHtml(e, 0)));
        QVERIFY(!failureHtml(e, 0).contains("item 12"));
        e.kind = "no-main-guard";
        QVERIFY(failureHtml(e, 0).contains("mpwb:lesson/03-processes-and-the-main-guard"));
        e.kind = "script-failed";
        QVERIFY(failureHtml(e, 0).contains("traceback"));
        QCOMPARE(failureHeadline(e), QStringLiteral("Your script failed"));
    }

    void lessonProgramsGetRunLinksAndFragmentsDoNot() {
        const QString markdown =
            "Text.\n\n```python\nimport multiprocessing\n\ndef f(x):\n    return x\n\n"
            "if __name__ == \"__main__\":\n    multiprocessing.Process(target=f, args=(1,)).start()\n```\n\n"
            "A fragment:\n\n```python\ndef work(x):\n    ...\n```\n\n"
            "Unguarded:\n\n```python\nfrom multiprocessing import Pool\nPool(2).map(abs, [1])\n```\n\n"
            "No processes:\n\n```python\nimport sys\nprint(sys.version)\n```\n\n"
            "```text\nif __name__ == \"__main__\":\n```\n";
        QStringList programs;
        const auto linked = withRunLinks(markdown, &programs);
        QCOMPARE(programs.size(), 2);
        QVERIFY(programs[0].contains("multiprocessing.Process"));
        QVERIFY(programs[1].contains("sys.version"));
        QCOMPARE(linked.count("mpwb:python/lesson-example/"), 2);
        QCOMPARE(lessonExampleIndex(QUrl("mpwb:python/lesson-example/1")), 1);
        QCOMPARE(lessonExampleIndex(QUrl("mpwb:lesson/01-one-core")), -1);

        // In a rendered lesson the link runs that very program, saved to a file.
        LessonText text;
        text.setLessonMarkdown(markdown, false);
        QCOMPARE(text.programs(), programs);
        QSignalSpy chosen(&text, &LessonText::linkChosen);
        Q_EMIT text.anchorClicked(QUrl("mpwb:python/lesson-example/0"));
        QCOMPARE(chosen.count(), 1);
        const QUrl link = chosen.front().front().toUrl();
        QCOMPARE(link.path(), QStringLiteral("python"));
        QCOMPARE(QUrlQuery(link).queryItemValue("action"), QStringLiteral("run")); // "▶ Run" runs it
        const auto path = QUrlQuery(link).queryItemValue("file", QUrl::FullyDecoded);
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(saved.readAll()), programs[0]);
    }

    void everyShippedLessonProgramIsWholeAndRunnableLinked() {
        // The course's own lessons: each practice lesson offers at least one program to run.
        for (const char* lesson : {"03-processes-and-the-main-guard.md", "10-practice-parallel-sum.md"}) {
            QFile f(QStringLiteral(MPWB_SOURCE_DIR "/lessons/") + lesson);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QStringList programs;
            withRunLinks(QString::fromUtf8(f.readAll()), &programs);
            QVERIFY2(!programs.isEmpty(), lesson);
        }
    }

    void formValuesBecomeTheScriptsArguments() {
        const QStringList run{
            "run",   "sum-squares", "--backend", "processes", "--workers", "3",       "--start",
            "spawn", "--chunksize", "50",        "--n",       "200000",    "--block", "0"};
        QCOMPARE(pythonArgumentsFor("sum-squares", run), (QStringList{"200000", "1000", "3", "50"}));
        auto autoChunks = run;
        autoChunks[9] = "auto"; // the script has no "auto": the chunksize is left to its default
        QCOMPARE(pythonArgumentsFor("sum-squares", autoChunks), (QStringList{"200000", "1000", "3"}));
        QVERIFY(pythonArgumentsFor("no-such", run).isEmpty());
    }

    void linksOpenThePageOrSayWhy() {
        QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
        if (qEnvironmentVariableIsEmpty("MPWB_RUN")) qputenv("MPWB_RUN", MPWB_RUN_PATH);
        MainWindow window;
        QVERIFY(window.navigator()->itemFor(Navigator::Kind::Python, "python"));
        QString why;
        QVERIFY2(window.openLink(QUrl("mpwb:python/exercise/sum-squares?args=20000%20100%20'2'&start=spawn"),
                                 &why),
                 qPrintable(why));
        QVERIFY(window.isPythonShown());
        auto* page = window.pythonPage();
        QVERIFY(page->script().endsWith("/sum_squares.py"));
        const auto request = page->request(&why);
        QVERIFY(request);
        QCOMPARE(request->args, (QStringList{"20000", "100", "2"}));
        QCOMPARE(request->startMethod, QStringLiteral("spawn"));
        // Wrong links say what is wrong, and leave the page's script as it was.
        QVERIFY(!window.openLink(QUrl("mpwb:python/example/no_such_script"), &why));
        QVERIFY(why.contains("no_such_script"));
        QVERIFY(!window.openLink(QUrl("mpwb:python/example/sum_squares?start=vfork"), &why));
        QVERIFY(why.contains("fork, spawn or forkserver"));
        QVERIFY(!window.openLink(QUrl("mpwb:python/example/sum_squares?args=%22open"), &why));
        QVERIFY(why.contains("never closed"));
        QVERIFY(!window.openLink(QUrl("mpwb:python?file=/no/such/file.py"), &why));
        QVERIFY(why.contains("no file"));
        QVERIFY(!window.openLink(QUrl("mpwb:python/example/sum_squares?action=jump"), &why));
        QVERIFY(why.contains("open or run"));
        QVERIFY(page->script().endsWith("/sum_squares.py"));
        QVERIFY(!page->isRunning()); // none of these started anything
        // action=run starts the script at once, and it ends.
        QSignalSpy done(page, &PythonPage::runFinished);
        QVERIFY2(
            window.openLink(QUrl("mpwb:python/exercise/sum-squares?args=20000%20100%202&action=run"), &why),
            qPrintable(why));
        QVERIFY(page->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
        QVERIFY(done.front().front().toBool());
    }

    void anExercisePageOffersItsPythonVersion() {
        EngineHost host(MPWB_RUN_PATH);
        QString why;
        const auto exercises = parseExerciseList(host.listExercises(&why), &why);
        const auto it = std::find_if(exercises.begin(), exercises.end(),
                                     [](const ExerciseDeclaration& e) { return e.id == "sum-squares"; });
        QVERIFY2(it != exercises.end(), qPrintable(why));
        ExercisePage page(*it, host);
        QPushButton* button = nullptr;
        for (auto* b : page.findChildren<QPushButton*>())
            if (b->text().startsWith("Run the Python version")) button = b;
        QVERIFY(button);
        QSignalSpy asked(&page, &ExercisePage::pythonVersionRequested);
        button->click();
        QCOMPARE(asked.count(), 1);
        const QUrl link = asked.front().front().toUrl();
        QCOMPARE(link.path(), QStringLiteral("python/exercise/sum-squares"));
        // The form's N and workers, in the script's order; the block size the engine would pick for auto.
        const auto args = *splitArguments(QUrlQuery(link).queryItemValue("args", QUrl::FullyDecoded), &why);
        QVERIFY(args.size() >= 3);
        QCOMPARE(args[2], QString::number(page.form()->workers()));
        QVERIFY(args[1].toULongLong() >= 1000);
    }

    // "Then the same sweep with real CPython": the engine's sweep, then CPython's of the same work and grid,
    // both handed on to be overlaid; the page's own views end on CPython's.
    void anExercisePageSweepsCPythonToo() {
        EngineHost host(MPWB_RUN_PATH);
        QString why;
        const auto exercises = parseExerciseList(host.listExercises(&why), &why);
        const auto it = std::find_if(exercises.begin(), exercises.end(),
                                     [](const ExerciseDeclaration& e) { return e.id == "sum-squares"; });
        QVERIFY2(it != exercises.end() && it->pythonSweep, qPrintable(why));
        const auto counter =
            std::find_if(exercises.begin(), exercises.end(),
                         [](const ExerciseDeclaration& e) { return e.id == "shared-counter"; });
        QVERIFY(counter != exercises.end() && !counter->pythonSweep);

        RunLibrary library;
        ExercisePage page(*it, host, &library);
        page.form()->applyPreset({{"backend", "processes"}, {"start", "fork"}, {"n", "200000"}});
        QCheckBox* box = nullptr;
        for (auto* b : page.findChildren<QCheckBox*>())
            if (b->text().contains("real CPython")) box = b;
        QVERIFY(box);
        box->setChecked(true);
        for (auto* e : page.findChildren<QLineEdit*>()) {
            if (e->toolTip().startsWith("Worker counts")) e->setText("1");
            if (e->toolTip().startsWith("Chunksizes to try")) e->setText("1,20");
        }
        page.findChildren<QSpinBox*>().last()->setValue(1);
        QSignalSpy compared(&page, &ExercisePage::sweepsToCompare);
        QSignalSpy done(&page, &ExercisePage::runFinished);
        page.startSweep();
        QTRY_VERIFY_WITH_TIMEOUT(compared.count() == 1 || (done.count() > 0 && !page.isRunning()), 120000);
        QVERIFY2(compared.count() == 1, qPrintable(page.resultLine()));
        const auto sweeps = compared.front().front().value<QList<RunModel*>>();
        QCOMPARE(sweeps.size(), 2);
        QCOMPARE(sweeps[0]->data().sweep->backend, std::string("processes"));
        QCOMPARE(sweeps[1]->data().sweep->backend, std::string("cpython"));
        QCOMPARE(sweeps[1]->data().sweep->startMethod, std::string("fork"));
        QCOMPARE(sweeps[1]->data().sweep->params.at("n"), std::string("200000"));
        // The same grid: a baseline, then chunksizes 1 and 20 at one worker.
        QCOMPARE(sweeps[1]->data().sweepPoints.size(), std::size_t(3));
        QCOMPARE(page.shownRun(), sweeps[1]);
        QVERIFY(!page.isRunning());
    }

    void aRealRunOfSumSquaresEndsOk() {
        // Only once mpwb-run knows Python runs: its tracer is then built beside it. $MPWB_RUN names another
        // build's runner, as it does for the app.
        const QString runnerPath = qEnvironmentVariable("MPWB_RUN", QStringLiteral(MPWB_RUN_PATH));
        const QFileInfo runner(runnerPath);
        if (!QFileInfo(runner.dir().filePath("../share/mpwb/tracer")).isDir())
            QSKIP("this build's mpwb-run has no Python tracer yet (docs/PYTHON_RUNS.md)");
        EngineHost host(runnerPath);
        RunLibrary library;
        PythonPage page(host, &library);
        QString why;
        QVERIFY2(page.openExample("sum_squares", &why), qPrintable(why));
        page.setArguments({"20000", "100", "2", "10"});
        QSignalSpy finished(&page, &PythonPage::runFinished);
        QVERIFY2(page.startRun(&why), qPrintable(why));
        QVERIFY(finished.wait(60'000));
        QVERIFY2(finished.front().front().toBool(), qPrintable(page.resultHtml()));
        const auto& data = page.shownRun()->data();
        QCOMPARE(data.started->backend, std::string("cpython"));
        QVERIFY(!data.workers.empty());
        QVERIFY(page.outputView()->toPlainText().contains("sum = "));
    }
};

QTEST_MAIN(PythonPageTest)
#include "tst_gui_python.moc"
