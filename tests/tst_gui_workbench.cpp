// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench as a student uses it, headless: a run that reaches the plots, a bad value that starts
// nothing, Cancel mid-run (and a bar that says so), an engine that dies (and words that say how), a saved
// run opened again, the main window's navigator, and the File menu's names and exports. The form as it is
// typed: tst_gui_runform.
#include <QtTest>

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>

#include "declared_exercise.h"
#include "engine_exit.h"
#include "engine_host.h"
#include "exercise_catalogue.h"
#include "exercise_page.h"
#include "lesson.h"
#include "main_window.h"
#include "parameter_form.h"
#include "playback_cursor.h"
#include "plot_export.h"
#include "process_census.h"
#include "run_controls_panel.h"
#include "run_file_actions.h"
#include "run_file_name.h"
#include "run_library.h"
#include "run_view.h"
#include "run_views_panel.h"

#include <csignal>

using namespace mpwb;

namespace {

ExerciseDeclaration sumSquares() {
    return declaredExercise("sum-squares");
}

// A stand-in for mpwb-run that ends as the script says (e.g. "kill -KILL $$"), to see what a student reads.
QString fakeRunner(const QTemporaryDir& dir, const QByteArray& script) {
    const auto path = dir.filePath("fake-mpwb-run");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write("#!/bin/sh\n" + script + "\n");
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

} // namespace

class TestGuiWorkbench : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parametersComeFromTheEngine();
    void runReachesThePlots();
    void invalidParameterStartsNothing();
    void cancelMidRunLeavesNoProcess();
    void secondPageWaitsForTheEngine();
    void aLinkLeavesTheRestAtTheDefaults();
    void aLinkBringsItsViewToTheFront();
    void savedRunOpensInTheSameViews();
    void saveWritesTheRunOnScreen();
    void sweepFillsTheSpeedupCurve();
    void engineEndInWords();
    void hostDeathSaysHow_data();
    void hostDeathSaysHow();
    void pageSaysTheEngineWasKilled();
    void mainWindowNavigator();
    void proposedNamesSayWhatRan_data();
    void proposedNamesSayWhatRan();
    void dialogsStartInTheLastFolder();
    void exportedPlotsLeaveTheTabBarOut();

private:
    QTemporaryDir m_config;
};

void TestGuiWorkbench::initTestCase() {
    // Settings go to a throw-away place so the tests neither read nor spoil a real user's progress.
    qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    qputenv("MPWB_RUN", MPWB_RUN_PATH);
    QStandardPaths::setTestModeEnabled(true);
}

void TestGuiWorkbench::parametersComeFromTheEngine() {
    const auto e = sumSquares();
    QCOMPARE(e.id, QString("sum-squares"));
    QVERIFY(e.parameters.size() >= 1);
    QCOMPARE(e.parameters[0].name, QString("n"));
    QCOMPARE(e.parameters[0].maximum, qint64(1'000'000'000'000));
    QString why;
    QVERIFY(parseExerciseList("not json", &why).isEmpty());
    QVERIFY(!why.isEmpty());
}

