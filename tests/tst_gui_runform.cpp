// SPDX-License-Identifier: GPL-3.0-or-later
// The exercise form as a student types into it, headless: parameters and the sweep's lists checked as they
// are typed (a wrong value says what is allowed, and the button that would use it is disabled), a spin box
// that says when it clamps a number, and more workers than cores saying what they will cost.
#include <QtTest>

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QThread>

#include "declared_exercise.h"
#include "engine_host.h"
#include "exercise_catalogue.h"
#include "exercise_page.h"
#include "parameter_form.h"
#include "range_spin_box.h"
#include "run_controls_panel.h"
#include "sweep_controls.h"
#include "sweep_lists.h"
#include "workers_cost.h"

using namespace mpwb;

namespace {

ExerciseDeclaration sumSquares() {
    return declaredExercise("sum-squares");
}

// The texts of the labels under `root` that are not hidden: what the student reads.
QString shownText(const QWidget& root) {
    QStringList out;
    for (auto* l : root.findChildren<QLabel*>())
        if (!l->isHidden() && !l->text().isEmpty()) out << l->text();
    return out.join('\n');
}

QLineEdit* fieldNamed(const QWidget& root, const QString& start) {
    for (auto* e : root.findChildren<QLineEdit*>())
        if (e->accessibleName().startsWith(start)) return e;
    return nullptr;
}

// Types into a spin box as a student does: select all, type, and (if `finish`) press Enter.
void typeInto(RangeSpinBox& box, const QString& text, bool finish) {
    box.selectAll();
    QTest::keyClicks(&box, text);
    if (finish) QTest::keyClick(&box, Qt::Key_Return);
}

} // namespace

class TestGuiRunForm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void formChecksAsYouType_data();
    void formChecksAsYouType();
    void sweepListsReadAsTyped_data();
    void sweepListsReadAsTyped();
    void sweepFieldsCheckedAsYouType();
    void badSweepListStartsNothing();
    void spinBoxSaysWhenItClamps();
    void workersFieldSaysWhenItClamps();
    void moreWorkersThanCoresSaysTheCost();

private:
    QTemporaryDir m_config;
};

void TestGuiRunForm::initTestCase() {
    qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    QStandardPaths::setTestModeEnabled(true);
}

void TestGuiRunForm::formChecksAsYouType_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("n with separators") << "n"
                                       << "10_000,000" << true;
    QTest::newRow("n grouped by spaces") << "n"
                                         << "10 000 000" << true;
    QTest::newRow("n like a list") << "n"
                                   << "10,0" << false;
    QTest::newRow("n with a stray underscore") << "n"
                                               << "10_" << false;
    QTest::newRow("n zero") << "n"
                            << "0" << false;
    QTest::newRow("n too large") << "n"
                                 << "1000000000001" << false;
    QTest::newRow("n not a number") << "n"
                                    << "lots" << false;
    QTest::newRow("chunksize auto") << "chunksize"
                                    << "auto" << true;
    QTest::newRow("chunksize 0") << "chunksize"
                                 << "0" << false;
    QTest::newRow("chunksize 500") << "chunksize"
                                   << "500" << true;
}

void TestGuiRunForm::formChecksAsYouType() {
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(bool, valid);
    ParameterForm form(sumSquares());
    QSignalSpy validity(&form, &ParameterForm::validityChanged);
    form.applyPreset({{field, value}});
    QCOMPARE(form.isValid(), valid);
    QCOMPARE(form.runArguments().isEmpty(), !valid);
    if (!valid) {
        QVERIFY(!form.problems().isEmpty());
        QCOMPARE(validity.count(), 1);
        if (field == "n")
            QVERIFY2(form.problems().join(' ').contains("1,000,000,000,000"),
                     qPrintable(form.problems().join(' ')));
    } else {
        QVERIFY(form.runArguments().contains("--n"));
    }
}

