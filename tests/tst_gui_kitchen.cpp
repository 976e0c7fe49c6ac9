// SPDX-License-Identifier: GPL-3.0-or-later
// The kitchen: the scene at a moment is what the run's events say (which cooks cook, who holds the stove
// token, what the dumb waiter carries, who holds the fridge's lock, who is on fire), it is the same whether
// the index read the run at once or as it grew, and the command line gives the same state as JSON and a
// picture, or a clear refusal for a bad file.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include "event_json.h"
#include "kitchen_canvas.h"
#include "kitchen_index.h"
#include "kitchen_view.h"
#include "kitchen_words.h"
#include "playback_cursor.h"
#include "run_model.h"
#include "run_view.h"
#include "run_views_panel.h"

using namespace mpwb;

namespace {

constexpr std::int64_t ms = 1'000'000;

ChunkEvent chunk(int worker, std::uint64_t first, std::uint64_t items, std::int64_t dispatch,
                 std::int64_t start, std::int64_t end) {
    ChunkEvent c;
    c.worker = worker;
    c.firstItem = first;
    c.items = items;
    c.dispatchNs = dispatch;
    c.startNs = start;
    c.endNs = end;
    c.bytesIn = 100 * items;
    c.bytesOut = 10;
    c.core = worker;
    return c;
}

// Two worker processes: kitchen 0 cooks items 0–9 from 10 to 20 ms and 20–29 from 25 to 40 ms (sent at 18 ms:
// a box on the waiter until 25); kitchen 1 cooks 10–19 from 12 to 30 ms; kitchen 1 dies at 35 ms.
std::vector<Event> processRun() {
    return {
        {0, HelloEvent{kEventFormatVersion, 2, "box", "test", "proc"}},
        {1, RunStartedEvent{"sum-squares", "processes", "fork", 2, 10, 40, {}, "proc"}},
        {2 * ms, WorkerStartedEvent{0, 4711, "fork", ms}},
        {3 * ms, WorkerStartedEvent{1, 4712, "fork", ms}},
        {18 * ms, ChunkDispatchedEvent{0, 20, 10, 1000, 0}},
        {21 * ms, chunk(0, 0, 10, 9 * ms, 10 * ms, 20 * ms)},
        {25 * ms, ChunkStartedEvent{0, 20, 10, 0}},
        {31 * ms, chunk(1, 10, 10, 11 * ms, 12 * ms, 30 * ms)},
        {35 * ms,
         ErrorEvent{"worker-died", "Worker 1 was killed by signal 9 (SIGKILL).", 1, 4712, -1, 9, 0, 30, 10}},
        {41 * ms, chunk(0, 20, 10, 18 * ms, 25 * ms, 40 * ms)},
        {50 * ms, RunFinishedEvent{"error", 50 * ms}},
    };
}

GilEvent gilSpan(std::int64_t start, std::int64_t end, int holder) {
    GilEvent g;
    g.startNs = start;
    g.endNs = end;
    g.holder = holder;
    g.acquisitions = holder >= 0 ? 1 : 0;
    g.heldNs = {holder == 0 ? end - start : 0, holder == 1 ? end - start : 0};
    g.waitedNs = {holder == 1 ? end - start : 0, holder == 0 ? end - start : 0};
    return g;
}

// Two threads under a GIL, both in a chunk from 0 to 20 ms; the token passes 0 → 1 → 0 every 5 ms.
std::vector<Event> gilRun() {
    std::vector<Event> e{{0, HelloEvent{kEventFormatVersion, 2, "box", "test", "gil"}},
                         {1, RunStartedEvent{"sum-squares", "gil-threads", "", 2, 10, 20, {}, "gil"}}};
    for (int k = 0; k < 4; ++k)
        e.push_back({(k + 1) * 5 * ms, gilSpan(k * 5 * ms, (k + 1) * 5 * ms, k % 2)});
    e.push_back({20 * ms, chunk(0, 0, 10, 0, 0, 20 * ms)});
    e.push_back({20 * ms, chunk(1, 10, 10, 0, 0, 20 * ms)});
    return e;
}

// The shared counter with a lock: kitchen 1 holds it while kitchen 0 waits; then without one, updates lost.
std::vector<Event> counterRun(const char* mode) {
    std::vector<Event> e{{0, HelloEvent{kEventFormatVersion, 2, "box", "test", "ctr"}},
                         {1, RunStartedEvent{"shared-counter", "processes", "fork", 2, 4, 100, {}, "ctr"}},
                         {2, SegmentEvent{"created", "/mpwb-1-0-1", 64, -1, 1}},
                         {3 * ms, chunk(0, 0, 50, 0, ms, 90 * ms)},
                         {3 * ms, chunk(1, 50, 50, 0, ms, 90 * ms)},
                         {50 * ms, CounterEvent{mode, 700, 1000}}};
    if (std::string(mode) == "lock") e.push_back({50 * ms, LockEvent{"counter", 1, 1, 1000, 5 * ms}});
    return e;
}

RunModel* modelOf(const std::vector<Event>& events, QObject* parent) {
    auto* run = new RunModel(parent);
    run->append(events);
    return run;
}

KitchenScene sceneOf(const RunModel* run, std::int64_t t) {
    KitchenIndex index;
    index.sync(run);
    return index.sceneAt(t);
}

} // namespace