void TestGuiWorkbench::runReachesThePlots() {
    EngineHost host(MPWB_RUN_PATH);
    ExercisePage page(sumSquares(), host);
    page.form()->applyPreset(
        {{"backend", "processes"}, {"workers", "2"}, {"n", "50000000"}, {"chunksize", "5"}});
    QSignalSpy done(&page, &ExercisePage::runFinished);
    page.startRun();
    QVERIFY(page.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
    QCOMPARE(done.at(0).at(0).toBool(), true);
    const auto& run = page.run();
    QVERIFY(run.result && run.result->correct);
    QCOMPARE(QString::fromStdString(run.result->value),
             QString("41666667916666675000000")); // n(n+1)(2n+1)/6 for n = 5e7
    QVERIFY(!run.chunks.empty());
    QCOMPARE(run.workers.size(), std::size_t(2));
    QCOMPARE(run.started->backend, std::string("processes"));
    QCOMPARE(run.itemsDone, run.started->items);
    QVERIFY(childProcesses(getpid()).empty());
}

void TestGuiWorkbench::invalidParameterStartsNothing() {
    EngineHost host(MPWB_RUN_PATH);
    ExercisePage page(sumSquares(), host);
    QSignalSpy events(&host, &EngineHost::eventsArrived);
    page.form()->applyPreset({{"n", "-4"}});
    page.startRun();
    QVERIFY(!page.isRunning());
    QVERIFY(!host.isRunning());
    QTest::qWait(200);
    QCOMPARE(events.count(), 0);
    QVERIFY(childProcesses(getpid()).empty());
}

void TestGuiWorkbench::cancelMidRunLeavesNoProcess() {
    EngineHost host(MPWB_RUN_PATH);
    ExercisePage page(sumSquares(), host);
    page.form()->applyPreset({{"backend", "sequential"}, {"n", "1000000000000"}});
    QSignalSpy done(&page, &ExercisePage::runFinished);
    page.startRun();
    QTRY_VERIFY_WITH_TIMEOUT(page.run().started.has_value(), 20000);
    page.cancelRun();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
    QCOMPARE(done.at(0).at(0).toBool(), false);
    QVERIFY(!host.isRunning());
    // The bar says what happened where it stopped, and the line under it is not "Ready.".
    auto* controls = page.findChild<RunControlsPanel*>();
    QVERIFY2(controls->progressText().startsWith("Cancelled at"), qPrintable(controls->progressText()));
    QVERIFY2(controls->status().startsWith("Cancelled at"), qPrintable(controls->status()));
    QTRY_VERIFY_WITH_TIMEOUT(childProcesses(getpid()).empty(), 5000);
    // The next run starts with a bar that only shows progress again.
    page.form()->applyPreset({{"n", "1000"}});
    page.startRun();
    QVERIFY(controls->progressText().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 20000);
    QCOMPARE(controls->status(), QString("Ready."));
    QCOMPARE(controls->progressPercent(), 100);
}

void TestGuiWorkbench::engineEndInWords() {
    QCOMPARE(signalName(SIGKILL), QString("SIGKILL"));
    QCOMPARE(signalName(SIGSEGV), QString("SIGSEGV"));
    QVERIFY(signalName(77).contains("77"));
    const auto killed = engineEndWords(SIGKILL, 0);
    QVERIFY(killed.contains("SIGKILL") && killed.contains("fewer workers") && killed.contains("smaller N"));
    const auto crashed = engineEndWords(SIGSEGV, 0);
    QVERIFY(crashed.contains("crashed (SIGSEGV)") && crashed.contains("report a bug"));
    QVERIFY(engineEndWords(SIGTERM, 0).contains("from outside"));
    QVERIFY(engineEndWords(0, 3).contains("code 3"));
    QVERIFY(!engineEndWords(0, 1).contains("-1"));
}

// Through the real EngineHost and a real process: the signal that ended it, by name, or its exit code.
void TestGuiWorkbench::hostDeathSaysHow_data() {
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("words");
    QTest::newRow("SIGKILL") << QByteArray("kill -KILL $$") << -1 << "SIGKILL";
    QTest::newRow("SIGSEGV") << QByteArray("kill -SEGV $$") << -1 << "crashed (SIGSEGV)";
    QTest::newRow("silent exit 3") << QByteArray("exit 3") << 3 << "code 3";
    QTest::newRow("exit 1 with a reason")
        << QByteArray("echo 'no such exercise' >&2; exit 1") << 1 << "no such exercise";
    QTest::newRow("killed after a word")
        << QByteArray("echo 'allocating' >&2; kill -KILL $$") << -1 << "Its last words: allocating";
}

void TestGuiWorkbench::hostDeathSaysHow() {
    QFETCH(QByteArray, script);
    QFETCH(int, exitCode);
    QFETCH(QString, words);
    QTemporaryDir dir;
    EngineHost host(fakeRunner(dir, script));
    QSignalSpy finished(&host, &EngineHost::finished);
    QVERIFY(host.start({"run", "sum-squares"}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).toInt(), exitCode);
    const auto text = finished.at(0).at(1).toString();
    QVERIFY2(text.contains(words), qPrintable(text));
    QVERIFY2(!text.contains("status -1"), qPrintable(text));
}

// What the student reads on the page when the engine is killed mid-run: how, what to try, and a bar that
// says the run failed rather than "Ready.".
void TestGuiWorkbench::pageSaysTheEngineWasKilled() {
    QTemporaryDir dir;
    EngineHost host(fakeRunner(dir, "kill -KILL $$"));
    ExercisePage page(sumSquares(), host);
    QSignalSpy done(&page, &ExercisePage::runFinished);
    page.startRun();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
    QCOMPARE(done.at(0).at(0).toBool(), false);
    auto* controls = page.findChild<RunControlsPanel*>();
    QVERIFY2(controls->result().contains("SIGKILL") && controls->result().contains("fewer workers"),
             qPrintable(controls->result()));
    QVERIFY2(controls->progressText().startsWith("Failed"), qPrintable(controls->progressText()));
    QVERIFY(controls->status() != "Ready.");
}

void TestGuiWorkbench::savedRunOpensInTheSameViews() {
    EngineHost host(MPWB_RUN_PATH);
    ExercisePage page(sumSquares(), host);
    page.form()->applyPreset({{"backend", "threads"}, {"workers", "2"}, {"n", "3000000"}});
    QSignalSpy done(&page, &ExercisePage::runFinished);
    page.startRun();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
    const auto stream = host.rawStream();
    const auto chunks = page.run().chunks;
    QVERIFY(!stream.isEmpty());

    ExercisePage other(sumSquares(), host);
    QString why;
    QVERIFY2(other.showSavedRun(stream, &why), qPrintable(why));
    QCOMPARE(other.run().chunks, chunks);
    QCOMPARE(other.run().result, page.run().result);
    QVERIFY(!other.showSavedRun("{\"type\":\"chunk\"", &why));
    QVERIFY(!why.isEmpty());
}

// File › Save writes the run the page shows, not whichever ran last; the summary describes that run too.
void TestGuiWorkbench::saveWritesTheRunOnScreen() {
    MainWindow window;
    window.showExercise("sum-squares");
    auto* page = window.exercisePage("sum-squares");
    QSignalSpy done(page, &ExercisePage::runFinished);
    page->form()->applyPreset({{"backend", "sequential"}, {"n", "2000000"}});
    page->startRun();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
    RunModel* first = page->shownRun();
    QVERIFY(first && first->isFinished());
    page->form()->applyPreset({{"backend", "threads"}, {"workers", "2"}, {"n", "2000000"}});
    page->startRun();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 60000);
    QVERIFY(page->shownRun() != first);
    QCOMPARE(page->shownRun()->data().started->backend, std::string("threads"));
    // The library holds both; the student goes back to the first one.
    QVERIFY(window.library().rowOf(first) >= 0);
    page->showRun(first);
    QTemporaryDir dir;
    QString why;
    const auto path = dir.filePath("shown.mpwbrun");
    QVERIFY2(window.saveShownRun(path, &why), qPrintable(why));
    const auto back = RunLibrary::load(path, &why);
    QCOMPARE(back.size(), std::size_t(1));
    QCOMPARE(back[0]->events(), first->events());
    QCOMPARE(back[0]->data().started->backend, std::string("sequential"));
    const auto content = page->summaryContent();
    QCOMPARE(content.run, first);
    QVERIFY(content.setup.startsWith("sequential"));
    QVERIFY(childProcesses(getpid()).empty());
}