void TestGuiRunForm::sweepListsReadAsTyped_data() {
    QTest::addColumn<QString>("workers");
    QTest::addColumn<QString>("chunks");
    QTest::addColumn<QString>("problem"); // a word the problem must hold; empty: valid
    QTest::newRow("valid") << "1, 2,4"
                           << "1,10_000"
                           << "";
    QTest::newRow("auto") << "1"
                          << "AUTO"
                          << "";
    QTest::newRow("a word") << "1,two"
                            << "auto"
                            << "'two'";
    QTest::newRow("zero workers") << "0"
                                  << "auto"
                                  << "1 to 1024";
    QTest::newRow("too many workers") << "1,1025"
                                      << "auto"
                                      << "1 to 1024";
    QTest::newRow("no workers") << " , "
                                << "auto"
                                << "at least one";
    QTest::newRow("zero chunksize") << "1"
                                    << "10,0"
                                    << "'0'";
    QTest::newRow("auto mixed in") << "1"
                                   << "auto,10"
                                   << "just 'auto'";
    QTest::newRow("no chunksizes") << "1"
                                   << ""
                                   << "at least one chunksize";
}

void TestGuiRunForm::sweepListsReadAsTyped() {
    QFETCH(QString, workers);
    QFETCH(QString, chunks);
    QFETCH(QString, problem);
    QString why;
    const auto w = parseWorkerCounts(workers, ParameterForm::kMaxWorkers, &why);
    const auto c = w ? parseChunksizes(chunks, &why) : std::nullopt;
    QCOMPARE(bool(w && c), problem.isEmpty());
    if (!problem.isEmpty()) QVERIFY2(why.contains(problem), qPrintable(why));
    if (problem.isEmpty() && chunks == "1,10_000") QCOMPARE(*c, (QStringList{"1", "10000"}));
}

// The sweep's fields say what is wrong as it is typed, and Sweep stays disabled until it is fixed.
void TestGuiRunForm::sweepFieldsCheckedAsYouType() {
    EngineHost host(MPWB_RUN_PATH);
    ExercisePage page(sumSquares(), host);
    auto* sweep = page.findChild<SweepControls*>();
    auto* workers = fieldNamed(page, "Sweep worker counts");
    auto* chunks = fieldNamed(page, "Sweep chunksizes");
    QVERIFY(sweep && workers && chunks);
    QVERIFY(sweep->sweepButtonEnabled());
    workers->setText("1,zero");
    QVERIFY(!sweep->sweepButtonEnabled());
    QVERIFY2(shownText(*sweep).contains("'zero' is not a worker count"), qPrintable(shownText(*sweep)));
    QVERIFY(shownText(*sweep).contains("1 to 1024"));
    QVERIFY(workers->accessibleDescription().contains("'zero'"));
    workers->setText("1,2");
    QVERIFY(sweep->sweepButtonEnabled());
    QVERIFY(!shownText(*sweep).contains("is not a worker count"));
    chunks->setText("10,0");
    QVERIFY(!sweep->sweepButtonEnabled());
    QVERIFY2(shownText(*sweep).contains("is not a chunksize"), qPrintable(shownText(*sweep)));
    chunks->setText("auto");
    QVERIFY(sweep->sweepButtonEnabled());
    // An invalid run form keeps Sweep disabled too, whatever the lists say.
    page.form()->applyPreset({{"n", "0"}});
    QVERIFY(!sweep->sweepButtonEnabled());
    page.form()->applyPreset({{"n", "1000"}});
    QVERIFY(sweep->sweepButtonEnabled());
}

void TestGuiRunForm::badSweepListStartsNothing() {
    EngineHost host(MPWB_RUN_PATH);
    ExercisePage page(sumSquares(), host);
    QString why;
    QVERIFY(page.form()->sweepArguments("1,zero", "auto", 3, &why).isEmpty());
    QVERIFY(why.contains("zero"));
    QVERIFY(page.form()->sweepArguments("1,2", "0", 3, &why).isEmpty());
    QVERIFY(why.contains("chunksize"));
    QVERIFY(page.form()->sweepArguments("", "auto", 3, &why).isEmpty());
    fieldNamed(page, "Sweep worker counts")->setText("1,zero");
    page.startSweep();
    QVERIFY(!page.isRunning());
    QVERIFY(!host.isRunning());
}