class TestGuiKitchen : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cooksCookWhatTheChunksSay();
    void theWaiterCarriesBoxesNotYetOpened();
    void aCrashIsFire();
    void aKilledWorkerTheScriptSurvivesIsFireToo();
    void theStoveTokenPassesBetweenCooks();
    void theFridgeShowsTheLockAndLostUpdates();
    void growingAndScrubbingGiveTheSameScene();
    void processesBeyondThePoolWorkTheQueues();
    void viewDescribesItselfAndPaints();
    void panelWordsFollowTheCursor();
    void commandLineGivesStateAndPicture();
    void commandLineRefusesABadFile();
};

void TestGuiKitchen::cooksCookWhatTheChunksSay() {
    QObject owner;
    const auto* run = modelOf(processRun(), &owner);
    auto at15 = sceneOf(run, 15 * ms);
    QCOMPARE(at15.kitchens.size(), std::size_t(2));
    QCOMPARE(at15.kitchens[0].state, CookState::Cooking);
    QCOMPARE(at15.kitchens[0].trayFirst, std::uint64_t(0));
    QCOMPARE(at15.kitchens[0].pid, 4711);
    QCOMPARE(at15.kitchens[1].state, CookState::Cooking);
    QCOMPARE(at15.ordersWaiting, std::uint64_t(20)); // items 0–19 handed out, 20–39 on the rail
    const auto at22 = sceneOf(run, 22 * ms);
    QCOMPARE(at22.kitchens[0].state, CookState::Idle); // between its trays
    QCOMPARE(at22.ordersServed, std::uint64_t(10));
    // Before its worker started, a kitchen is still opening.
    const auto at1 = sceneOf(run, 1 * ms);
    QVERIFY(!at1.kitchens[0].open);
    QVERIFY(describeKitchen(at1).contains("still opening"));
}

void TestGuiKitchen::theWaiterCarriesBoxesNotYetOpened() {
    QObject owner;
    const auto* run = modelOf(processRun(), &owner);
    const auto at22 = sceneOf(run, 22 * ms);
    QVERIFY(at22.usesWaiter);
    QCOMPARE(at22.waiter.boxesDown, 1); // items 20–29, sent at 18 ms, opened at 25
    QCOMPARE(at22.waiter.bytesDown, std::uint64_t(1000));
    QCOMPARE(sceneOf(run, 26 * ms).waiter.boxesDown, 0);
    // A result finished at 20 ms reached the host at 21 ms: a plate on its way up in between.
    QCOMPARE(sceneOf(run, 20 * ms + ms / 2).waiter.platesUp, 1);
}

void TestGuiKitchen::aCrashIsFire() {
    QObject owner;
    const auto* run = modelOf(processRun(), &owner);
    QCOMPARE(sceneOf(run, 34 * ms).kitchens[1].state, CookState::Idle);
    const auto at36 = sceneOf(run, 36 * ms);
    QCOMPARE(at36.kitchens[1].state, CookState::Crashed);
    QCOMPARE(at36.kitchens[1].signal, 9);
    QVERIFY(describeKitchen(at36).contains("on fire"));
    const auto json = kitchenJson(at36);
    QCOMPARE(json["kitchens"].toArray()[1].toObject()["state"].toString(), QString("crashed"));
    // After the run: the crashed kitchen stays on fire, the other is done.
    const auto end = sceneOf(run, 60 * ms);
    QCOMPARE(end.kitchens[0].state, CookState::Done);
    QCOMPARE(end.kitchens[1].state, CookState::Crashed);
}

