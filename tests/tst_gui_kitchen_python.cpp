// SPDX-License-Identifier: GPL-3.0-or-later
// The kitchen of a Python run (backend cpython): the run does not say how many workers it will have, so each
// process becomes a kitchen when its worker_started comes, a second pool's processes appear as new kitchens
// when they start, a process that has left /proc (missing from the cpu samples) leaves its kitchen closed,
// the dumb waiter carries the pickled boxes, and the words name the student's own script as the head chef.
// Drawn from a recorded stream of a two-pool script (tests/fixtures/events/python_two_pools.mpwbrun).
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>

#include "event_stream.h"
#include "kitchen_canvas.h"
#include "kitchen_index.h"
#include "kitchen_view.h"
#include "kitchen_words.h"
#include "run_model.h"

using namespace mpwb;

namespace {

constexpr std::int64_t ms = 1'000'000;

RunModel* pythonRun(QObject* parent) {
    EventStreamReader reader;
    auto* run = new RunModel(parent);
    run->append(reader.readFile(std::string(MPWB_FIXTURES_DIR) + "/events/python_two_pools.mpwbrun"));
    return run;
}

KitchenScene sceneOf(const RunModel* run, std::int64_t t) {
    KitchenIndex index;
    index.sync(run);
    return index.sceneAt(t);
}

QList<int> workersOf(const KitchenScene& scene) {
    QList<int> out;
    for (const auto& k : scene.kitchens)
        out << k.worker;
    return out;
}

} // namespace

class TestGuiKitchenPython : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void kitchensOpenAsProcessesStart();
    void endedProcessesLeaveTheirKitchensClosed();
    void theWaiterCarriesPickledBoxes();
    void wordsNameTheStudentsScript();
    void viewPaintsEveryMoment();
};

void TestGuiKitchenPython::kitchensOpenAsProcessesStart() {
    QObject owner;
    auto* run = pythonRun(&owner);
    QCOMPARE(run->data().started->workers, 0); // a Python run does not announce its workers
    // Before the script started a process: no kitchen at all (not "opening" ones it never asked for).
    QVERIFY(sceneOf(run, 25 * ms).kitchens.empty());
    // Worker 0 has started, 1 and 2 not yet: only one kitchen.
    QCOMPARE(workersOf(sceneOf(run, 31 * ms)), QList<int>({0}));
    const auto firstPool = sceneOf(run, 40 * ms);
    QCOMPARE(workersOf(firstPool), QList<int>({0, 1, 2}));
    for (const auto& k : firstPool.kitchens) {
        QVERIFY(k.open && !k.closed);
        QVERIFY(k.pid >= 5101 && k.pid <= 5103);
        QCOMPARE(k.state, CookState::Cooking);
    }
    // The second pool: two new kitchens, numbered after the first pool's.
    const auto both = sceneOf(run, 206 * ms);
    QCOMPARE(workersOf(both), QList<int>({0, 1, 2, 3, 4}));
    QCOMPARE(both.kitchens[3].pid, 5140);
    QCOMPARE(both.kitchens[3].state, CookState::Cooking);
}

