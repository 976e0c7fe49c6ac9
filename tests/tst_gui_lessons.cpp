// SPDX-License-Identifier: GPL-3.0-or-later
// The lessons in lessons/ as files: every one follows docs/LESSONS.md, its links lead to exercises with
// values the form accepts, its quiz has an explanation for every answer, and every Python example runs
// and prints what the lesson says it prints.
// Also the parser's refusals, which keep a broken lesson from reaching a student, and the reading of a
// class's guesses for a lesson's prediction (what the instructor types is checked as strictly).
#include <QtTest>

#include <QApplication>
#include <QProcess>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>

#include "class_guesses.h"
#include "engine_host.h"
#include "exercise_catalogue.h"
#include "lesson_catalogue.h"
#include "lesson_page.h"
#include "lesson_text.h"
#include "parameter_form.h"
#include "progress_store.h"
#include "python_highlighter.h"
#include "python_program.h"
#include "runnable_examples.h"

using namespace mpwb;

namespace {

const QString kLessonsDir = QStringLiteral(MPWB_SOURCE_DIR "/lessons");

QVector<ExerciseDeclaration> exercises() {
    EngineHost host(MPWB_RUN_PATH);
    QString why;
    return parseExerciseList(host.listExercises(&why), &why);
}

} // namespace

class TestGuiLessons : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyLessonParses();
    void addedLessonsKeepTheOrderAndTheIds();
    void builtInCopyMatchesTheFolder();
    void everyLessonHasRunPredictAndQuiz();
    void linksLeadToValidRuns();
    void pythonExamplesRun_data();
    void pythonExamplesRun();
    void parserRefuses_data();
    void parserRefuses();
    void numericAnswers();
    void quizQuestionsCarryPrograms();
    void kitchenSectionsShowTheKitchen();
    void linksParse();
    void linksSayWhetherTheyStart();
    void lessonScrollsWithTheKeyboard();
    void openLessonFollowsTheTextSize();
    void classGuessListIsChecked_data();
    void classGuessListIsChecked();
    void classGuessSummary();

private:
    QTemporaryDir m_config;
};

void TestGuiLessons::everyLessonParses() {
    const LessonCatalogue catalogue(kLessonsDir);
    QVERIFY2(catalogue.problems().isEmpty(), qPrintable(catalogue.problems().join('\n')));
    QVERIFY2(catalogue.lessons().size() >= 9, "the curriculum has nine topics");
    QSet<QString> titles;
    for (const auto& lesson : catalogue.lessons()) {
        QVERIFY2(!titles.contains(lesson.title), qPrintable("two lessons are called " + lesson.title));
        titles.insert(lesson.title);
        QVERIFY2(lesson.markdown.size() > 500, qPrintable(lesson.id + " is too short to teach anything"));
    }
}

