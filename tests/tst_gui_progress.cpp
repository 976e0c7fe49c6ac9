// SPDX-License-Identifier: GPL-3.0-or-later
// A student's path through the app, headless: open a lesson, follow its Run link to a preset exercise,
// lock in a prediction and see it beside the measurement, pass a quiz, and find all of it remembered by a
// new window; then reset it. The lessons here are small fixtures, so the runs take milliseconds.
#include <QtTest>

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextBrowser>

#include "app_palette.h"
#include "class_guesses.h"
#include "exercise_page.h"
#include "guess_spread_plot.h"
#include "lesson_catalogue.h"
#include "lesson_page.h"
#include "main_window.h"
#include "navigator.h"
#include "parameter_form.h"
#include "prediction.h"
#include "prediction_outcome.h"
#include "prediction_panel.h"
#include "progress_store.h"
#include "quiz_panel.h"
#include "run_data.h"

using namespace mpwb;

class TestGuiProgress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void storeRemembersAndResets();
    void movedLessonKeepsItsProgress();
    void navigatorShowsLessonsAndMarks();
    void navigatorSpeaksItsMarks();
    void lessonLinkOpensPresetExercise();
    void badLinkSaysWhy();
    void predictThenRun();
    void quizExplainsEveryAnswer();
    void lessonIsReadWhenItsEndIsSeen();
    void predictionWording();
    void measuresFromRunEvents();
    void shareVerdictsInPoints();
    void classGuessesAreStored();
    void classSpreadAfterTheRun();
    void classPredictThenRun();

private:
    QTemporaryDir m_config;
};

void TestGuiProgress::initTestCase() {
    // Before any QSettings is made: test mode sends settings to a throw-away place.
    QStandardPaths::setTestModeEnabled(true);
    qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    qputenv("MPWB_RUN", MPWB_RUN_PATH);
    qputenv("MPWB_LESSONS_DIR", MPWB_FIXTURES_DIR "/lessons");
}

void TestGuiProgress::init() {
    ProgressStore().reset();
}

void TestGuiProgress::storeRemembersAndResets() {
    {
        ProgressStore store;
        QSignalSpy changed(&store, &ProgressStore::changed);
        store.markLessonRead("01-tiny-run");
        store.recordQuiz("01-tiny-run", 2, 3);
        store.recordGuess("01-tiny-run", {"speedup", "×", 1.8, std::nullopt, {}});
        store.recordMeasurement("01-tiny-run", 1.5);
        store.markExerciseRun("sum-squares");
        QCOMPARE(changed.count(), 5);
    }
    ProgressStore again; // a new session reads what the last one wrote
    QVERIFY(again.lessonRead("01-tiny-run"));
    QVERIFY(!again.quizPassed("01-tiny-run"));
    QCOMPARE(again.quizBest("01-tiny-run"), 2);
    again.recordQuiz("01-tiny-run", 3, 3);
    QVERIFY(again.quizPassed("01-tiny-run"));
    const auto p = again.prediction("01-tiny-run");
    QVERIFY(p);
    QCOMPARE(p->guess, 1.8);
    QCOMPARE(p->measured.value_or(0), 1.5);
    QCOMPARE(p->unit, QString("×"));
    QVERIFY(again.exerciseRun("sum-squares"));
    // A new guess forgets the old measurement: it belongs to the old guess.
    again.recordGuess("01-tiny-run", {"speedup", "×", 2.0, std::nullopt, {}});
    QVERIFY(!again.prediction("01-tiny-run")->measured);
    again.reset();
    QVERIFY(!again.lessonRead("01-tiny-run"));
    QVERIFY(!again.prediction("01-tiny-run"));
    QVERIFY(!again.exerciseRun("sum-squares"));
}