void TestGuiKitchenPython::endedProcessesLeaveTheirKitchensClosed() {
    QObject owner;
    auto* run = pythonRun(&owner);
    // Sampled at 100 ms, gone from the 150 ms sample: closed from then on, and idle (not closed) before.
    const auto idle = sceneOf(run, 120 * ms);
    for (const auto& k : idle.kitchens) {
        QVERIFY(!k.closed);
        QCOMPARE(k.state, CookState::Idle);
    }
    const auto after = sceneOf(run, 150 * ms);
    QCOMPARE(after.kitchens.size(), std::size_t(3));
    for (const auto& k : after.kitchens) {
        QVERIFY(k.closed);
        QCOMPARE(k.state, CookState::Done);
    }
    QVERIFY(!after.finished);
    // While the second pool cooks, the first pool's kitchens stay closed.
    const auto later = sceneOf(run, 206 * ms);
    for (const auto& k : later.kitchens)
        QCOMPARE(k.closed, k.worker < 3);
    QCOMPARE(kitchenJson(after)["kitchens"].toArray().at(0).toObject()["closed"].toBool(), true);
    // An engine run keeps its kitchens open to the end, whatever a cpu sample lists.
    RunModel engine;
    CpuEvent sampled, empty;
    sampled.workers = {WorkerCpu{0, 4711, 90, 0, 0, false}};
    engine.append({{0, HelloEvent{kEventFormatVersion, 2, "box", "test", "eng"}},
                   {1, RunStartedEvent{"sum-squares", "processes", "fork", 1, 10, 10, {}, "eng"}},
                   {2 * ms, WorkerStartedEvent{0, 4711, "fork", ms}},
                   {10 * ms, sampled},
                   {20 * ms, empty}});
    QVERIFY(!sceneOf(&engine, 30 * ms).kitchens.at(0).closed);
}

void TestGuiKitchenPython::theWaiterCarriesPickledBoxes() {
    QObject owner;
    auto* run = pythonRun(&owner);
    // At 35.8 ms the first chunk (350 bytes) has been sent to worker 0 and not yet begun (36 ms).
    const auto scene = sceneOf(run, 35'800'000);
    QVERIFY(scene.usesWaiter);
    QVERIFY(scene.waiter.boxesDown >= 1);
    QVERIFY(scene.waiter.bytesDown >= 350);
    // Every order the script handed out is served in the end: 600 integers, then 200 lists.
    QCOMPARE(sceneOf(run, run->endNs()).ordersServed, std::uint64_t(800));
}

void TestGuiKitchenPython::wordsNameTheStudentsScript() {
    QObject owner;
    auto* run = pythonRun(&owner);
    const QString before = describeKitchen(sceneOf(run, 25 * ms));
    QVERIFY2(before.startsWith(
                 "Your script squares_and_lists.py is the head chef; it has started no process yet."),
             qPrintable(before));
    const QString cooking = describeKitchen(sceneOf(run, 40 * ms));
    QVERIFY2(
        cooking.contains("Your script squares_and_lists.py is the head chef; each process it started is a "
                         "kitchen with its own stove."),
        qPrintable(cooking));
    QVERIFY2(cooking.contains("Kitchen 0 cooks orders"), qPrintable(cooking));
    const QString closed = describeKitchen(sceneOf(run, 206 * ms));
    QVERIFY2(closed.contains("Kitchen 0 has closed: its process ended."), qPrintable(closed));
    QVERIFY2(closed.contains("Kitchen 4 cooks"), qPrintable(closed));
    QCOMPARE(kitchenJson(sceneOf(run, 40 * ms))["script"].toString(), QString("squares_and_lists.py"));
}

void TestGuiKitchenPython::viewPaintsEveryMoment() {
    QObject owner;
    auto* run = pythonRun(&owner);
    KitchenView view;
    view.resize(1280, 560);
    view.show();
    for (const std::int64_t t : {std::int64_t(0), 40 * ms, 150 * ms, 206 * ms, run->endNs()}) {
        RunFrame frame = RunFrame::whole(run);
        frame.shown = run->countsAt(run->eventsUpTo(t));
        frame.tNs = t;
        view.showFrame(frame);
        QCOMPARE(view.canvas()->accessibleDescription(), view.description());
        const QImage image = view.canvas()->render(QSize(1280, 720));
        QVERIFY(!image.isNull());
    }
    // The head chef's tooltip names the script.
    QVERIFY(!view.canvas()->grab().isNull());
    bool named = false;
    for (int y = 0; y < view.canvas()->height() && !named; y += 8)
        for (int x = 0; x < view.canvas()->width() / 4 && !named; x += 8)
            named = view.canvas()->tipAt(QPoint(x, y)).contains("your script squares_and_lists.py");
    QVERIFY(named);
}

QTEST_MAIN(TestGuiKitchenPython)
#include "tst_gui_kitchen_python.moc"
