// SPDX-License-Identifier: GPL-3.0-or-later
// A practice lesson's attempt phase (practice_parts): the starter, hints that open one at a time and a
// solution that stays hidden until asked for. The format's refusals; what the student sees at each step;
// that every practice lesson has all three and that its starter, run untouched, stops at once naming the
// first part to write; that the page remembers what was opened; and that the student's attempt file is made
// once and never overwritten.
#include <QtTest>

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrlQuery>

#include "lesson_catalogue.h"
#include "lesson_page.h"
#include "lesson_text.h"
#include "practice_parts.h"
#include "progress_store.h"
#include "python_program.h"

using namespace mpwb;

namespace {

const QString kLessonsDir = QStringLiteral(MPWB_SOURCE_DIR "/lessons");

const QString kSample = QStringLiteral(R"md(Some task.

```python starter
def f():
    # TODO: the rest
    raise NotImplementedError("f")
```

::: hint
**First.** Look up.
:::

::: hint
**Second.** Look down.
:::

::: hint
**Third.** Look around.
:::

## A solution

::: solution
The answer, with code:

```python
print("::: not a block inside code")
```
:::

After.
)md");

QVector<Lesson> practiceLessons() {
    QVector<Lesson> found;
    const LessonCatalogue catalogue(kLessonsDir);
    for (const auto& lesson : catalogue.lessons())
        if (lesson.id.contains(QLatin1String("-practice-"))) found << lesson;
    return found;
}

} // namespace

class TestGuiPractice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsTheParts();
    void refusesBrokenBlocks_data();
    void refusesBrokenBlocks();
    void opensHintsOneAtATime();
    void everyPracticeLessonHasAnAttemptPhase();
    void untouchedStarterStopsAtOnce_data();
    void untouchedStarterStopsAtOnce();
    void pageRemembersWhatWasOpened();
    void attemptIsMadeOnceAndKept();

private:
    QTemporaryDir m_home;
};