void TestGuiWorkbench::sweepFillsTheSpeedupCurve() {
    EngineHost host(MPWB_RUN_PATH);
    ExercisePage page(sumSquares(), host);
    page.form()->applyPreset({{"backend", "processes"}, {"n", "3000000"}});
    auto* workers = page.findChild<QLineEdit*>();
    QVERIFY(workers);
    QString why;
    const auto args = page.form()->sweepArguments("1,2", "10,100", 1, &why);
    QVERIFY2(args.contains("--chunksize") && args.contains("1,2"), qPrintable(why));
    // Drive it through the page's own controls, as a student would.
    const auto edits = page.findChildren<QLineEdit*>();
    QLineEdit* workerEdit = nullptr;
    QLineEdit* chunkEdit = nullptr;
    for (auto* e : edits) {
        if (e->toolTip().startsWith("Worker counts")) workerEdit = e;
        if (e->toolTip().startsWith("Chunksizes to try")) chunkEdit = e;
    }
    QVERIFY(workerEdit && chunkEdit);
    workerEdit->setText("1,2");
    chunkEdit->setText("10,100");
    auto* repeats = page.findChildren<QSpinBox*>().last();
    repeats->setValue(1);
    QSignalSpy done(&page, &ExercisePage::runFinished);
    page.startSweep();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
    QCOMPARE(done.at(0).at(0).toBool(), true);
    // One baseline run, then workers x chunksizes.
    QCOMPARE(page.run().sweepPoints.size(), std::size_t(1 + 2 * 2));
    QCOMPARE(page.run().sweepPoints.front().backend, std::string("sequential"));
    QVERIFY(childProcesses(getpid()).empty());
}