void TestGuiProgress::classGuessesAreStored() {
    {
        ProgressStore store;
        PredictionRecord record{"speedup", "×", 2.0, std::nullopt, {}};
        record.classGuesses = {1.5, 2, 1.8, 3, 2};
        store.recordGuess("01-tiny-run", record);
        store.recordMeasurement("01-tiny-run", 1.86);
    }
    ProgressStore again;
    const auto p = again.prediction("01-tiny-run");
    QVERIFY(p);
    QCOMPARE(p->classGuesses, QVector<double>({1.5, 2, 1.8, 3, 2}));
    QCOMPARE(p->guess, 2.0);
    QCOMPARE(p->measured.value_or(0), 1.86);
    // A student's own guess afterwards replaces the room's.
    again.recordGuess("01-tiny-run", {"speedup", "×", 1.2, std::nullopt, {}});
    QVERIFY(ProgressStore().prediction("01-tiny-run")->classGuesses.isEmpty());
    // A prediction stored before class guesses existed reads as a student's own.
    QSettings old;
    old.setValue("progress/lesson/02-second/prediction/measure", "speedup");
    old.setValue("progress/lesson/02-second/prediction/guess", 1.7);
    old.sync();
    const auto earlier = ProgressStore().prediction("02-second");
    QVERIFY(earlier);
    QCOMPARE(earlier->guess, 1.7);
    QVERIFY(earlier->classGuesses.isEmpty());
}

void TestGuiProgress::movedLessonKeepsItsProgress() {
    // A student's progress saved when start methods was lesson 08 (before it moved to 03a).
    {
        QSettings settings;
        settings.setValue("progress/lesson/08-start-methods/read", true);
        settings.setValue("progress/lesson/08-start-methods/quizBest", 3);
        settings.setValue("progress/lesson/08-start-methods/prediction/guess", 12.5);
        settings.setValue("progress/lesson/08-start-methods/prediction/measure", "startup-share");
    }
    ProgressStore store;
    QVERIFY(store.lessonRead("03a-start-methods"));
    QCOMPARE(store.quizBest("03a-start-methods"), 3);
    QVERIFY(store.prediction("03a-start-methods"));
    QCOMPARE(store.prediction("03a-start-methods")->guess, 12.5);
    QVERIFY(!QSettings().contains("progress/lesson/08-start-methods/read")); // moved, not copied
    // What was saved under the new id already wins over the old id's copy.
    QSettings().setValue("progress/lesson/08-start-methods/quizBest", 1);
    ProgressStore again;
    QCOMPARE(again.quizBest("03a-start-methods"), 3);
}

