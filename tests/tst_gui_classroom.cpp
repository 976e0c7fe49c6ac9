// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench in a classroom, headless: every page fits a 1280×720 projector without sideways scrolling
// or clipped widgets, presentation mode hides and restores what it should, text size reaches the plots,
// saved runs are stepped through in order (a bad file is refused before anything changes), and the
// keyboard help lists the keys that exist.
#include <QtTest>

#include <QAbstractScrollArea>
#include <QComboBox>
#include <QMenuBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeWidget>

#include "compare_page.h"
#include "exercise_page.h"
#include "keyboard_help.h"
#include "lesson_catalogue.h"
#include "main_window.h"
#include "playback_bar.h"
#include "playback_cursor.h"
#include "plot_theme.h"
#include "presentation_bar.h"
#include "presentation_mode.h"
#include "run_library.h"
#include "run_views_panel.h"

using namespace mpwb;

namespace {

const QSize kProjector(1280, 720);

// Widgets drawn outside the window, or cut by its edge; those inside a scroll area scroll, so they are
// left out, as are widgets hidden by their parents.
QStringList widgetsOutside(const QWidget& window) {
    QStringList out;
    const QRect room = window.rect().adjusted(-1, -1, 1, 1);
    for (auto* w : window.findChildren<QWidget*>()) {
        if (!w->isVisibleTo(&window) || w->isWindow()) continue;
        bool scrolled = false;
        for (auto* p = w->parentWidget(); p && p != &window; p = p->parentWidget())
            if (auto* area = qobject_cast<QAbstractScrollArea*>(p); area && area->viewport()->isAncestorOf(w))
                scrolled = true;
        if (scrolled) continue;
        const QRect r(w->mapTo(&window, QPoint(0, 0)), w->size());
        if (!room.contains(r))
            out << QString("%1 '%2' at %3,%4 %5×%6")
                       .arg(w->metaObject()->className(), w->objectName())
                       .arg(r.x())
                       .arg(r.y())
                       .arg(r.width())
                       .arg(r.height());
    }
    return out;
}

QStringList sidewaysScrollBars(const QWidget& window) {
    QStringList out;
    for (auto* area : window.findChildren<QAbstractScrollArea*>()) {
        if (!area->isVisibleTo(&window)) continue;
        // A scroll area that never scrolls sideways must not cut its content instead.
        if (auto* scroll = qobject_cast<QScrollArea*>(area);
            scroll && scroll->widget() && scroll->widget()->width() > area->viewport()->width() + 1)
            out << QString("%1 cuts %2 px of its content")
                       .arg(area->metaObject()->className())
                       .arg(scroll->widget()->width() - area->viewport()->width());
        const auto* bar = area->horizontalScrollBar();
        if (bar->isVisibleTo(&window) && bar->maximum() > 0)
            out << QString("%1 in %2 scrolls %3 px sideways")
                       .arg(area->metaObject()->className(),
                            area->parentWidget() ? area->parentWidget()->metaObject()->className() : "")
                       .arg(bar->maximum());
    }
    return out;
}

double plotTickPoints(QWidget* page) {
    auto* plot = page->findChild<QCustomPlot*>();
    return plot ? plot->xAxis->tickLabelFont().pointSizeF() : 0;
}

// Window shortcuts (presentation mode's keys) only reach the active window.
bool activate(QWidget& window) {
    window.show();
    QApplication::setActiveWindow(&window);
    return QTest::qWaitForWindowActive(&window);
}

void settle() {
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::processEvents();
        QTest::qWait(20);
    }
}

} // namespace

class TestGuiClassroom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyPageFitsAProjector_data();
    void everyPageFitsAProjector();
    void presentationModeHidesAndRestores();
    void textSizeReachesThePlots();
    void savedRunsAreSteppedThroughInOrder();
    void badFileChangesNothing();
    void presentationKeysDriveTheReplay();
    void keyboardHelpListsTheKeys();
    void windowFitsASmallerScreen();

private:
    QTemporaryDir m_config;
};

void TestGuiClassroom::initTestCase() {
    qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    qputenv("MPWB_RUN", MPWB_RUN_PATH);
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear(); // test mode keeps settings between runs: start from a student's first day
}

void TestGuiClassroom::everyPageFitsAProjector_data() {
    QTest::addColumn<QString>("page");
    LessonCatalogue lessons;
    for (const auto& lesson : lessons.lessons())
        QTest::newRow(qPrintable("lesson " + lesson.id)) << "lesson:" + lesson.id;
    for (const char* id : {"sum-squares", "image-filter", "pipeline", "shared-counter"})
        QTest::newRow(qPrintable(QString("exercise ") + id)) << QString("exercise:") + id;
    QTest::newRow("compare") << "compare";
    QTest::newRow("presentation") << "present:sum-squares";
}