void TestGuiWorkbench::mainWindowNavigator() {
    MainWindow window;
    QVERIFY(window.exercisePage("sum-squares"));
    auto* tree = window.findChild<QTreeWidget*>();
    QVERIFY(tree);
    QAbstractItemModelTester tester(tree->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(tree->topLevelItemCount() >= 1);
    window.showExercise("sum-squares");
    QCOMPARE(window.currentPage(), window.exercisePage("sum-squares"));
    QString why;
    QVERIFY(!window.openRunFile("/nonexistent/run.mpwbrun", &why));
    QVERIFY(!why.isEmpty());
}

// Pages share one engine host: a page must not start while another page's run goes on, nor take its events.
void TestGuiWorkbench::secondPageWaitsForTheEngine() {
    EngineHost host(MPWB_RUN_PATH);
    const auto e = sumSquares();
    ExercisePage first(e, host), second(e, host);
    first.form()->applyPreset({{"backend", "sequential"}, {"n", "2000000000"}});
    QSignalSpy firstDone(&first, &ExercisePage::runFinished), secondDone(&second, &ExercisePage::runFinished);
    first.startRun();
    QVERIFY(first.isRunning());
    second.startRun();
    QVERIFY(!second.isRunning());
    QString why;
    LessonLink link;
    link.target = "sum-squares";
    link.action = LessonLink::Action::Run;
    QVERIFY(!second.applyLink(link, &why));
    QVERIFY(why.contains("run is going on"));
    first.cancelRun();
    QTRY_VERIFY_WITH_TIMEOUT(firstDone.count() == 1, 20000);
    QTest::qWait(200);
    QCOMPARE(secondDone.count(), 0); // the second page heard nothing of the first one's run
    QVERIFY(!second.run().started);
}

// A lesson's link sets what it names and puts every other field back to the exercise's default: a student's
// N of five billion does not turn the lesson's quick run into a long one, and one link always does the same.
void TestGuiWorkbench::aLinkLeavesTheRestAtTheDefaults() {
    EngineHost host(MPWB_RUN_PATH);
    const auto e = sumSquares();
    ExercisePage page(e, host);
    const ParameterForm fresh(e);
    QVERIFY(
        page.form()
            ->applyPreset({{"backend", "threads"}, {"workers", "3"}, {"chunksize", "7"}, {"n", "5000000000"}})
            .isEmpty());
    QVERIFY(page.form()->runArguments() != fresh.runArguments());
    LessonLink link;
    link.target = "sum-squares";
    link.preset = {{"workers", "2"}};
    QString why;
    QVERIFY2(page.applyLink(link, &why), qPrintable(why));
    QVERIFY(!page.isRunning()); // no action: it only opens
    ParameterForm expected(e);
    QVERIFY(expected.applyPreset({{"workers", "2"}}).isEmpty());
    QCOMPARE(page.form()->runArguments(), expected.runArguments());
    QVERIFY(!page.form()->runArguments().contains("5000000000"));
}

void TestGuiWorkbench::aLinkBringsItsViewToTheFront() {
    // Every view a page can show is one a link can name, and every name a link may use is a view.
    QSet<QString> keys;
    for (const auto* id : {"sum-squares", "image-filter", "pipeline", "shared-counter"}) {
        const auto e = declaredExercise(id);
        QVERIFY2(!e.id.isEmpty(), id);
        PlaybackCursor cursor;
        RunViewsPanel panel(e, cursor);
        for (std::size_t i = 1; i < panel.views().size(); ++i) // the cores are always on screen
            keys.insert(viewKey(panel.views()[i]->title()));
    }
    QCOMPARE(keys, QSet<QString>(linkViews().begin(), linkViews().end()));

    // A pipeline run whose link asks for the kitchen: the queues' tab joins when the run has queues, but does
    // not push the kitchen aside.
    EngineHost host(MPWB_RUN_PATH);
    ExercisePage page(declaredExercise("pipeline"), host);
    page.viewsPanel()->showTab("Timeline");
    const auto link = parseLessonLink(QUrl("mpwb:exercise/pipeline?items=2000&action=run&view=kitchen"));
    QVERIFY(link);
    QString why;
    QVERIFY2(page.applyLink(*link, &why), qPrintable(why));
    QCOMPARE(page.viewsPanel()->currentTabTitle(), QString("Kitchen"));
    QTRY_VERIFY_WITH_TIMEOUT(!page.isRunning(), 60000);
    auto* tabs = page.viewsPanel()->findChild<QTabWidget*>();
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i)
        titles << tabs->tabText(i);
    QVERIFY2(titles.contains("Queues"), qPrintable(titles.join(", ")));
    QCOMPARE(page.viewsPanel()->currentTabTitle(), QString("Kitchen"));
    // A link without a view leaves the tabs to the run: the next run's new tab comes to the front as usual.
    page.viewsPanel()->showView({});
    page.viewsPanel()->showView("queues");
    QCOMPARE(page.viewsPanel()->currentTabTitle(), QString("Queues"));
}