void TestGuiLessons::addedLessonsKeepTheOrderAndTheIds() {
    const LessonCatalogue catalogue(kLessonsDir);
    QStringList ids;
    for (const auto& lesson : catalogue.lessons())
        ids << lesson.id;
    // A lesson added between two others takes a letter ("04a"), so every older id, kept in saved progress
    // and in links, still names the same lesson, and the number students see stays the one texts refer to.
    const QStringList original{"01-one-core", "04-pools-and-chunksize", "05-queues-and-pipes",
                               "07-what-can-be-pickled", "13-practice-shared-counter"};
    for (const auto& id : original)
        QVERIFY2(ids.contains(id), qPrintable(id + " is gone"));
    const auto at = [&](const QString& id) { return ids.indexOf(id); };
    // Start methods follow processes at once: how a child gets its copy of the program is the next question.
    QVERIFY(at("03-processes-and-the-main-guard") < at("03a-start-methods"));
    QVERIFY(at("03a-start-methods") < at("04-pools-and-chunksize"));
    // A lesson that moved still answers to its old id, and no lesson today uses a retired one.
    for (const auto& [old, now] : retiredLessonIds()) {
        QVERIFY2(!ids.contains(old), qPrintable(old + " is retired but still a lesson's id"));
        QVERIFY2(ids.contains(now), qPrintable(old + " names " + now + ", which is not a lesson"));
        QVERIFY(catalogue.find(old) && catalogue.find(old)->id == now);
    }
    QCOMPARE(currentLessonId("07-what-can-be-pickled"), QString("07-what-can-be-pickled"));
    QVERIFY(at("04-pools-and-chunksize") < at("04a-pool-in-code"));
    QVERIFY(at("04a-pool-in-code") < at("04b-when-work-fails"));
    QVERIFY(at("04b-when-work-fails") < at("05-queues-and-pipes"));
    QVERIFY(at("06-shared-memory") < at("06a-coordinating-processes"));
    QVERIFY(at("06a-coordinating-processes") < at("07-what-can-be-pickled"));
    QVERIFY(at("09-measuring-speedup") < at("09a-threads-processes-or-interpreters"));
    QVERIFY(at("09a-threads-processes-or-interpreters") < at("10-practice-parallel-sum"));
    QCOMPARE(lessonNumber("04-pools-and-chunksize"), QString("4"));
    QCOMPARE(lessonNumber("04a-pool-in-code"), QString("4a"));
    QCOMPARE(lessonNumber("09a-threads-processes-or-interpreters"), QString("9a"));
    QCOMPARE(lessonNumber("13-practice-shared-counter"), QString("13"));
}

void TestGuiLessons::builtInCopyMatchesTheFolder() {
    const LessonCatalogue folder(kLessonsDir);
    const LessonCatalogue builtIn(":/lessons");
    QCOMPARE(builtIn.lessons().size(), folder.lessons().size());
    for (int i = 0; i < folder.lessons().size(); ++i)
        QCOMPARE(builtIn.lessons()[i].markdown, folder.lessons()[i].markdown);
}

void TestGuiLessons::everyLessonHasRunPredictAndQuiz() {
    const LessonCatalogue catalogue(kLessonsDir);
    QHash<QString, QStringList> askedBy; // measure -> lessons whose prediction asks for it
    for (const auto& lesson : catalogue.lessons()) {
        const QString& why = lesson.id;
        QVERIFY2(lesson.prediction.has_value(), qPrintable(why + ": no predict block"));
        // Predictions ask for figures that hold on any machine, and each lesson asks something of its own.
        QVERIFY2(lesson.prediction->measure != "seconds", qPrintable(why + ": asks for seconds"));
        // The same question is the same figure of the same set-up: a measure, an exercise and a backend.
        const auto run = parseLessonLink(lesson.prediction->run);
        QVERIFY2(run, qPrintable(why + ": the prediction's run link does not parse"));
        const QString question = lesson.prediction->measure + " of " + run->target + " with " +
                                 run->preset.value("backend", "processes");
        askedBy[question] << lesson.id;
        QVERIFY2(
            askedBy[question].size() <= 2,
            qPrintable(question + " is asked by " + askedBy[question].join(", ") + ": two lessons at most"));
        QVERIFY2(lesson.quiz.size() >= 3 && lesson.quiz.size() <= 5,
                 qPrintable(why + ": a quiz has 3 to 5 questions"));
        const bool runsSomething = std::any_of(lesson.links.begin(), lesson.links.end(), [](const QUrl& u) {
            return u.path().startsWith("exercise/");
        });
        QVERIFY2(runsSomething, qPrintable(why + ": no Run this link to an exercise"));
        for (const auto& q : lesson.quiz) {
            if (q.isNumeric()) QVERIFY2(!q.numericExplanation.isEmpty(), qPrintable(why + ": " + q.ask));
            for (const auto& o : q.options)
                QVERIFY2(!o.explanation.isEmpty(),
                         qPrintable(why + ": option without explanation: " + o.text));
        }
    }
}