// Typing past the maximum keeps the number on screen with what is allowed; finishing sets the maximum and
// says so. A plain QSpinBox would have swallowed the last keystroke without a word.
void TestGuiRunForm::spinBoxSaysWhenItClamps() {
    RangeSpinBox box;
    box.setRange(1, 64);
    box.setValue(4);
    QSignalSpy notes(&box, &RangeSpinBox::notesChanged);
    typeInto(box, "500", false);
    QCOMPARE(box.text(), QString("500"));
    QVERIFY2(box.problem().contains("at most 64"), qPrintable(box.problem()));
    QVERIFY(box.value() <= 64); // the box follows the typing only within its range
    QTest::keyClick(&box, Qt::Key_Return);
    QCOMPARE(box.value(), 64);
    QVERIFY(box.problem().isEmpty());
    QVERIFY2(box.clampNote().contains("500") && box.clampNote().contains("set to 64"),
             qPrintable(box.clampNote()));
    typeInto(box, "0", true);
    QCOMPARE(box.value(), 1);
    QVERIFY2(box.clampNote().contains("set to 1"), qPrintable(box.clampNote()));
    typeInto(box, "7", true);
    QCOMPARE(box.value(), 7);
    QVERIFY(box.clampNote().isEmpty() && box.problem().isEmpty());
    QVERIFY(notes.count() >= 4);
}

void TestGuiRunForm::workersFieldSaysWhenItClamps() {
    ParameterForm form(sumSquares());
    form.applyPreset({{"backend", "processes"}});
    auto* workers = form.findChild<RangeSpinBox*>();
    QVERIFY(workers);
    QVERIFY(workers->accessibleName().startsWith("Workers"));
    typeInto(*workers, "5000", false);
    QVERIFY(!form.isValid()); // the 5000 on screen is not what would run
    QVERIFY2(form.problems().join(' ').contains("at most 1024"), qPrintable(form.problems().join(' ')));
    QVERIFY(shownText(form).contains("at most 1024"));
    QVERIFY(workers->accessibleDescription().contains("at most 1024"));
    QTest::keyClick(workers, Qt::Key_Return);
    QVERIFY2(form.isValid(), qPrintable(form.problems().join(' ')));
    QCOMPARE(form.workers(), 1024);
    QVERIFY2(shownText(form).contains("5000 is not allowed, so it was set to 1024"),
             qPrintable(shownText(form)));
}

// The cost is said with this machine's cores, whatever it has, and only when there are more workers.
void TestGuiRunForm::moreWorkersThanCoresSaysTheCost() {
    QVERIFY(workersCostNote(8, 2, "processes").contains("8 workers on 2 cores"));
    QVERIFY(workersCostNote(8, 2, "processes").contains("no more speedup than 2×"));
    QVERIFY(workersCostNote(2, 2, "processes").isEmpty());
    QVERIFY(workersCostNote(8, 2, "sequential").isEmpty());
    QVERIFY(workersCostNote(3, 1, "threads").contains("on 1 core:"));
    const int cores = QThread::idealThreadCount();
    ParameterForm form(sumSquares());
    form.applyPreset({{"backend", "processes"}, {"workers", QString::number(cores)}});
    QVERIFY(!shownText(form).contains("take turns"));
    form.applyPreset({{"workers", QString::number(cores * 4)}});
    QVERIFY(form.isValid()); // a cost, not an error
    QVERIFY2(shownText(form).contains(QString("%1 workers on %2").arg(cores * 4).arg(cores)),
             qPrintable(shownText(form)));
    QVERIFY(shownText(form).contains(QString("no more speedup than %1×").arg(cores)));
    form.applyPreset({{"backend", "sequential"}});
    QVERIFY(!shownText(form).contains("take turns"));
    QVERIFY(sweepCostNote(cores * 2, cores).contains(QString("above %1").arg(cores)));
    QVERIFY(sweepCostNote(cores, cores).isEmpty());
}

QTEST_MAIN(TestGuiRunForm)
#include "tst_gui_runform.moc"