void TestGuiPractice::initTestCase() {
    // Settings and the Documents folder (where attempts go) in throw-away places, before either is used.
    QStandardPaths::setTestModeEnabled(true);
    qputenv("HOME", m_home.path().toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", (m_home.path() + "/config").toLocal8Bit());
    ProgressStore().reset();
}

void TestGuiPractice::readsTheParts() {
    PracticeParts parts;
    QString why;
    QVERIFY2(readPracticeParts(kSample, &parts, &why), qPrintable(why));
    QCOMPARE(parts.hints, 3);
    QVERIFY(parts.solution);
    QVERIFY(parts.starter.contains("raise NotImplementedError(\"f\")"));
    QVERIFY(!parts.starter.contains("```"));
    // An ordinary lesson has none of them.
    QVERIFY(readPracticeParts("Just text.\n\n```python\nprint(1)\n```\n", &parts, &why));
    QCOMPARE(parts.hints, 0);
    QVERIFY(!parts.solution);
    QVERIFY(parts.starter.isEmpty());
}

void TestGuiPractice::refusesBrokenBlocks_data() {
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unclosed") << "::: hint\ntext\n"
                              << "never closed";
    QTest::newRow("unknown kind") << "::: answer\ntext\n:::\n"
                                  << "\"::: hint\" or \"::: solution\"";
    QTest::newRow("nested") << "::: solution\n::: hint\nx\n:::\n:::\n"
                            << "inside the one opened on line 1";
    QTest::newRow("two solutions") << "::: solution\na\n:::\n::: solution\nb\n:::\n"
                                   << "at most one solution";
    QTest::newRow("stray close") << "text\n:::\n"
                                 << "closes no block";
    QTest::newRow("two starters") << "```python starter\na\n```\n```python starter\nb\n```\n"
                                  << "at most one starter";
}

void TestGuiPractice::refusesBrokenBlocks() {
    QFETCH(QString, markdown);
    QFETCH(QString, reason);
    PracticeParts parts;
    QString why;
    QVERIFY(!readPracticeParts(markdown, &parts, &why));
    QVERIFY2(why.contains(reason), qPrintable(why));
    QVERIFY2(why.startsWith("line "), qPrintable(why)); // says where
    // The lesson parser refuses such a lesson too, so it never reaches a student.
    QVERIFY(!parseLesson("99-broken", "---\ntitle: Broken\n---\n" + markdown, &why));
}

void TestGuiPractice::opensHintsOneAtATime() {
    const QString none = withPracticeShown(kSample, {0, false});
    QVERIFY(none.contains("[Show hint 1 of 3](mpwb:practice/hint)"));
    QVERIFY(!none.contains("Look up"));
    QVERIFY(!none.contains("Show hint 2"));
    QVERIFY(none.contains("(mpwb:practice/solution)"));
    QVERIFY(!none.contains("The answer"));
    QVERIFY(none.contains("After.")); // the text after the solution is not hidden with it
    QVERIFY(none.contains("```python starter\ndef f():"));
    QVERIFY(none.contains("(mpwb:practice/attempt)"));
    QVERIFY(!none.contains(":::"));

    const QString two = withPracticeShown(kSample, {2, false});
    QVERIFY(two.contains("*Hint 1 of 3.* **First.** Look up."));
    QVERIFY(two.contains("*Hint 2 of 3.* **Second.** Look down."));
    QVERIFY(two.contains("[Show hint 3 of 3]"));
    QVERIFY(!two.contains("Look around"));
    QVERIFY(two.indexOf("Look up") < two.indexOf("Look down"));

    const QString all = withPracticeShown(kSample, {3, true});
    QVERIFY(all.contains("Look around"));
    QVERIFY(!all.contains("mpwb:practice/hint"));
    QVERIFY(!all.contains("mpwb:practice/solution"));
    QVERIFY(all.contains("The answer, with code:"));
    QVERIFY(all.contains("print(\"::: not a block inside code\")"));

    QCOMPARE(practiceLink(QUrl("mpwb:practice/hint")), PracticeLink::NextHint);
    QCOMPARE(practiceLink(QUrl("mpwb:practice/attempt")), PracticeLink::Attempt);
    QCOMPARE(practiceLink(QUrl("mpwb:lesson/01-one-core")), PracticeLink::None);
    QVERIFY(describePracticeLink(PracticeLink::Attempt).contains("nothing runs"));
}

void TestGuiPractice::everyPracticeLessonHasAnAttemptPhase() {
    const auto lessons = practiceLessons();
    QVERIFY2(lessons.size() >= 4, "the course has four practice lessons");
    for (const auto& lesson : lessons) {
        const auto& p = lesson.practice;
        QVERIFY2(!p.starter.isEmpty(), qPrintable(lesson.id + " has no starter"));
        QVERIFY2(p.starter.contains("TODO"), qPrintable(lesson.id + "'s starter leaves nothing to write"));
        QVERIFY2(p.hints >= 3, qPrintable(lesson.id + " has fewer than three hints"));
        QVERIFY2(p.solution, qPrintable(lesson.id + " has no solution block"));
        // Before the student asks, the only program on the page is the starter: the solution's code is not
        // there to be read by accident.
        const QString shown = withPracticeShown(lesson.markdown, {});
        QCOMPARE(shown.count("```python"), 1);
        QVERIFY(shown.contains("```python starter"));
        // Once opened, the whole solution is there, its program included.
        const QString opened = withPracticeShown(lesson.markdown, {p.hints, true});
        QCOMPARE(opened.count("```python"), 2);
    }
}

void TestGuiPractice::untouchedStarterStopsAtOnce_data() {
    QTest::addColumn<QString>("code");
    for (const auto& lesson : practiceLessons())
        QTest::newRow(qPrintable(lesson.id)) << lesson.practice.starter;
}

void TestGuiPractice::untouchedStarterStopsAtOnce() {
    QFETCH(QString, code);
    if (pythonForPrograms().isEmpty()) QSKIP("python3 is not installed here");
    const auto run = runPythonProgram(code, "attempt.py", 60'000);
    QVERIFY2(run.finished, "an untouched starter must never hang");
    const QString out = QString::fromUtf8(run.output);
    // It compiles, runs, and stops with a message that names the first part to write.
    QVERIFY2(run.exitCode == 1, qPrintable(out));
    QVERIFY2(out.contains("NotImplementedError: "), qPrintable(out));
    QVERIFY2(!out.contains("SyntaxError"), qPrintable(out));
}

void TestGuiPractice::pageRemembersWhatWasOpened() {
    const auto lessons = practiceLessons();
    QVERIFY(!lessons.isEmpty());
    const Lesson& lesson = lessons.first();
    ProgressStore progress;
    {
        LessonPage page(lesson, progress);
        QVERIFY(!page.text()->toPlainText().contains("Hint 1 of"));
        Q_EMIT page.text()->anchorClicked(QUrl("mpwb:practice/hint"));
        QVERIFY(page.text()->toPlainText().contains(QString("Hint 1 of %1.").arg(lesson.practice.hints)));
        QVERIFY(!page.text()->toPlainText().contains("Hint 2 of"));
        // More clicks than hints open them all and no more.
        for (int i = 0; i < lesson.practice.hints + 2; ++i)
            Q_EMIT page.text()->anchorClicked(QUrl("mpwb:practice/hint"));
        QCOMPARE(progress.practiceShown(lesson.id).hints, lesson.practice.hints);
        QVERIFY(!progress.practiceShown(lesson.id).solution);
        QVERIFY(page.text()->toPlainText().contains("Show the solution"));
        // The page's own links are answered by the page, not passed on to the window.
        QSignalSpy passedOn(&page, &LessonPage::linkChosen);
        Q_EMIT page.text()->anchorClicked(QUrl("mpwb:practice/solution"));
        QCOMPARE(passedOn.count(), 0);
        QVERIFY(!page.text()->toPlainText().contains("Show the solution"));
    }
    // Next time the lesson opens as the student left it.
    LessonPage again(lesson, progress);
    QVERIFY(again.text()->toPlainText().contains(QString("Hint %1 of %1.").arg(lesson.practice.hints)));
    QVERIFY(!again.text()->toPlainText().contains("Show the solution"));
    progress.reset();
    QCOMPARE(progress.practiceShown(lesson.id).hints, 0);
}

void TestGuiPractice::attemptIsMadeOnceAndKept() {
    const auto lessons = practiceLessons();
    QVERIFY(!lessons.isEmpty());
    const Lesson& lesson = lessons.first();
    ProgressStore progress;
    LessonPage page(lesson, progress);
    QSignalSpy chosen(&page, &LessonPage::linkChosen);
    Q_EMIT page.text()->anchorClicked(QUrl("mpwb:practice/attempt"));
    QCOMPARE(chosen.count(), 1);
    const QUrl url = chosen.first().first().toUrl();
    QCOMPARE(url.path(), QString("python"));
    const QUrlQuery query(url);
    QCOMPARE(query.queryItemValue("action"), QString("open")); // opened, not run: it has parts to write
    const QString path = query.queryItemValue("file", QUrl::FullyDecoded);
    QVERIFY2(path.startsWith(m_home.path() + "/Documents/MP Workbench/attempts/"), qPrintable(path));
    QVERIFY(path.endsWith(".py"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), lesson.practice.starter);
    file.close();
    // The student's work in the file is never replaced by the starter again.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("print('my own attempt')\n");
    file.close();
    Q_EMIT page.text()->anchorClicked(QUrl("mpwb:practice/attempt"));
    QCOMPARE(chosen.count(), 2);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("print('my own attempt')\n"));
    QCOMPARE(QUrlQuery(chosen.last().first().toUrl()).queryItemValue("file", QUrl::FullyDecoded), path);
}

QTEST_MAIN(TestGuiPractice)
#include "tst_gui_practice.moc"