void TestGuiLessons::linksLeadToValidRuns() {
    const auto known = exercises();
    QVERIFY(!known.isEmpty());
    const LessonCatalogue catalogue(kLessonsDir);
    for (const auto& lesson : catalogue.lessons()) {
        auto links = lesson.links;
        if (lesson.prediction) links << lesson.prediction->run;
        for (const auto& url : links) {
            const QString where = lesson.id + ": " + url.toString();
            QString why;
            const auto link = parseLessonLink(url, &why);
            QVERIFY2(link, qPrintable(where + ": " + why));
            if (link->kind == LessonLink::Kind::Lesson) {
                QVERIFY2(catalogue.find(link->target), qPrintable(where + ": no such lesson"));
                continue;
            }
            if (link->kind == LessonLink::Kind::Example)
                continue; // its number is checked when the lesson is read
            const auto e = std::find_if(known.begin(), known.end(),
                                        [&](const ExerciseDeclaration& d) { return d.id == link->target; });
            QVERIFY2(e != known.end(), qPrintable(where + ": no such exercise"));
            ParameterForm form(*e);
            const auto problems = form.applyPreset(link->preset);
            QVERIFY2(problems.isEmpty(), qPrintable(where + ": " + problems.join("; ")));
            QVERIFY2(!form.runArguments().isEmpty(), qPrintable(where));
            if (link->action == LessonLink::Action::Compare) {
                QVERIFY2(!form.compareArguments().isEmpty(), qPrintable(where));
                for (const auto& b : link->backends.split(',', Qt::SkipEmptyParts))
                    QVERIFY2(e->backends.contains(b),
                             qPrintable(where + ": the exercise has no backend " + b));
            }
            if (link->action == LessonLink::Action::Sweep) {
                const auto args =
                    form.sweepArguments(link->sweepWorkers.isEmpty() ? "1,2" : link->sweepWorkers,
                                        link->sweepChunksizes.isEmpty() ? "auto" : link->sweepChunksizes,
                                        link->repeats > 0 ? link->repeats : 3, &why);
                QVERIFY2(!args.isEmpty(), qPrintable(where + ": " + why));
            }
        }
    }
}

void TestGuiLessons::pythonExamplesRun_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("expected"); // the ```output block that follows it; empty: any output
    const LessonCatalogue catalogue(kLessonsDir);
    for (const auto& lesson : catalogue.lessons()) {
        int n = 0;
        const auto& blocks = lesson.codeBlocks;
        for (qsizetype i = 0; i < blocks.size(); ++i) {
            if (blocks[i].language == "output")
                QVERIFY2(i > 0 && blocks[i - 1].language == "python",
                         qPrintable(lesson.id + ": an output block must follow a python block"));
            // A practice lesson's starter stops at its first TODO by design: tst_gui_practice runs it.
            if (blocks[i].language != "python" || blocks[i].starter) continue;
            const bool shown = i + 1 < blocks.size() && blocks[i + 1].language == "output";
            QTest::newRow(qPrintable(QString("%1 #%2").arg(lesson.id).arg(++n)))
                << blocks[i].code << (shown ? blocks[i + 1].code : QString());
        }
    }
}