void TestGuiProgress::navigatorShowsLessonsAndMarks() {
    MainWindow window;
    auto* nav = window.navigator();
    QAbstractItemModelTester tester(nav->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(window.lessons().lessons().size(), 2);
    auto* lesson = nav->itemFor(Navigator::Kind::Lesson, "01-tiny-run");
    QVERIFY(lesson);
    // The exercise the lesson prepares sits under it.
    QVERIFY(nav->itemFor(Navigator::Kind::Exercise, "sum-squares"));
    QCOMPARE(nav->itemFor(Navigator::Kind::Exercise, "sum-squares")->parent(), lesson);
    QVERIFY(!nav->marksOf(Navigator::Kind::Lesson, "01-tiny-run").contains(QString::fromUtf8("✓")));
    window.progress().markLessonRead("01-tiny-run");
    QVERIFY(nav->marksOf(Navigator::Kind::Lesson, "01-tiny-run").contains(QString::fromUtf8("✓")));
    window.progress().recordQuiz("01-tiny-run", 3, 3);
    QVERIFY(nav->marksOf(Navigator::Kind::Lesson, "01-tiny-run").contains(QString::fromUtf8("★")));
    // Choosing items in the tree shows their pages.
    nav->setCurrentItem(nav->itemFor(Navigator::Kind::Exercise, "sum-squares"));
    QCOMPARE(window.currentPage(), window.exercisePage("sum-squares"));
    nav->setCurrentItem(nav->itemFor(Navigator::Kind::Lesson, "02-second"));
    QVERIFY(!window.currentPage());
    // The lesson index lists every lesson with a link.
    window.showLessonIndex();
    auto* index = window.findChild<QTextBrowser*>();
    QVERIFY(index);
}

namespace {

// The strongest contrast between a drawn pixel of the picture and the colour behind it.
double bestContrast(const QPixmap& picture, const QColor& behind) {
    const QImage image = picture.toImage().convertToFormat(QImage::Format_ARGB32);
    double best = 1;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (const QColor px = image.pixelColor(x, y); px.alpha() > 200)
                best = std::max(best, contrastRatio(px, behind));
    return best;
}

} // namespace

void TestGuiProgress::navigatorSpeaksItsMarks() {
    // The whole course, so exercises sit under more than one lesson.
    const LessonCatalogue lessons(MPWB_SOURCE_DIR "/lessons");
    QVector<ExerciseDeclaration> exercises;
    for (const auto& [id, title] : {std::pair{"sum-squares", "Parallel sum of squares"},
                                    std::pair{"image-filter", "Filter a folder of images"}}) {
        ExerciseDeclaration e;
        e.id = id;
        e.title = title;
        exercises << e;
    }
    ProgressStore progress;
    Navigator nav(lessons, exercises, progress);
    QAbstractItemModelTester tester(nav.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString pools = "04-pools-and-chunksize";
    QCOMPARE(nav.spokenText(Navigator::Kind::Lesson, pools), QString("4. Pools and chunksize"));
    // A lesson added after 4 is "4a", and the one after it keeps its number: texts say "lesson 5".
    QCOMPARE(nav.spokenText(Navigator::Kind::Lesson, "04a-pool-in-code"),
             QString("4a. multiprocessing.Pool in code"));
    QCOMPARE(nav.spokenText(Navigator::Kind::Lesson, "05-queues-and-pipes"), QString("5. Queues and pipes"));
    QCOMPARE(nav.spokenText(Navigator::Kind::Lesson, "06a-coordinating-processes"),
             QString("6a. Coordinating processes"));
    QCOMPARE(nav.spokenText(Navigator::Kind::Lesson, "09a-threads-processes-or-interpreters"),
             QString("9a. Threads, processes or interpreters?"));
    QCOMPARE(nav.spokenText(Navigator::Kind::Lesson, "10-practice-parallel-sum"),
             QString("10. ") + lessons.find("10-practice-parallel-sum")->title);
    progress.markLessonRead(pools);
    progress.recordQuiz(pools, 3, 3);
    QCOMPARE(nav.spokenText(Navigator::Kind::Lesson, pools),
             QString("4. Pools and chunksize, read, quiz passed"));
    // What a screen reader is given for the row: the same words, not the marks' picture.
    auto* item = nav.itemFor(Navigator::Kind::Lesson, pools);
    const QModelIndex index = nav.indexFromItem(item);
    QCOMPARE(index.data(Qt::AccessibleTextRole).toString(), nav.spokenText(Navigator::Kind::Lesson, pools));
    QAccessibleInterface* tree = QAccessible::queryAccessibleInterface(&nav);
    QVERIFY(tree);
    QCOMPARE(tree->text(QAccessible::Name), QString("Lessons and exercises"));
    bool heard = false;
    for (int i = 0; i < tree->childCount() && !heard; ++i)
        heard = tree->child(i) && tree->child(i)->text(QAccessible::Name) ==
                                      "4. Pools and chunksize, read, quiz "
                                      "passed";
    QVERIFY(heard);

    // The exercise under lessons 4 and 10 is one page, and each entry says where else it is.
    QStringList entries;
    for (int i = 0; i < nav.topLevelItemCount(); ++i)
        for (int j = 0; j < nav.topLevelItem(i)->childCount(); ++j)
            if (nav.topLevelItem(i)->child(j)->text(0).contains("Parallel sum of squares"))
                entries << nav.topLevelItem(i)->child(j)->text(0);
    QCOMPARE(entries.size(), 2);
    QVERIFY2(entries[0].contains("also in lesson 10"), qPrintable(entries[0]));
    QVERIFY2(entries[1].contains("also in lesson 4"), qPrintable(entries[1]));
    // An exercise under one lesson only says nothing more.
    QVERIFY(!nav.itemFor(Navigator::Kind::Exercise, "image-filter")->text(0).contains("also"));

    // The marks stay readable on the selected row, in both themes.
    for (const bool dark : {false, true}) {
        nav.setPalette(appPalette(dark));
        const QPalette palette = nav.palette();
        const QIcon icon = nav.itemFor(Navigator::Kind::Lesson, pools)->icon(0);
        QVERIFY(bestContrast(icon.pixmap(nav.iconSize(), QIcon::Normal), palette.color(QPalette::Base)) >= 3);
        QVERIFY(bestContrast(icon.pixmap(nav.iconSize(), QIcon::Selected),
                             palette.color(QPalette::Active, QPalette::Highlight)) >= 3);
    }
}

void TestGuiProgress::lessonLinkOpensPresetExercise() {
    MainWindow window;
    window.showLesson("01-tiny-run");
    auto* page = window.lessonPage("01-tiny-run");
    QVERIFY(page);
    QCOMPARE(page->lesson().links.size(), 1);
    // A click on the link in the text arrives as linkChosen; the window follows it.
    Q_EMIT page->linkChosen(page->lesson().links.first());
    auto* exercise = window.currentPage();
    QCOMPARE(exercise, window.exercisePage("sum-squares"));
    QCOMPARE(exercise->form()->backend(), QString("threads"));
    QCOMPARE(exercise->form()->workers(), 2);
    QVERIFY(exercise->form()->runArguments().join(' ').contains("--n 1000000"));
    QVERIFY(!exercise->isRunning()); // a plain link opens; the student presses Run
    QString why;
    QVERIFY(window.openLink(QUrl("mpwb:lesson/02-second"), &why));
    QVERIFY(!window.currentPage());
}

void TestGuiProgress::badLinkSaysWhy() {
    MainWindow window;
    QString why;
    QVERIFY(!window.exportSummary("/tmp/never-written.png", &why)); // no run yet: says so, writes nothing
    QVERIFY(why.contains("no finished run"));
    QVERIFY(!window.openLink(QUrl("mpwb:exercise/no-such-exercise"), &why));
    QVERIFY(why.contains("no-such-exercise"));
    QVERIFY(!window.openLink(QUrl("mpwb:exercise/sum-squares?workers=0"), &why));
    QVERIFY2(why.contains("workers"), qPrintable(why));
    QVERIFY(!window.exercisePage("sum-squares")->isRunning());
    QVERIFY(!window.openLink(QUrl("mpwb:exercise/sum-squares?backend=gpu&action=run"), &why));
    QVERIFY2(why.contains("gpu"), qPrintable(why));
    QVERIFY(!window.exercisePage("sum-squares")->isRunning());
    QVERIFY(!window.openLink(QUrl("mpwb:lesson/99-missing"), &why));
}

void TestGuiProgress::predictThenRun() {
    {
        MainWindow window;
        window.showLesson("01-tiny-run");
        auto* panel = window.lessonPage("01-tiny-run")->predictionPanel();
        QVERIFY(panel);
        QVERIFY(!panel->lockButton()->isEnabled());
        panel->guessField()->setText("0.5");
        QVERIFY(panel->lockButton()->isEnabled());
        auto* exercise = window.exercisePage("sum-squares");
        QSignalSpy finished(exercise, &ExercisePage::runFinished);
        panel->lockButton()->click();
        // The guess is stored before anything runs, then the run starts on the exercise page.
        QVERIFY(window.progress().prediction("01-tiny-run"));
        QCOMPARE(window.currentPage(), exercise);
        QVERIFY(exercise->isRunning());
        QVERIFY(exercise->predictionOutcome()->isVisible() || !window.isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60'000);
        QCOMPARE(finished.last().first().toBool(), true);
        QVERIFY(exercise->measures().seconds.has_value());
        const auto record = window.progress().prediction("01-tiny-run");
        QVERIFY(record && record->measured);
        QCOMPARE(*record->measured, *exercise->measures().seconds);
        QVERIFY(exercise->predictionOutcome()->text().contains("You predicted"));
        QVERIFY(!exercise->predictionOutcome()->isPending());
        QVERIFY(window.progress().exerciseRun("sum-squares"));
        // The lesson that prepares the exercise lists the run beside its text.
        // With what decides the figure: start method, workers, chunksize, N; a speedup never below 1×.
        const auto line = window.progress().exerciseResults("sum-squares").first();
        QVERIFY2(line.startsWith("processes (fork), 2 worker(s), chunksize "), qPrintable(line));
        QVERIFY2(line.contains(", n "), qPrintable(line));
        QVERIFY2(!line.contains(QRegularExpression("0\\.\\d\\d× faster")), qPrintable(line));
        QVERIFY(
            window.lessonPage("01-tiny-run")->measurementsText().contains("processes (fork), 2 worker(s)"));
        // The instructor's sheet: the run, the prediction beside it, and the plots, as PNG and as PDF.
        QTemporaryDir dir;
        QString why;
        QVERIFY2(window.exportSummary(dir.filePath("summary.png"), &why), qPrintable(why));
        const QImage image(dir.filePath("summary.png"));
        QVERIFY(image.width() >= 1000 && image.height() >= 700);
        QVERIFY2(window.exportSummary(dir.filePath("summary.pdf"), &why), qPrintable(why));
        QFile pdf(dir.filePath("summary.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        const auto content = exercise->summaryContent();
        QVERIFY(content.predictionHtml.contains("You predicted"));
        QVERIFY(content.setup.contains("processes with 2 worker(s)"));
    }
    // A new window (a new session) shows the guess beside the measurement on the lesson.
    MainWindow again;
    again.showLesson("01-tiny-run");
    const auto outcome = again.lessonPage("01-tiny-run")->predictionPanel()->findChildren<QLabel*>();
    const bool shown = std::any_of(outcome.begin(), outcome.end(),
                                   [](QLabel* l) { return l->text().contains("You predicted"); });
    QVERIFY(shown);
}

void TestGuiProgress::lessonIsReadWhenItsEndIsSeen() {
    const LessonCatalogue lessons(MPWB_FIXTURES_DIR "/lessons");
    ProgressStore progress;
    LessonPage page(*lessons.find("01-tiny-run"), progress);
    page.resize(900, 90); // too short to show the whole lesson at once
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTest::qWait(800);
    QVERIFY(!progress.lessonRead("01-tiny-run")); // only its top is on screen
    page.scrollToPart("quiz");
    QTRY_VERIFY_WITH_TIMEOUT(progress.lessonRead("01-tiny-run"), 5000);
}

void TestGuiProgress::quizExplainsEveryAnswer() {
    MainWindow window;
    auto* quiz = window.lessonPage("01-tiny-run")->quizPanel();
    QVERIFY(quiz);
    // Nothing answered: every question asks for an answer, and the quiz is not passed.
    QCOMPARE(quiz->check(), 0);
    QVERIFY(quiz->feedback(0).contains("Choose an answer"));
    QVERIFY(!window.progress().quizPassed("01-tiny-run"));
    quiz->choose(0, 0); // wrong
    quiz->typeAnswer(1, "2");
    quiz->choose(2, 0);
    QCOMPARE(quiz->check(), 1);
    QVERIFY(quiz->feedback(0).contains("No, the other one."));
    // A wrong number is not corrected at once: the first retry is the student's own.
    QVERIFY(!quiz->feedback(1).contains("1.67"));
    QVERIFY(!quiz->feedback(1).contains("Ten divided by six."));
    QVERIFY(quiz->feedback(1).contains("once more"));
    QVERIFY(quiz->feedback(2).contains("It was right."));
    QCOMPARE(window.progress().quizBest("01-tiny-run"), 1);
    QCOMPARE(quiz->check(), 1); // wrong again: now the answer and how to reach it
    QVERIFY(quiz->feedback(1).contains("1.67"));
    QVERIFY(quiz->feedback(1).contains("Ten divided by six."));
    // An answer's words wrap in a label beside its button, and clicking them chooses it.
    QLabel* words = nullptr;
    for (auto* label : quiz->findChildren<QLabel*>())
        if (label->text() == "That one") words = label;
    QVERIFY(words && words->wordWrap());
    QTest::mouseClick(words, Qt::LeftButton);
    quiz->typeAnswer(1, "1.666");
    QCOMPARE(quiz->check(), 3);
    QVERIFY(quiz->feedback(0).contains("Yes."));
    QVERIFY(window.progress().quizPassed("01-tiny-run"));
}

void TestGuiProgress::predictionWording() {
    RunMeasures m;
    m.speedup = 1.6;
    m.checks["lost"] = "1234";
    QCOMPARE(measureValue("speedup", m).value_or(-1), 1.6);
    QVERIFY(!measureValue("seconds", m));
    QCOMPARE(measureValue("check.lost", m).value_or(-1), 1234.0);
    QVERIFY(!measureValue("check.missing", m));
    QCOMPARE(formatMeasure("speedup", "×", 1.6), QString("1.60×"));
    QCOMPARE(formatMeasure("best-chunksize", "", 10000), QString("10,000"));
    Prediction p{"How fast?", "speedup", "×", "Because.", QUrl()};
    QVERIFY(describePrediction(p, 1.62, 1.6).contains("Right on"));
    QVERIFY(describePrediction(p, 2.0, 1.0).contains("100% higher"));
    Prediction missing{"How many missing?", "check.missing", "", "Because.", QUrl()};
    QVERIFY(describePrediction(missing, 0, 0).contains("exactly zero"));
    QVERIFY(describePrediction(missing, 3, 0).contains("The answer was zero; you guessed 3"));
    Prediction c{"Best chunksize?", "best-chunksize", "", "Because.", QUrl()};
    QVERIFY(describePrediction(c, 1000, 3000).contains("Right on"));
    QVERIFY(describePrediction(c, 1, 10000).contains("factor"));
}

// The measures read from a run's own events: each from what one run or one sweep records, and each a ratio
// or a share, so these check what must hold whatever the machine, not timings.
void TestGuiProgress::measuresFromRunEvents() {
    // lost-share: the checks' lost over expected, in percent; the value survives JSON quoting.
    RunMeasures counter;
    counter.checks = {{"expected", "20000000"}, {"lost", "5000000"}};
    QCOMPARE(measureValue("lost-share", counter).value_or(-1), 25.0);
    counter.checks["lost"] = "0";
    QCOMPARE(measureValue("lost-share", counter).value_or(-1), 0.0);
    counter.checks["expected"] = "\"40\"";
    counter.checks["lost"] = "\"10\"";
    QCOMPARE(measureValue("lost-share", counter).value_or(-1), 25.0);
    QVERIFY(!lostShare({{"lost", "3"}}));                     // nothing to divide by
    QVERIFY(!measureValue("lost-share", RunMeasures{}));      // a run without a counter
    QVERIFY(!measureValue("startup-share", RunMeasures{}));   // needs the run itself
    QVERIFY(!measureValue("chunksize-ratio", RunMeasures{})); // needs the sweep itself

    // startup-share: the slowest worker's start-up against start-up plus the map; a share, 0..100.
    RunData run;
    QVERIFY(!startupShare(run)); // no workers, not finished
    run.finished = RunFinishedEvent{"ok", 900'000'000};
    run.workers = {WorkerStartedEvent{0, 10, "spawn", 50'000'000},
                   WorkerStartedEvent{1, 11, "spawn", 100'000'000}};
    QCOMPARE(measureValue("startup-share", RunMeasures{}, &run).value_or(-1), 10.0);
    run.workers.push_back(WorkerStartedEvent{2, 12, "spawn", 900'000'000}); // the slowest counts, not the sum
    QCOMPARE(startupShare(run).value_or(-1), 50.0);

    // cpu-cores: empty without CPU samples (never a made-up zero).
    QVERIFY(!cpuCores(run));

    // stage-ratio: the pipeline's wall over its busiest stage's own work (here the collector: 4,000 × 500
    // µs).
    RunData pipe;
    pipe.started = RunStartedEvent{};
    pipe.started->exercise = "pipeline";
    pipe.started->workers = 4;
    pipe.started->params = {
        {"items", "4000"}, {"work-us", "200"}, {"collect-us", "500"}, {"produce-us", "0"}};
    pipe.finished = RunFinishedEvent{"ok", 2'200'000'000};
    QCOMPARE(measureValue("stage-ratio", RunMeasures{}, &pipe).value_or(-1), 1.1);
    pipe.started->params["work-us"] =
        "4000"; // now each worker's share, 4,000 × 4 ms / 4 = 4 s, is the busiest
    QCOMPARE(stageRatio(pipe).value_or(-1), 0.55);
    pipe.started->params["collect-us"] = "0";
    pipe.started->params["work-us"] = "0";
    QVERIFY(!stageRatio(pipe)); // no stage has work to set the pace
    pipe.started->exercise = "sum-squares";
    QVERIFY(!stageRatio(pipe));

    // chunksize-ratio: mean time at the smallest chunksize over the fastest mean, at the largest worker
    // count; never below 1, whatever order the points came in.
    RunData sweep;
    QVERIFY(!chunksizeRatio(sweep));
    const auto point = [](int workers, std::uint64_t chunksize, double seconds) {
        return SweepPointEvent{"processes", workers, chunksize, 0, std::int64_t(seconds * 1e9)};
    };
    sweep.sweepPoints = {point(2, 1000, 0.5), point(2, 1, 4.0), point(2, 1, 6.0), point(2, 1000, 0.5),
                         point(1, 1, 0.1)}; // one worker: not the sweep's largest count, left out
    QCOMPARE(measureValue("chunksize-ratio", RunMeasures{}, &sweep).value_or(-1), 10.0);
    sweep.sweepPoints = {point(2, 1, 1.0), point(2, 100, 2.0), point(2, 10, 4.0)};
    QCOMPARE(chunksizeRatio(sweep).value_or(-1), 0.5); // small chunks can win: the ratio says so
    sweep.sweepPoints = {point(2, 1, 1.0), point(2, 1, 2.0)};
    QVERIFY(!chunksizeRatio(sweep)); // one chunksize: nothing to compare

    // Every measure a prediction may name is known to the parser, and only sweep measures need a sweep.
    for (const auto& m : measureNames())
        QCOMPARE(measureNeedsSweep(m),
                 m == "best-chunksize" || m == "parallel-fraction" || m == "chunksize-ratio");
    QCOMPARE(formatMeasure("lost-share", "%", 37.4), QString("37%"));
    QCOMPARE(formatMeasure("startup-share", "%", 1.24), QString("1.2%"));
    QCOMPARE(formatMeasure("cpu-cores", "cores", 1.96), QString("2.0 cores"));
    QCOMPARE(formatMeasure("chunksize-ratio", QString::fromUtf8("×"), 12.34), QString::fromUtf8("12.3×"));
    QCOMPARE(formatMeasure("stage-ratio", QString::fromUtf8("×"), 1.063), QString::fromUtf8("1.06×"));
}

// A share is judged in percentage points: twice a tiny share is still close, a third off a large one is not.
void TestGuiProgress::shareVerdictsInPoints() {
    const Prediction p{"What share?", "startup-share", "%", "Because.", QUrl()};
    QVERIFY(describePrediction(p, 3, 1.5).contains("Right on: within 5 percentage points"));
    QVERIFY(describePrediction(p, 40, 10).contains("30 percentage points higher"));
    QVERIFY(describePrediction(p, 0, 0).contains("Right on"));
    const Prediction lost{"What share?", "lost-share", "%", "Because.", QUrl()};
    QVERIFY(describePrediction(lost, 20, 45).contains("25 percentage points lower"));
    QVERIFY(guessIsClose("lost-share", 40, 44));
    QVERIFY(!guessIsClose("lost-share", 30, 44));
    const auto spread = describeGuessSpread(lost, {40, 42, 10}, 44);
    QVERIFY(spread.contains("2 of 3 within 5 percentage points"));
}

void TestGuiProgress::classSpreadAfterTheRun() {
    const Prediction p{"How fast?", "speedup", QString::fromUtf8("×"), "Because.", QUrl()};
    PredictionOutcome outcome;
    outcome.setPending("01-tiny-run", p, 2.0, {1.5, 2, 1.8, 3, 2});
    QVERIFY(outcome.isPending());
    QVERIFY(outcome.text().contains("5 guesses from the class"));
    QVERIFY(!outcome.spreadPlot()->isVisibleTo(&outcome)); // nothing to draw it against yet
    QSignalSpy measured(&outcome, &PredictionOutcome::measured);
    RunMeasures m;
    m.speedup = 1.86;
    outcome.resolve(m, "run-1");
    QCOMPARE(measured.count(), 1);
    auto* plot = outcome.spreadPlot();
    QVERIFY(plot->isVisibleTo(&outcome));
    QCOMPARE(plot->dotCount(), 5);
    QVERIFY(plot->summary().contains("3 of 5 within 10%"));
    QCOMPARE(plot->accessibleDescription(), plot->summary());
    QVERIFY(!plot->accessibleName().isEmpty());
    QVERIFY(outcome.text().contains("3 of 5 within 10%")); // the instructor's sheet says it too
    // The plot follows the app's palette, dark and back (which reaches widgets through the event loop).
    applyAppPalette(true);
    QTRY_VERIFY(plot->isDark());
    applyAppPalette(false);
    QTRY_VERIFY(!plot->isDark());
    // A student's own guess afterwards shows no spread.
    outcome.setPending("01-tiny-run", p, 1.5, {});
    outcome.resolve(m, "run-2");
    QVERIFY(!plot->isVisibleTo(&outcome));
    QVERIFY(outcome.text().contains("You predicted"));
}

void TestGuiProgress::classPredictThenRun() {
    MainWindow window;
    window.showLesson("01-tiny-run");
    auto* panel = window.lessonPage("01-tiny-run")->predictionPanel();
    // Every input of the box says what it is for.
    for (QWidget* input :
         {static_cast<QWidget*>(panel->guessField()), static_cast<QWidget*>(panel->lockButton()),
          static_cast<QWidget*>(panel->classToggle()), static_cast<QWidget*>(panel->classField()),
          static_cast<QWidget*>(panel->clearClassButton())})
        QVERIFY2(!input->accessibleName().isEmpty(), qPrintable(input->metaObject()->className()));
    panel->classToggle()->click();
    QVERIFY(!panel->guessField()->isEnabled()); // the room's guesses stand in for one
    panel->classField()->setPlainText("0.05, 0.1, oops");
    QVERIFY(!panel->lockButton()->isEnabled());
    QVERIFY2(panel->classCheck().contains("not a number"), qPrintable(panel->classCheck()));
    QCOMPARE(panel->classField()->accessibleDescription(), panel->classCheck());
    panel->clearClassButton()->click();
    QVERIFY(panel->classField()->toPlainText().isEmpty());
    QVERIFY(!panel->lockButton()->isEnabled());
    panel->classField()->setPlainText("0.05, 0.1\n0.1\n2");
    QVERIFY(panel->lockButton()->isEnabled());
    auto* exercise = window.exercisePage("sum-squares");
    QSignalSpy finished(exercise, &ExercisePage::runFinished);
    panel->lockButton()->click();
    const auto record = window.progress().prediction("01-tiny-run");
    QVERIFY(record);
    QCOMPARE(record->classGuesses, QVector<double>({0.05, 0.1, 0.1, 2}));
    QCOMPARE(record->guess, 0.1);
    QVERIFY(exercise->predictionOutcome()->isPending());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60'000);
    QCOMPARE(finished.last().first().toBool(), true);
    // The outcome on the exercise page and the lesson's box both draw the spread once the run resolves it.
    auto* outcome = exercise->predictionOutcome();
    QVERIFY(!outcome->isPending());
    QVERIFY(outcome->spreadPlot()->isVisibleTo(outcome));
    QCOMPARE(outcome->spreadPlot()->dotCount(), 4);
    QVERIFY(outcome->text().contains("4 guesses, median 0.10 s"));
    QVERIFY(window.progress().prediction("01-tiny-run")->measured);
    QVERIFY(panel->spreadPlot()->isVisibleTo(panel));
    QCOMPARE(panel->spreadPlot()->summary(), outcome->spreadPlot()->summary());
    // A new box for the lesson opens with the room's guesses, ready to try again.
    PredictionPanel again("01-tiny-run", *window.lessons().find("01-tiny-run")->prediction,
                          window.progress());
    QVERIFY(again.classToggle()->isChecked());
    QCOMPARE(parseGuessList(again.classField()->toPlainText()).values, QVector<double>({0.05, 0.1, 0.1, 2}));
}

QTEST_MAIN(TestGuiProgress)
#include "tst_gui_progress.moc"