void TestGuiKitchen::aKilledWorkerTheScriptSurvivesIsFireToo() {
    // A Python run whose Pool loses worker 1 to SIGKILL at 33 ms and goes on: no error, the run ends ok, and
    // still that kitchen burns from the moment it died. A worker that exited by itself is no fire.
    auto events = processRun();
    events.erase(events.begin() + 8); // the error
    events.insert(events.begin() + 8, Event{33 * ms, WorkerEndedEvent{1, 4712, 0, 9}});
    events.back() = {50 * ms, RunFinishedEvent{"ok", 50 * ms}};
    // Kitchen 0 is stopped by the script itself at the end (a `with Pool()` block terminates its workers).
    events.insert(events.end() - 1, Event{45 * ms, WorkerEndedEvent{0, 4711, 0, 15, true}});
    QObject owner;
    const auto* run = modelOf(events, &owner);
    QCOMPARE(sceneOf(run, 32 * ms).kitchens[1].state, CookState::Idle);
    const auto at34 = sceneOf(run, 34 * ms);
    QCOMPARE(at34.kitchens[1].state, CookState::Crashed);
    QCOMPARE(at34.kitchens[1].signal, 9);
    QVERIFY2(at34.kitchens[1].crash.contains("process 4712 was killed by signal 9"),
             qPrintable(at34.kitchens[1].crash));
    const auto end = sceneOf(run, 60 * ms);
    QCOMPARE(end.kitchens[0].state, CookState::Done);
    QCOMPARE(end.kitchens[1].state, CookState::Crashed);
}

void TestGuiKitchen::theStoveTokenPassesBetweenCooks() {
    QObject owner;
    const auto* run = modelOf(gilRun(), &owner);
    for (int k = 0; k < 4; ++k) {
        const auto scene = sceneOf(run, k * 5 * ms + 2 * ms);
        const int holder = k % 2;
        QVERIFY(scene.oneRoom && scene.oneStove);
        QCOMPARE(scene.stoveHolder, holder);
        QCOMPARE(scene.kitchens[std::size_t(holder)].state, CookState::Cooking);
        QCOMPARE(scene.kitchens[std::size_t(1 - holder)].state, CookState::WaitingGil);
        QCOMPARE(kitchenJson(scene)["stove_holder"].toInt(), holder);
    }
}

void TestGuiKitchen::theFridgeShowsTheLockAndLostUpdates() {
    QObject owner;
    const auto locked = sceneOf(modelOf(counterRun("lock"), &owner), 60 * ms);
    QVERIFY(locked.hasFridge);
    QCOMPARE(locked.fridge.segments, 1);
    QCOMPARE(locked.fridge.lockHolder, 1);
    QCOMPARE(locked.kitchens[1].state, CookState::Cooking);
    QCOMPARE(locked.kitchens[0].state, CookState::WaitingLock); // the one other cook is the one waiting
    QCOMPARE(locked.fridge.lost, std::uint64_t(0));
    const auto unlocked = sceneOf(modelOf(counterRun("none"), &owner), 60 * ms);
    QCOMPARE(unlocked.fridge.lost, std::uint64_t(300));
    QVERIFY(describeKitchen(unlocked).contains("300 of 1,000 updates"));
    QCOMPARE(kitchenJson(unlocked)["fridge"].toObject()["lost_updates"].toInt(), 300);
}

void TestGuiKitchen::growingAndScrubbingGiveTheSameScene() {
    // The index read event by event (a live run) and at once (a file) says the same at every moment, and
    // moving back and forth gives the same answer each time.
    QObject owner;
    const auto events = processRun();
    auto* whole = modelOf(events, &owner);
    auto* growing = new RunModel(&owner);
    KitchenIndex live;
    for (const auto& e : events) {
        growing->append({e});
        live.sync(growing);
    }
    KitchenIndex once;
    once.sync(whole);
    for (std::int64_t t : std::vector<std::int64_t>{0, 15 * ms, 22 * ms, 36 * ms, 15 * ms, 60 * ms, 0})
        QCOMPARE(kitchenJson(live.sceneAt(t)), kitchenJson(once.sceneAt(t)));
}