void TestGuiLessons::pythonExamplesRun() {
    QFETCH(QString, code);
    QFETCH(QString, expected);
    if (pythonForPrograms().isEmpty()) QSKIP("python3 is not installed here");
    const auto run = runPythonProgram(code, "example.py", 60'000);
    QVERIFY2(run.finished, "the example ran for more than 60 s");
    const auto& output = run.output;
    QVERIFY2(run.exitCode == 0, output.constData());
    // What the lesson shows as the program's output is what it prints, standard error included.
    if (!expected.isEmpty()) QCOMPARE(QString::fromUtf8(output), expected);
}

void TestGuiLessons::parserRefuses_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    const QString front = "---\ntitle: T\n---\n";
    const QString quiz3 = "```quiz\n? a\n+ x\n> y\n- z\n> w\n? b\n= 1\n> c\n? d\n= 2\n> e\n```\n";
    QTest::newRow("no front matter") << "# Hello\n"
                                     << "front matter";
    QTest::newRow("front matter never closed") << "---\ntitle: T\n"
                                               << "closing";
    QTest::newRow("no title") << "---\nexercise: x\n---\n"
                              << "title";
    QTest::newRow("unknown key") << "---\ntitle: T\ncolour: red\n---\n"
                                 << "colour";
    QTest::newRow("unclosed code") << front + "```python\nprint(1)\n"
                                   << "never closed";
    QTest::newRow("option without explanation") << front + "```quiz\n? a\n+ x\n- z\n> w\n```\n"
                                                << "explanation";
    QTest::newRow("two questions only") << front + "```quiz\n? a\n+ x\n> y\n- z\n> w\n? b\n= 1\n> c\n```\n"
                                        << "3 to 5";
    QTest::newRow("no right option")
        << front + "```quiz\n? a\n- x\n> y\n- z\n> w\n? b\n= 1\n> c\n? d\n= 2\n> e\n```\n"
        << "one of them right";
    QTest::newRow("numeric with options") << front + "```quiz\n? a\n+ x\n> y\n= 3\n> z\n```\n"
                                          << "numeric";
    QTest::newRow("unknown measure")
        << front + "```predict\nask: a\nmeasure: luck\nrun: mpwb:exercise/x?action=run\nexplain: e\n```\n" +
               quiz3
        << "luck";
    QTest::newRow("prediction that runs nothing")
        << front + "```predict\nask: a\nmeasure: speedup\nrun: mpwb:exercise/x\nexplain: e\n```\n" + quiz3
        << "action=run";
    QTest::newRow("sweep measure on a run") << front +
                                                   "```predict\nask: a\nmeasure: best-chunksize\nrun: "
                                                   "mpwb:exercise/x?action=run\nexplain: e\n```\n" +
                                                   quiz3
                                            << "action=sweep";
    QTest::newRow("link to nowhere") << front + "[x](mpwb:kitchen/sink)\n" + quiz3 << "mpwb:exercise/";
    QTest::newRow("bad action") << front + "[x](mpwb:exercise/a?action=dance)\n" + quiz3 << "dance";
    QTest::newRow("a program it lacks")
        << front + "[x](mpwb:python/lesson-example/0?action=run)\n" + quiz3 << "0 program(s)";
}

void TestGuiLessons::parserRefuses() {
    QFETCH(QString, text);
    QFETCH(QString, reason);
    QString why;
    QVERIFY(!parseLesson("99-broken", text, &why));
    QVERIFY2(why.contains(reason), qPrintable(why));
}

void TestGuiLessons::numericAnswers() {
    QString why;
    const auto lesson = parseLesson("01-tiny-run", QString::fromUtf8([] {
                                        QFile f(MPWB_FIXTURES_DIR "/lessons/01-tiny-run.md");
                                        f.open(QIODevice::ReadOnly);
                                        return f.readAll();
                                    }()),
                                    &why);
    QVERIFY2(lesson, qPrintable(why));
    const auto& q = lesson->quiz[1];
    QVERIFY(q.isNumeric());
    QVERIFY(q.acceptsNumber(1.67));
    QVERIFY(q.acceptsNumber(1.66));
    QVERIFY(!q.acceptsNumber(1.7));
    QuizQuestion noTolerance;
    noTolerance.numericAnswer = 1000;
    noTolerance.tolerance = 10; // 1% of 1000, wider than half a unit
    QVERIFY(noTolerance.acceptsNumber(1009));
    QVERIFY(!noTolerance.acceptsNumber(1011));
    QCOMPARE(lesson->codeBlocks.size(), 1);
    QVERIFY(!lesson->markdown.contains("```quiz"));
    QVERIFY(!lesson->markdown.contains("```predict"));
}