void TestGuiClassroom::everyPageFitsAProjector() {
    QFETCH(QString, page);
    MainWindow window;
    window.resize(kProjector);
    window.show();
    if (page.startsWith("lesson:"))
        window.showLesson(page.mid(7));
    else if (page.startsWith("exercise:"))
        window.showExercise(page.mid(9));
    else if (page.startsWith("present:")) {
        window.showExercise(page.mid(8));
        window.presentation().setOn(true); // full screen: the test platform's screen, 800 pixels wide
    } else
        window.showCompare();
    settle();
    const QSize least = window.minimumSizeHint();
    QVERIFY2(least.width() <= kProjector.width() && least.height() <= kProjector.height(),
             qPrintable(QString("the window needs %1×%2").arg(least.width()).arg(least.height())));
    const auto outside = widgetsOutside(window);
    QVERIFY2(outside.isEmpty(), qPrintable("outside the window: " + outside.join("; ")));
    const auto sideways = sidewaysScrollBars(window);
    QVERIFY2(sideways.isEmpty(), qPrintable(sideways.join("; ")));
}

void TestGuiClassroom::presentationModeHidesAndRestores() {
    MainWindow window;
    window.resize(kProjector);
    window.show();
    window.showExercise("sum-squares");
    settle();
    auto* page = window.currentPage();
    const double pointsBefore = QApplication::font().pointSizeF();
    const double plotBefore = plotTickPoints(page);
    auto* bar = window.findChild<PresentationBar*>();
    QVERIFY(bar && !bar->isVisible());
    QVERIFY(window.sidePanel()->isVisible());

    window.presentation().setOn(true);
    settle();
    QVERIFY(!window.sidePanel()->isVisible());
    QVERIFY(!window.menuBar()->isVisible());
    QVERIFY(!window.statusBar()->isVisible());
    QVERIFY(bar->isVisible());
    QVERIFY(bar->caption().contains(page->exercise().title));
    QCOMPARE(page->viewsPanel()->orientation(), Qt::Horizontal); // the views beside the cores
    QCOMPARE(page->viewsPanel()->currentTabTitle(), QString("Kitchen"));
    QVERIFY(QApplication::font().pointSizeF() >= pointsBefore * 1.4);
    QVERIFY(plotTickPoints(page) > plotBefore);

    window.presentation().setOn(false);
    settle();
    QVERIFY(window.sidePanel()->isVisible());
    QVERIFY(window.menuBar()->isVisible());
    QVERIFY(!bar->isVisible());
    QCOMPARE(page->viewsPanel()->orientation(), Qt::Vertical);
    QCOMPARE(QApplication::font().pointSizeF(), pointsBefore);
    QCOMPARE(plotTickPoints(page), plotBefore);
}

void TestGuiClassroom::textSizeReachesThePlots() {
    MainWindow window;
    window.show();
    window.showExercise("pipeline");
    settle();
    auto* page = window.currentPage();
    const double before = plotTickPoints(page);
    QAction* larger = nullptr;
    for (auto* action : window.menuBar()->findChildren<QAction*>())
        if (action->text().remove('&') == "Larger text") larger = action;
    QVERIFY(larger);
    larger->trigger();
    larger->trigger();
    settle();
    QVERIFY2(plotTickPoints(page) > before, "the plots kept their text size");
    // Back as it was, for the other cases.
    for (auto* action : window.menuBar()->findChildren<QAction*>())
        if (action->text().remove('&') == "Smaller text") {
            action->trigger();
            action->trigger();
        }
}

void TestGuiClassroom::savedRunsAreSteppedThroughInOrder() {
    MainWindow window;
    window.resize(kProjector);
    window.show();
    const QString counter = QString(MPWB_FIXTURES_DIR) + "/events/format2_run.mpwbrun";
    const QString first = QString(MPWB_FIXTURES_DIR) + "/events/format1_run.mpwbrun";
    QVERIFY(activate(window));
    QString why;
    QVERIFY2(window.presentFiles({first, counter}, &why), qPrintable(why));
    auto& presenting = window.presentation();
    QVERIFY(presenting.isOn());
    QCOMPARE(presenting.stepCount(), 2);
    QCOMPARE(presenting.stepIndex(), 0);
    auto* firstPage = window.currentPage();
    QVERIFY(firstPage && firstPage->shownRun());
    // Replayed from its start, not shown at its end.
    QVERIFY(firstPage->cursor().mode() == PlaybackCursor::Mode::Playing || firstPage->cursor().atEnd());

    QTest::keyClick(&window, Qt::Key_PageDown);
    QCOMPARE(presenting.stepIndex(), 1);
    QCOMPARE(window.currentPage()->exercise().id, QString("shared-counter"));
    QVERIFY(window.findChild<PresentationBar*>()->caption().contains("run 2 of 2"));
    QTest::keyClick(&window, Qt::Key_PageDown); // past the last: stays
    QCOMPARE(presenting.stepIndex(), 1);
    QTest::keyClick(&window, Qt::Key_PageUp);
    QCOMPARE(presenting.stepIndex(), 0);
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!presenting.isOn());
}