void TestGuiKitchen::processesBeyondThePoolWorkTheQueues() {
    // A pipeline: one pool worker with chunks, and a producer (worker 1) that only fills the tasks queue.
    QObject owner;
    const auto* run = modelOf({{0, HelloEvent{kEventFormatVersion, 2, "box", "test", "pipe"}},
                               {1, RunStartedEvent{"pipeline", "processes", "fork", 1, 0, 10, {}, "pipe"}},
                               {2 * ms, WorkerStartedEvent{0, 10, "fork", ms}},
                               {2 * ms, WorkerStartedEvent{1, 11, "fork", ms}},
                               {9 * ms, QueueEvent{"tasks", 16, 16, 20, 4, 160, 32, 0, 0}},
                               {12 * ms, chunk(0, 0, 4, 3 * ms, 3 * ms, 12 * ms)}},
                              &owner);
    const auto scene = sceneOf(run, 10 * ms);
    QCOMPARE(scene.kitchens.size(), std::size_t(2));
    QVERIFY(!scene.kitchens[0].helper);
    QCOMPARE(scene.kitchens[0].state, CookState::Cooking);
    QVERIFY(scene.kitchens[1].helper);
    QVERIFY(describeKitchen(scene).contains("Kitchen 1 works the queues"));
    QCOMPARE(scene.queues.size(), std::size_t(1));
    QCOMPARE(scene.queues[0].depth, std::int64_t(16)); // full: the shaft turns vermillion
}

void TestGuiKitchen::viewDescribesItselfAndPaints() {
    QObject owner;
    auto* run = modelOf(gilRun(), &owner);
    KitchenView view;
    view.resize(1280, 500);
    view.show();
    RunFrame frame = RunFrame::whole(run);
    frame.tNs = 7 * ms;
    view.showFrame(frame);
    QVERIFY(view.appliesTo(frame));
    QCOMPARE(view.scene().stoveHolder, 1);
    QVERIFY2(view.description().contains("Cook 0 waits for the stove token, which cook 1 holds"),
             qPrintable(view.description()));
    QCOMPARE(view.canvas()->accessibleDescription(), view.description());
    // Painted in both themes; every cook has a tooltip naming its real chunk.
    for (const bool dark : {false, true}) {
        view.setTheme(dark ? PlotTheme::dark() : PlotTheme::light());
        const QImage image = view.canvas()->render(QSize(1280, 720));
        QVERIFY(!image.isNull());
        int distinct = 0;
        QRgb last = 0;
        for (int x = 0; x < image.width(); x += 7) {
            const QRgb px = image.pixel(x, image.height() / 2);
            if (px != last) ++distinct;
            last = px;
        }
        QVERIFY(distinct > 10); // more than a blank background
    }
    QTest::qWait(50);
    const auto grabbed = view.canvas()->grab(); // paints into the tooltip list
    QVERIFY(!grabbed.isNull());
    bool named = false;
    for (int y = 0; y < view.canvas()->height() && !named; y += 10)
        for (int x = 0; x < view.canvas()->width() && !named; x += 10)
            named = view.canvas()->tipAt(QPoint(x, y)).contains("items 10 to 19");
    QVERIFY(named);
}