void TestGuiLessons::quizQuestionsCarryPrograms() {
    const QString text = "---\ntitle: T\n---\nBody.\n\n```quiz\n"
                         "? What goes wrong?\n"
                         "    def f():\n"
                         "        return 1\n"
                         "\n"
                         "    print(f())\n"
                         "\n"
                         "+ Nothing\n> Right.\n- Everything\n> No.\n"
                         "? Plain?\n+ a\n> a.\n- b\n> b.\n"
                         "? Plain too?\n+ a\n> a.\n- b\n> b.\n```\n";
    QString why;
    const auto lesson = parseLesson("01-t", text, &why);
    QVERIFY2(lesson, qPrintable(why));
    QCOMPARE(lesson->quiz[0].code, QString("def f():\n    return 1\n\nprint(f())\n"));
    QCOMPARE(lesson->quiz[0].options.size(), 2);
    QVERIFY(lesson->quiz[1].code.isEmpty());
    // Every program in a quiz is Python that compiles: a "spot the bug" question is about what it does,
    // never about a typo. (Compiled only: some of them hang on purpose.)
    const auto python = pythonForPrograms();
    if (python.isEmpty()) QSKIP("python3 is not installed here");
    int programs = 0;
    const LessonCatalogue catalogue(kLessonsDir);
    for (const auto& l : catalogue.lessons())
        for (int q = 0; q < l.quiz.size(); ++q) {
            if (l.quiz[q].code.isEmpty()) continue;
            ++programs;
            QProcess p;
            p.start(python, {"-c", "import ast, sys; ast.parse(sys.stdin.read())"});
            p.write(l.quiz[q].code.toUtf8());
            p.closeWriteChannel();
            QVERIFY(p.waitForFinished(30000));
            QVERIFY2(p.exitCode() == 0,
                     qPrintable(
                         QString("%1, question %2: %3").arg(l.id).arg(q + 1).arg(p.readAllStandardError())));
        }
    QVERIFY2(programs >= 4, "the course has spot-the-bug questions");
}

void TestGuiLessons::kitchenSectionsShowTheKitchen() {
    // The analogy is told in the lesson and then shown: each "In the kitchen" section links a real run with
    // the kitchen in front. And the analogy keeps one meaning throughout: the GIL is the stove token.
    int sections = 0;
    const LessonCatalogue catalogue(kLessonsDir);
    for (const auto& lesson : catalogue.lessons()) {
        const auto at = lesson.markdown.indexOf("## In the kitchen");
        if (at < 0) continue;
        ++sections;
        auto end = lesson.markdown.indexOf("\n#", at + 5);
        const QString section = lesson.markdown.mid(at, end < 0 ? -1 : end - at);
        QVERIFY2(section.contains("&view=kitchen)") && section.contains("action=run"),
                 qPrintable(lesson.id + ": its kitchen section links no run with the kitchen in front"));
        QVERIFY2(!section.contains("knife"),
                 qPrintable(lesson.id + ": the GIL is the stove token, not a knife"));
    }
    QVERIFY(sections >= 8);
    // Lesson 4b's fire is its own program's: the one that kills a worker.
    const auto* failing = catalogue.find("04b-when-work-fails");
    QVERIFY(failing);
    QStringList programs;
    withRunLinks(failing->markdown, &programs);
    const QUrl fire("mpwb:python/lesson-example/1?action=run&view=kitchen");
    QVERIFY(failing->links.contains(fire));
    QVERIFY2(programs.value(1).contains("signal.SIGKILL"), qPrintable(programs.value(1)));
}