void TestGuiWorkbench::proposedNamesSayWhatRan_data() {
    QTest::addColumn<QString>("exercise");
    QTest::addColumn<QString>("backend");
    QTest::addColumn<int>("workers");
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("extension");
    QTest::addColumn<QString>("name");
    QTest::newRow("saved run") << "sum-squares"
                               << "processes" << 4 << ""
                               << "mpwbrun"
                               << "sum-squares-processes-4w-2026-11-30.mpwbrun";
    QTest::newRow("plots") << "image-filter"
                           << "gil-threads" << 2 << "plots"
                           << "png"
                           << "image-filter-gil-threads-2w-2026-11-30-plots.png";
    QTest::newRow("sweep, no worker count") << "sum-squares"
                                            << "sweep" << 0 << "summary"
                                            << "pdf"
                                            << "sum-squares-sweep-2026-11-30-summary.pdf";
    QTest::newRow("no run yet") << ""
                                << "" << 0 << "chunks"
                                << "csv"
                                << "run-2026-11-30-chunks.csv";
    QTest::newRow("unsafe characters") << "../Odd Name/"
                                       << "Threads" << 1 << "the kitchen!"
                                       << "PNG"
                                       << "odd-name-threads-1w-2026-11-30-the-kitchen.png";
}

void TestGuiWorkbench::proposedNamesSayWhatRan() {
    QFETCH(QString, exercise);
    QFETCH(QString, backend);
    QFETCH(int, workers);
    QFETCH(QString, what);
    QFETCH(QString, extension);
    QFETCH(QString, name);
    const RunNameParts parts{exercise, backend, workers, QDate(2026, 11, 30)};
    QCOMPARE(runFileName(parts, what, extension), name);
    QCOMPARE(runNameParts(nullptr, QDate(2026, 11, 30)).date, QDate(2026, 11, 30));
}