void TestGuiClassroom::badFileChangesNothing() {
    MainWindow window;
    window.show();
    const int runsBefore = window.library().size();
    QTemporaryDir dir;
    const QString bad = dir.filePath("broken.mpwbrun");
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a run\n");
    file.close();
    QString why;
    const QString good = QString(MPWB_FIXTURES_DIR) + "/events/format2_run.mpwbrun";
    QVERIFY(!window.presentFiles({good, bad}, &why));
    QVERIFY2(why.contains("broken.mpwbrun"), qPrintable(why));
    QVERIFY(!window.presentation().isOn());
    QCOMPARE(window.library().size(), runsBefore); // the good file's runs were not added either
    QVERIFY(!window.presentFiles({}, &why));
}

void TestGuiClassroom::presentationKeysDriveTheReplay() {
    MainWindow window;
    window.resize(kProjector);
    window.show();
    QVERIFY(activate(window));
    QString why;
    QVERIFY(window.presentFiles({QString(MPWB_FIXTURES_DIR) + "/events/format2_run.mpwbrun"}, &why));
    auto& cursor = window.currentPage()->cursor();
    QTest::keyClick(&window, Qt::Key_Space); // it was playing: pause
    QCOMPARE(cursor.mode(), PlaybackCursor::Mode::Paused);
    QTest::keyClick(&window, Qt::Key_Home);
    QCOMPARE(cursor.position(), std::size_t(0));
    QTest::keyClick(&window, Qt::Key_Right);
    QTest::keyClick(&window, Qt::Key_Right);
    QCOMPARE(cursor.position(), std::size_t(2));
    QTest::keyClick(&window, Qt::Key_Left);
    QCOMPARE(cursor.position(), std::size_t(1));
    const double speed = cursor.speed();
    QTest::keyClick(&window, Qt::Key_Down);
    QVERIFY(cursor.speed() < speed);
    // The playback bar's speed box shows the speed the keys chose.
    auto* speedBox = window.currentPage()->findChild<PlaybackBar*>()->findChild<QComboBox*>();
    QVERIFY(speedBox);
    QCOMPARE(speedBox->currentData().toDouble(), cursor.speed());
    QTest::keyClick(&window, Qt::Key_Up);
    QCOMPARE(cursor.speed(), speed);
    auto* views = window.currentPage()->viewsPanel();
    const QString tab = views->currentTabTitle();
    QTest::keyClick(&window, Qt::Key_V);
    QVERIFY(views->currentTabTitle() != tab);
    QTest::keyClick(&window, Qt::Key_1);
    QCOMPARE(views->currentTabTitle(), QString("Kitchen"));
    QTest::keyClick(&window, Qt::Key_F5); // F5 leaves as it came
    QVERIFY(!window.presentation().isOn());
    // Outside presentation mode the keys are the widgets' again.
    QTest::keyClick(&window, Qt::Key_Right);
    QCOMPARE(cursor.position(), std::size_t(1));
}

void TestGuiClassroom::keyboardHelpListsTheKeys() {
    MainWindow window;
    const auto html = keyboardHelpHtml(*window.menuBar(), window.presentation().keys());
    for (const char* expected : {"F5", "F11", "Present to a class", "Full screen", "Ctrl+R", "Esc", "PgDown",
                                 "next run brought to class", "replay slower"})
        QVERIFY2(html.contains(expected), expected);
}

void TestGuiClassroom::windowFitsASmallerScreen() {
    MainWindow window;
    // As if restored from a bigger monitor: showing it fits it to the screen it is on.
    const QSize room = window.screen()->availableGeometry().size();
    window.resize(room + QSize(600, 400));
    window.showAsLeft();
    settle();
    // No wider than the screen, unless the window cannot be made that small (the test screen is 800×600).
    const QSize least = window.minimumSizeHint();
    QVERIFY(window.width() <= std::max(room.width(), least.width()));
    QVERIFY(window.height() <= std::max(room.height(), least.height()));
    QVERIFY(window.width() < room.width() + 600);
}

QTEST_MAIN(TestGuiClassroom)
#include "tst_gui_classroom.moc"