void TestGuiLessons::linksParse() {
    const auto link =
        parseLessonLink(QUrl("mpwb:exercise/sum-squares?workers=4&action=sweep&sweep-workers=1,2&"
                             "sweep-chunksizes=1,100&repeats=5&n=1000"));
    QVERIFY(link);
    QCOMPARE(link->target, QString("sum-squares"));
    QCOMPARE(int(link->action), int(LessonLink::Action::Sweep));
    QCOMPARE(link->sweepWorkers, QString("1,2"));
    QCOMPARE(link->sweepChunksizes, QString("1,100"));
    QCOMPARE(link->repeats, 5);
    QCOMPARE(link->preset.value("workers"), QString("4"));
    QCOMPARE(link->preset.value("n"), QString("1000"));
    QVERIFY(!link->preset.contains("action"));
    const auto lesson = parseLessonLink(QUrl("mpwb:lesson/04-pools"));
    QVERIFY(lesson && lesson->kind == LessonLink::Kind::Lesson);
    QVERIFY(!parseLessonLink(QUrl("https://example.org")));
    // view= names one of the views, by its title as a key; anything else is refused with the list.
    const auto kitchen = parseLessonLink(QUrl("mpwb:exercise/pipeline?action=run&view=kitchen"));
    QVERIFY(kitchen && kitchen->view == "kitchen" && !kitchen->preset.contains("view"));
    QVERIFY(describeLink(*kitchen).contains("kitchen view in front"));
    QString why;
    QVERIFY(!parseLessonLink(QUrl("mpwb:exercise/pipeline?view=oven"), &why));
    QVERIFY2(why.contains("kitchen, timeline"), qPrintable(why));
    QCOMPARE(viewKey("Worker CPU"), QString("worker-cpu"));
    // One of the lesson's own programs: its number, and only an action (open or run) and a view.
    const auto program = parseLessonLink(QUrl("mpwb:python/lesson-example/2?action=run&view=kitchen"));
    QVERIFY(program && program->kind == LessonLink::Kind::Example && program->target == "2");
    QVERIFY(linkStartsWork(*program));
    QVERIFY2(describeLink(*program).contains("program 3 on the Python page and runs it at once"),
             qPrintable(describeLink(*program)));
    QVERIFY(!linkStartsWork(*parseLessonLink(QUrl("mpwb:python/lesson-example/0"))));
    QVERIFY(!parseLessonLink(QUrl("mpwb:python/lesson-example/x"), &why));
    QVERIFY(!parseLessonLink(QUrl("mpwb:python/lesson-example/0?workers=4"), &why));
    QVERIFY2(why.contains("action and view only"), qPrintable(why));
    QVERIFY(!parseLessonLink(QUrl("mpwb:python/lesson-example/0?action=sweep"), &why));
    QVERIFY2(why.contains("open or run"), qPrintable(why));
}

// A link that starts work is marked before its label, once; one that only opens a page is not; the tooltip
// says which.
void TestGuiLessons::linksSayWhetherTheyStart() {
    const QString text =
        "[Go](mpwb:exercise/sum-squares?workers=2&action=run), "
        "[Sweep](mpwb:exercise/sum-squares?action=sweep&sweep-workers=1,2), "
        "[Set](mpwb:exercise/sum-squares?workers=2), [Read](mpwb:lesson/04-pools-and-chunksize) "
        "and [Docs](https://docs.python.org/3/).";
    const QString marked = withStartMarks(text);
    const QString mark(kStartsMark);
    QVERIFY(marked.contains("[" + mark + " Go](mpwb:exercise/sum-squares?workers=2&action=run)"));
    QVERIFY(marked.contains("[" + mark + " Sweep]"));
    QVERIFY(marked.contains("[Set](mpwb:exercise/sum-squares?workers=2)"));
    QVERIFY(marked.contains("[Read](mpwb:lesson/"));
    QVERIFY(marked.contains("[Docs](https://"));
    QCOMPARE(marked.count(mark), 2);
    QCOMPARE(withStartMarks(marked), marked); // marking twice changes nothing

    const auto run = parseLessonLink(QUrl("mpwb:exercise/sum-squares?action=run"));
    const auto open = parseLessonLink(QUrl("mpwb:exercise/sum-squares?workers=2"));
    QVERIFY(run && open);
    QVERIFY(linkStartsWork(*run) && !linkStartsWork(*open));
    QVERIFY(describeLink(*run).contains("at once"));
    QVERIFY(describeLink(*open).contains("until you press Run"));

    // Every lesson's links, as shown: the marked ones are exactly those that start something.
    const LessonCatalogue catalogue(kLessonsDir);
    for (const auto& lesson : catalogue.lessons()) {
        int starting = 0;
        for (const auto& url : lesson.links)
            if (const auto link = parseLessonLink(url); link && linkStartsWork(*link)) ++starting;
        QCOMPARE(withStartMarks(lesson.markdown).count(mark) - lesson.markdown.count(mark), starting);
    }
}