void TestGuiWorkbench::dialogsStartInTheLastFolder() {
    QTemporaryDir dir;
    RunFileActions::rememberFolder(dir.filePath("plots.png"));
    QCOMPARE(QDir(RunFileActions::lastFolder()), QDir(dir.path()));
    QTemporaryDir gone;
    RunFileActions::rememberFolder(gone.filePath("run.mpwbrun"));
    gone.remove(); // a folder that has since gone is not where a dialog starts
    QVERIFY(QDir(RunFileActions::lastFolder()) != QDir(gone.path()));
}

// File › Export plots writes the plots as the student sees them, without the tab bar or the playback bar:
// a PNG at print scale whose height is the plots' and nothing else's, and vectors in PDF and SVG.
void TestGuiWorkbench::exportedPlotsLeaveTheTabBarOut() {
    MainWindow window;
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showExercise("sum-squares");
    auto* page = window.exercisePage("sum-squares");
    QSignalSpy done(page, &ExercisePage::runFinished);
    page->form()->applyPreset({{"backend", "threads"}, {"workers", "2"}, {"n", "2000000"}});
    page->startRun();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
    auto* tabs = page->plotArea()->findChild<QTabWidget*>();
    QVERIFY(tabs);
    for (int i = 0; i < tabs->count(); ++i)
        if (tabs->tabText(i) == "Timeline") tabs->setCurrentIndex(i);
    QWidget* timeline = tabs->currentWidget();
    QCOMPARE(tabs->tabText(tabs->currentIndex()), QString("Timeline"));
    auto& files = window.fileActions();
    QVERIFY(files.proposedName("plots", "png").startsWith("sum-squares-threads-2w-"));

    QTemporaryDir dir;
    QString why;
    const auto tabOnly = dir.filePath("tab.png");
    QVERIFY2(files.exportPlots(tabOnly, false, &why), qPrintable(why));
    const QImage tabImage(tabOnly);
    QCOMPARE(tabImage.size(), timeline->size() * kPrintScale);
    QVERIFY(tabImage.height() < tabs->height() * kPrintScale); // the tab bar is not in it
    QCOMPARE(qRound(tabImage.dotsPerMeterX() * 0.0254), qRound(96 * kPrintScale));

    const auto both = files.plotsOnScreen(true);
    QCOMPARE(both.size(), 2);
    QCOMPARE(both.back(), timeline);
    const auto withCores = dir.filePath("plots.png");
    QVERIFY2(files.exportPlots(withCores, true, &why), qPrintable(why));
    const QImage image(withCores);
    QCOMPARE(image.height(), int((both[0]->height() + timeline->height()) * kPrintScale));
    QCOMPARE(image.width(), int(qMax(both[0]->width(), timeline->width()) * kPrintScale));

    // Vectors: the timeline's bars and axis labels as shapes and text, not a picture of the screen.
    const auto svgPath = dir.filePath("tab.svg");
    QVERIFY2(files.exportPlots(svgPath, false, &why), qPrintable(why));
    QFile svg(svgPath);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray svgText = svg.readAll();
    QVERIFY(svgText.contains("<text") || svgText.contains("<path"));
    QVERIFY(!svgText.contains("<image"));
    QVERIFY2(files.exportPlots(dir.filePath("plots.pdf"), true, &why), qPrintable(why));
    QFile pdf(dir.filePath("plots.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly) && pdf.read(5) == "%PDF-");

    // A failed write says which file and why, and leaves nothing behind.
    QVERIFY(!files.exportPlots("/nonexistent-folder/plots.png", true, &why));
    QVERIFY2(why.contains("/nonexistent-folder/plots.png"), qPrintable(why));
    const auto unknown = dir.filePath("plots.nosuchformat");
    QVERIFY(!files.exportPlots(unknown, true, &why));
    QVERIFY2(why.contains("plots.nosuchformat"), qPrintable(why));
    QVERIFY(!QFile::exists(unknown));
    const auto csv = dir.filePath("chunks.csv");
    QVERIFY2(files.exportChunks(csv, &why), qPrintable(why));
    QFile chunks(csv);
    QVERIFY(chunks.open(QIODevice::ReadOnly) && chunks.readLine().startsWith("worker,core,"));
}

QTEST_MAIN(TestGuiWorkbench)
#include "tst_gui_workbench.moc"