void TestGuiKitchen::panelWordsFollowTheCursor() {
    QObject owner;
    auto* run = modelOf(gilRun(), &owner);
    ExerciseDeclaration exercise;
    exercise.id = "sum-squares";
    exercise.title = "Sum of squares";
    PlaybackCursor cursor;
    RunViewsPanel panel(exercise, cursor);
    connect(&cursor, &PlaybackCursor::moved, &panel, &RunViewsPanel::showCursor);
    auto viewTitled = [&panel](const QString& title) -> QWidget* {
        for (auto* view : panel.views())
            if (view->title() == title) return view->widget();
        return nullptr;
    };
    QWidget* kitchen = viewTitled("Kitchen");
    QWidget* timeline = viewTitled("Timeline");
    QVERIFY(kitchen && timeline);
    cursor.setRun(run);
    cursor.seekTime(7 * ms);
    // The words come a moment after the picture (a replay moves the cursor 30 times a second).
    QTRY_VERIFY2(
        kitchen->accessibleDescription().contains("Cook 0 waits for the stove token, which cook 1 holds"),
        qPrintable(kitchen->accessibleDescription()));
    QCOMPARE(kitchen->accessibleName(), QString("Kitchen"));
    QCOMPARE(timeline->accessibleName(), QString("Timeline"));
    QVERIFY2(timeline->accessibleDescription().startsWith("At 0.007 s of 0.020 s."),
             qPrintable(timeline->accessibleDescription()));
    QVERIFY2(timeline->accessibleDescription().contains("0 of 2 chunks done"),
             qPrintable(timeline->accessibleDescription()));
    // At the end: both chunks done, and the kitchen's words are those of the end.
    const QString kitchenBefore = kitchen->accessibleDescription();
    cursor.seekEvent(run->eventCount());
    QTRY_VERIFY2(timeline->accessibleDescription().contains("2 of 2 chunks done (20 of 20 items)"),
                 qPrintable(timeline->accessibleDescription()));
    QVERIFY(kitchen->accessibleDescription() != kitchenBefore);
    // Every view has a name and words, whatever it shows.
    for (auto* view : panel.views()) {
        QVERIFY(!view->widget()->accessibleName().isEmpty());
        QVERIFY2(!view->widget()->accessibleDescription().isEmpty(), qPrintable(view->title()));
    }
}

void TestGuiKitchen::commandLineGivesStateAndPicture() {
    QTemporaryDir dir;
    const QString path = dir.filePath("gil.mpwbrun");
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (const auto& e : gilRun())
            f.write(QByteArray::fromStdString(toJsonLine(e) + "\n"));
    }
    QProcess state;
    state.start(MPWB_APP_PATH, {"--kitchen-state", path, "--at", "0.007"});
    QVERIFY(state.waitForFinished(30000));
    QCOMPARE(state.exitCode(), 0);
    const auto json = QJsonDocument::fromJson(state.readAllStandardOutput()).object();
    QCOMPARE(json["stove_holder"].toInt(), 1);
    const auto kitchens = json["kitchens"].toArray();
    QCOMPARE(kitchens.size(), 2);
    QCOMPARE(kitchens[0].toObject()["state"].toString(), QString("waiting-gil"));
    QCOMPARE(kitchens[1].toObject()["state"].toString(), QString("cooking"));

    const QString png = dir.filePath("kitchen.png");
    QProcess picture;
    picture.start(MPWB_APP_PATH,
                  {"--export-kitchen", path, "--at", "0.007", "--out", png, "--size", "800x450"});
    QVERIFY(picture.waitForFinished(30000));
    QCOMPARE(picture.exitCode(), 0);
    const QImage image(png);
    QCOMPARE(image.size(), QSize(800, 450));
}

void TestGuiKitchen::commandLineRefusesABadFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.mpwbrun");
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(toJsonLine(gilRun()[0]) + "\n"));
        f.write("{\"type\":\"chunk\",\"t\":5,\"worker\":\"zero\"}\n");
    }
    for (const QStringList& args : {QStringList{"--kitchen-state", path},
                                    QStringList{"--export-kitchen", path, "--out", dir.filePath("x.png")},
                                    QStringList{"--kitchen-state", dir.filePath("missing.mpwbrun")},
                                    QStringList{"--kitchen-state", path, "--at", "-1"}}) {
        QProcess p;
        p.start(MPWB_APP_PATH, args);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const QString said = QString::fromLocal8Bit(p.readAllStandardError());
        QVERIFY2(said.contains("mpwb: "), qPrintable(said));
        if (args.size() == 2 && args[1] == path) QVERIFY2(said.contains("line 2"), qPrintable(said));
    }
    QVERIFY(!QFile::exists(dir.filePath("x.png"))); // nothing half-written
}

QTEST_MAIN(TestGuiKitchen)
#include "tst_gui_kitchen.moc"
