// SPDX-License-Identifier: GPL-3.0-or-later
// Every input of every page has a name a screen reader can say: the real main window, each lesson, each
// exercise (every tab of its views), the compare page and the lesson index. The name is read the way an
// assistive technology gets it, through QAccessible, which also finds a form's label for its field.
#include <QtTest>

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSlider>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextEdit>

#include "engine_host.h"
#include "exercise_catalogue.h"
#include "exercise_page.h"
#include "lesson_catalogue.h"
#include "main_window.h"

using namespace mpwb;

namespace {

QString accessibleName(QObject* object) {
    auto* iface = QAccessible::queryAccessibleInterface(object);
    return iface ? iface->text(QAccessible::Name).trimmed() : QString();
}

// The editor inside a spin box or combo box is named by its owner, which is checked itself.
bool isPartOfAnotherInput(const QWidget* w) {
    const auto* parent = w->parentWidget();
    return parent &&
           (qobject_cast<const QAbstractSpinBox*>(parent) || qobject_cast<const QComboBox*>(parent));
}

bool isInput(const QWidget* w) {
    if (qobject_cast<const QLineEdit*>(w)) return !isPartOfAnotherInput(w);
    if (const auto* t = qobject_cast<const QTextEdit*>(w)) return !t->isReadOnly();
    if (const auto* t = qobject_cast<const QPlainTextEdit*>(w)) return !t->isReadOnly();
    return qobject_cast<const QAbstractSpinBox*>(w) || qobject_cast<const QComboBox*>(w) ||
           qobject_cast<const QAbstractButton*>(w) || qobject_cast<const QSlider*>(w);
}

// "QLineEdit 'guess' in mpwb::PredictionPanel < mpwb::LessonPage": enough to find the widget in the code.
QString describe(const QWidget* w) {
    QStringList owners;
    for (auto* p = w->parentWidget(); p && owners.size() < 4; p = p->parentWidget())
        if (QString(p->metaObject()->className()).startsWith("mpwb::"))
            owners << p->metaObject()->className();
    return QString("%1 '%2' (text '%3') in %4")
        .arg(w->metaObject()->className(), w->objectName(), w->property("text").toString(),
             owners.isEmpty() ? QString("the window") : owners.join(" < "));
}

struct Unnamed {
    QString what;
};

// Every input visible under `root` without a name, and every unnamed tab of a visible tab bar.
QVector<Unnamed> unnamedInputs(QWidget* root) {
    QVector<Unnamed> out;
    for (auto* w : root->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(root)) continue;
        if (isInput(w)) {
            auto name = accessibleName(w);
            // On Linux a combo box's name is its current text; only a real name or a label says what it
            // is for.
            if (qobject_cast<QComboBox*>(w) && w->accessibleName().isEmpty() &&
                QAccessible::queryAccessibleInterface(w)->relations(QAccessible::Label).isEmpty())
                name.clear();
            if (name.isEmpty()) out.append({describe(w)});
        }
        if (auto* bar = qobject_cast<QTabBar*>(w)) {
            auto* iface = QAccessible::queryAccessibleInterface(bar);
            for (int i = 0; iface && i < iface->childCount(); ++i) {
                auto* tab = iface->child(i);
                if (tab && tab->role() == QAccessible::PageTab &&
                    tab->text(QAccessible::Name).trimmed().isEmpty())
                    out.append({QString("tab %1 of %2").arg(i).arg(describe(bar))});
            }
        }
    }
    return out;
}

} // namespace

class TestGuiAccessibility : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theCheckFindsAnUnnamedField();
    void everyInputOfEveryPageHasAName();

private:
    // Adds the page's inputs that have no name to *failures.
    void checkPage(QWidget* window, const QString& page, QStringList* failures);
    QTemporaryDir m_config;
};

void TestGuiAccessibility::initTestCase() {
    // Settings go to a throw-away place so the tests neither read nor spoil a real user's progress.
    QStandardPaths::setTestModeEnabled(true);
    qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    qputenv("MPWB_RUN", MPWB_RUN_PATH);
}

// The check can fail: a bare field, with no label pointing at it, is reported; labelled, it passes.
void TestGuiAccessibility::theCheckFindsAnUnnamedField() {
    QWidget box;
    auto* bare = new QLineEdit(&box);
    bare->setObjectName("bare");
    QCOMPARE(unnamedInputs(&box).size(), 1);
    QVERIFY(unnamedInputs(&box).first().what.contains("bare"));
    bare->setAccessibleName("Workers: how many run at once");
    QVERIFY(unnamedInputs(&box).isEmpty());
}

void TestGuiAccessibility::checkPage(QWidget* window, const QString& page, QStringList* failures) {
    for (const auto& u : unnamedInputs(window))
        *failures << page + ": " + u.what;
}

void TestGuiAccessibility::everyInputOfEveryPageHasAName() {
    MainWindow window;
    window.resize(1280, 720);
    window.show();
    QStringList failures;
    for (const auto& lesson : window.lessons().lessons()) {
        window.showLesson(lesson.id);
        checkPage(&window, "lesson " + lesson.id, &failures);
    }
    EngineHost host(MPWB_RUN_PATH);
    QString why;
    const auto exercises = parseExerciseList(host.listExercises(&why), &why);
    QVERIFY2(!exercises.isEmpty(), qPrintable(why));
    for (const auto& e : exercises) {
        window.showExercise(e.id);
        QVERIFY(window.exercisePage(e.id));
        // Each tab of the views may hold its own inputs.
        for (auto* tabs : window.exercisePage(e.id)->findChildren<QTabWidget*>())
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                checkPage(&window, QString("exercise %1, tab %2").arg(e.id, tabs->tabText(i)), &failures);
            }
        checkPage(&window, "exercise " + e.id, &failures);
    }
    window.showCompare();
    checkPage(&window, "compare", &failures);
    window.showLessonIndex();
    checkPage(&window, "lesson index", &failures);
    failures.removeDuplicates();
    QVERIFY2(failures.isEmpty(), qPrintable("inputs without an accessible name:\n" + failures.join('\n')));
}

QTEST_MAIN(TestGuiAccessibility)
#include "tst_gui_accessibility.moc"