namespace {

// A long lesson on screen, its text holding the keys, as a student opens it.
struct ShownLesson {
    ProgressStore progress;
    LessonPage page;
    QScrollBar* bar = nullptr;

    explicit ShownLesson(const Lesson& lesson) : page(lesson, progress) {
        page.resize(900, 600);
        page.show();
        page.activateWindow();
        bar = page.findChild<QScrollArea*>()->verticalScrollBar();
    }
};

Lesson longLesson() {
    const LessonCatalogue catalogue(kLessonsDir);
    const Lesson* lesson = catalogue.find("04-pools-and-chunksize");
    return lesson ? *lesson : Lesson{};
}

// The point size of the first code block's text: the reader gives code a size of its own.
qreal codePointSize(const LessonText* text) {
    for (auto block = text->document()->begin(); block.isValid(); block = block.next())
        if (PythonHighlighter::isCode(block)) return block.charFormat().fontPointSize();
    return 0;
}

} // namespace

void TestGuiLessons::lessonScrollsWithTheKeyboard() {
    QStandardPaths::setTestModeEnabled(true); // the progress store's settings go to a throw-away place
    qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    const Lesson lesson = longLesson();
    QVERIFY(!lesson.id.isEmpty());
    ShownLesson shown(lesson);
    QVERIFY(QTest::qWaitForWindowActive(&shown.page));
    // The reading area takes the keys when the lesson is shown.
    QTRY_VERIFY(shown.page.text()->hasFocus());
    QTRY_VERIFY(shown.bar->maximum() > 1000); // laid out: a long lesson, much taller than the window
    QCOMPARE(shown.bar->value(), 0);
    QTest::keyClick(shown.page.text(), Qt::Key_PageDown);
    const int page = shown.bar->value();
    QVERIFY2(page > 300, qPrintable(QString::number(page))); // about a screenful
    QTest::keyClick(shown.page.text(), Qt::Key_Down);
    QVERIFY(shown.bar->value() > page);
    QTest::keyClick(shown.page.text(), Qt::Key_Up);
    QCOMPARE(shown.bar->value(), page);
    QTest::keyClick(shown.page.text(), Qt::Key_PageUp);
    QCOMPARE(shown.bar->value(), 0);
    QTest::keyClick(shown.page.text(), Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(shown.bar->value(), shown.bar->maximum());
    QTest::keyClick(shown.page.text(), Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(shown.bar->value(), 0);
    QTest::keyClick(shown.page.text(), Qt::Key_Space);
    QCOMPARE(shown.bar->value(), page);
}

void TestGuiLessons::openLessonFollowsTheTextSize() {
    QStandardPaths::setTestModeEnabled(true);
    qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    const QFont original = QApplication::font();
    ShownLesson shown(longLesson());
    LessonText* text = shown.page.text();
    QTRY_VERIFY(text->height() > 1000);
    const int height = text->height();
    const qreal body = text->font().pointSizeF();
    const qreal code = codePointSize(text);
    QVERIFY(code > 0);
    // View › Larger text changes the app's font; the lesson already open grows with it, its code too.
    QFont larger = original;
    larger.setPointSizeF(original.pointSizeF() + 4);
    QApplication::setFont(larger);
    QTRY_VERIFY2(text->height() > height * 1.2,
                 qPrintable(QString("%1 → %2").arg(height).arg(text->height())));
    QVERIFY(text->font().pointSizeF() > body);
    QVERIFY(codePointSize(text) > code);
    QApplication::setFont(original);
    QTRY_COMPARE(text->height(), height);
}

void TestGuiLessons::classGuessListIsChecked_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QVector<double>>("values");
    QTest::addColumn<QString>("problem"); // a word the refusal must contain; empty when accepted
    const QString times = QString::fromUtf8("×");
    QTest::newRow("commas") << "1.5, 2, 1.8, 3, 2" << times << QVector<double>{1.5, 2, 1.8, 3, 2} << "";
    QTest::newRow("lines and units") << QString::fromUtf8("1.5\n2x\n\n1.8×\n3 ×;2") << times
                                     << QVector<double>{1.5, 2, 1.8, 3, 2} << "";
    QTest::newRow("no spaces") << "1.5,2,1.8" << times << QVector<double>{1.5, 2, 1.8} << "";
    QTest::newRow("empty") << "  \n " << times << QVector<double>{} << "";
    QTest::newRow("word") << "1.5, two, 3" << times << QVector<double>{} << "Guess 2";
    QTest::newRow("below zero") << "1, -2" << times << QVector<double>{} << "below zero";
    QTest::newRow("decimal comma") << "1,5" << times << QVector<double>{} << "1.5";
    QTest::newRow("thousands") << "10,000 2000"
                               << "" << QVector<double>{} << "10000";
    QTest::newRow("wrong unit") << "40%" << times << QVector<double>{} << "not a number";
    QTest::newRow("too many") << QString("1 ").repeated(kMaxClassGuesses + 1) << "" << QVector<double>{}
                              << QString::number(kMaxClassGuesses);
}

void TestGuiLessons::classGuessListIsChecked() {
    QFETCH(QString, text);
    QFETCH(QString, unit);
    QFETCH(QVector<double>, values);
    QFETCH(QString, problem);
    const auto list = parseGuessList(text, unit);
    QCOMPARE(list.values, values);
    QCOMPARE(list.ok(), problem.isEmpty());
    QVERIFY2(list.problem.contains(problem), qPrintable(list.problem));
}

void TestGuiLessons::classGuessSummary() {
    const Prediction p{"How fast?", "speedup", QString::fromUtf8("×"), "Because.", QUrl()};
    const QVector<double> guesses{1.5, 2, 1.8, 3, 2};
    const auto s = summariseGuesses(p.measure, guesses, 1.86);
    QCOMPARE(s.count, 5);
    QCOMPARE(s.median, 2.0);
    QCOMPARE(s.lowest, 1.5);
    QCOMPARE(s.highest, 3.0);
    QCOMPARE(s.close, 3); // 2, 1.8 and 2 are within 10% of 1.86
    QCOMPARE(describeGuessSpread(p, guesses, 1.86),
             QString::fromUtf8("5 guesses, median 2.00×; measured 1.86×; 3 of 5 within 10%."));
    QCOMPARE(median({4, 1, 3, 2}), 2.5);
    QVERIFY(std::isnan(median({})));
    // Equal guesses stack: the second 2 sits on the first.
    const auto dots = stackGuesses(p, guesses);
    QCOMPARE(dots.size(), 5);
    QCOMPARE(dots[1].level, 1);
    QCOMPARE(dots[4].level, 2);
    QCOMPARE(dots[4].value, 2.0);
    // Chunksizes are close by order of magnitude, zero answers only by zero.
    QVERIFY(guessIsClose("best-chunksize", 1000, 3000));
    QVERIFY(!guessIsClose("best-chunksize", 10, 3000));
    QVERIFY(guessIsClose("check.lost", 0, 0));
    QVERIFY(!guessIsClose("check.lost", 1, 0));
    QVERIFY(describeGuessesPending(p, guesses).contains(QString::fromUtf8("median 2.00× (1.50× to 3.00×)")));
}

QTEST_MAIN(TestGuiLessons)
#include "tst_gui_lessons.moc"
