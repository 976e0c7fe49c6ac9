// SPDX-License-Identifier: GPL-3.0-or-later
// RunModel, RunLibrary and PlaybackCursor on fixture streams: events kept in order, frames that are exact
// prefixes of the run, deterministic stepping and scrubbing, a reset on a new run, and the library as a
// well-behaved list model that saves and opens runs whole.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "baseline_choice.h"
#include "event_json.h"
#include "playback_cursor.h"
#include "run_library.h"
#include "run_model.h"

using namespace mpwb;

namespace {

// A small but complete run: hello, run_started, two workers, chunks and CPU samples interleaved (a little
// out of time order, as real streams from several threads are), a result and run_finished.
std::vector<Event> fixtureRun(int chunks = 40, const std::string& backend = "processes") {
    std::vector<Event> e;
    e.push_back({0, HelloEvent{kEventFormatVersion, 2, "fixture Linux", "test"}});
    e.push_back(
        {1000,
         RunStartedEvent{"sum-squares", backend, "fork", 2, 10, std::uint64_t(chunks) * 10, {{"n", "400"}}}});
    e.push_back({2000, WorkerStartedEvent{0, 100, "fork", 500}});
    e.push_back({2100, WorkerStartedEvent{1, 101, "fork", 600}});
    std::int64_t t = 10'000;
    for (int c = 0; c < chunks; ++c) {
        const int w = c % 2;
        // Worker 1's report of a chunk can land before worker 0's later one: t goes back by a little.
        const std::int64_t at = t + (w == 1 ? -300 : 0);
        e.push_back({at - 950, ChunkDispatchedEvent{w, std::uint64_t(c) * 10, 10, 80, 0}});
        e.push_back({at - 800, ChunkStartedEvent{w, std::uint64_t(c) * 10, 10, w}});
        e.push_back(
            {at, ChunkEvent{w, w, std::uint64_t(c) * 10, 10, at - 900, at - 800, at, 80, 16, 1, 1, 1}});
        // One of every other kind of event now and then, so every list of RunData has entries.
        if (c % 7 == 3) {
            e.push_back({at + 1, GilEvent{at - 1000, at, w, 1, 1, {500, 400}, {400, 500}}});
            e.push_back(
                {at + 2, QueueEvent{"tasks", c % 5, 8, std::uint64_t(c), std::uint64_t(c), 0, 0, 0, 0}});
            e.push_back({at + 3, CounterEvent{"lock", c, std::uint64_t(c)}});
            e.push_back({at + 4, LockEvent{"counter", w, 1, std::uint64_t(c), 10}});
            e.push_back({at + 5, FileEvent{std::uint64_t(c), "in.png", "out.png", true, ""}});
            e.push_back({at + 6, SegmentEvent{"attached", "/mpwb-x", 64, w, 100 + w}});
        }
        if (c % 10 == 9)
            e.push_back({t + 10, CpuEvent{{95.0, 90.0}, {{0, 100, 94.0, t, 0}, {1, 101, 89.0, t, 1}}}});
        t += 1000;
    }
    e.push_back({t, ResultEvent{"12345", {}, true}});
    e.push_back({t + 10, RunFinishedEvent{"ok", t - 1000}});
    return e;
}

std::size_t countChunks(const std::vector<Event>& events, std::size_t upTo) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < upTo; ++i)
        n += std::holds_alternative<ChunkEvent>(events[i].body) ? 1 : 0;
    return n;
}

} // namespace

class TestRunModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsEventsInStreamOrder();
    void framesAreExactPrefixes();
    void eventsUpToUsesTheRunningMaximum();
    void resetEmptiesEverything();
    void cursorStepsAndScrubsDeterministically();
    void cursorFollowsALiveRunAndStopsAtItsEnd();
    void cursorReplaysAtSpeed();
    void cursorResetsOnANewRun();
    void libraryIsAWellBehavedModel();
    void librarySplitsAStreamAtEachHello();
    void librarySavesAndOpensARunWhole();
    void libraryNamesTheBadLineOfAFile();
    void libraryOpensOffTheGuiThread();
    void baselineIsTheSameWorkOnTheSameMachine();
};

void TestRunModel::keepsEventsInStreamOrder() {
    RunModel run;
    QSignalSpy appended(&run, &RunModel::appended);
    const auto events = fixtureRun();
    // Arrives in three batches, as from a pipe.
    run.append({events.begin(), events.begin() + 5});
    run.append({events.begin() + 5, events.begin() + 30});
    run.append({events.begin() + 30, events.end()});
    QCOMPARE(appended.count(), 3);
    QCOMPARE(appended.at(1).at(0).value<std::size_t>(), std::size_t(5));
    QCOMPARE(run.events(), events);
    QCOMPARE(run.data().chunks.size(), std::size_t(40));
    QVERIFY(!run.data().gil.empty() && !run.data().files.empty() && !run.data().segments.empty());
    QVERIFY(run.isFinished());
    QCOMPARE(run.label(), QString("sum-squares · processes × 2 (fork)"));
}

void TestRunModel::framesAreExactPrefixes() {
    RunModel run;
    auto events = fixtureRun(700); // more than two marks' worth of events
    run.append(events);
    for (std::size_t n :
         {std::size_t(0), std::size_t(1), std::size_t(3), std::size_t(255), std::size_t(256),
          std::size_t(257), std::size_t(600), std::size_t(1333), events.size() - 1, events.size()}) {
        const auto counts = run.countsAt(n);
        QCOMPARE(counts.events, n);
        QCOMPARE(counts.chunks, countChunks(events, n));
        QCOMPARE(counts.workers, std::size_t(n >= 4 ? 2 : n >= 3 ? 1 : 0));
        QCOMPARE(counts.result, n >= events.size() - 1);
        QCOMPARE(counts.finished, n == events.size());
        // Every list against RunData folded from the same first n events.
        RunData d;
        applyEvents(d, {events.begin(), events.begin() + std::ptrdiff_t(n)});
        QCOMPARE(counts.cpu, d.cpu.size());
        QCOMPARE(counts.queues, d.queues.size());
        QCOMPARE(counts.counters, d.counters.size());
        QCOMPARE(counts.files, d.files.size());
        QCOMPARE(counts.starts, d.starts.size());
        QCOMPARE(counts.gil, d.gil.size());
        QCOMPARE(counts.locks, d.locks.size());
        QCOMPARE(counts.segments, d.segments.size());
        QCOMPARE(counts.hello, d.hello.has_value());
        QCOMPARE(counts.started, d.started.has_value());
        QCOMPARE(counts.error, d.error.has_value());
    }
    RunFrame f;
    f.run = &run;
    f.shown = run.countsAt(100);
    QCOMPARE(f.chunks().size(), countChunks(events, 100));
    QVERIFY(!f.result());
    QVERIFY(f.started());
}

void TestRunModel::eventsUpToUsesTheRunningMaximum() {
    RunModel run;
    run.append(fixtureRun());
    QCOMPARE(run.eventsUpTo(-1), std::size_t(0));
    QCOMPARE(run.eventsUpTo(run.endNs()), run.eventCount());
    // For every prefix, the time it is shown at maps back to at least that prefix: stepping then scrubbing
    // to the same time never goes backwards.
    for (std::size_t n = 1; n <= run.eventCount(); ++n)
        QVERIFY(run.eventsUpTo(run.timeAt(n)) >= n);
}

void TestRunModel::resetEmptiesEverything() {
    RunModel run;
    run.append(fixtureRun());
    QSignalSpy reset(&run, &RunModel::reset);
    run.clear();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(run.eventCount(), std::size_t(0));
    QVERIFY(!run.data().started);
    QCOMPARE(run.countsAt(10), RunCounts{});
}

void TestRunModel::cursorStepsAndScrubsDeterministically() {
    RunModel run;
    run.append(fixtureRun());
    PlaybackCursor cursor;
    cursor.setRun(&run);
    QCOMPARE(cursor.mode(), PlaybackCursor::Mode::Paused);
    QVERIFY(cursor.atEnd());
    cursor.seekEvent(0);
    QCOMPARE(cursor.position(), std::size_t(0));
    std::vector<std::size_t> chunksSeen;
    for (std::size_t i = 0; i < run.eventCount(); ++i) {
        cursor.stepForward();
        QCOMPARE(cursor.position(), i + 1);
        chunksSeen.push_back(cursor.frame().chunks().size());
    }
    cursor.stepForward(); // at the end: stays
    QCOMPARE(cursor.position(), run.eventCount());
    for (std::size_t i = run.eventCount(); i > 0; --i) {
        QCOMPARE(cursor.frame().chunks().size(), chunksSeen[i - 1]);
        cursor.stepBack();
    }
    QCOMPARE(cursor.position(), std::size_t(0));
    // Scrubbing to a time shows exactly the events up to it, however often it is done.
    const auto middle = run.endNs() / 2;
    cursor.seekTime(middle);
    const auto first = cursor.position();
    cursor.seekTime(0);
    cursor.seekTime(middle);
    QCOMPARE(cursor.position(), first);
    QCOMPARE(cursor.position(), run.eventsUpTo(middle));
    QCOMPARE(cursor.frame().tNs, middle);
}

void TestRunModel::cursorFollowsALiveRunAndStopsAtItsEnd() {
    RunModel run;
    run.setLive(true);
    PlaybackCursor cursor;
    QSignalSpy moved(&cursor, &PlaybackCursor::moved);
    cursor.setRun(&run);
    QCOMPARE(cursor.mode(), PlaybackCursor::Mode::Live);
    const auto events = fixtureRun();
    run.append({events.begin(), events.begin() + 10});
    QCOMPARE(cursor.position(), std::size_t(10));
    QVERIFY(cursor.frame().live);
    run.append({events.begin() + 10, events.end()});
    QCOMPARE(cursor.position(), events.size());
    run.setLive(false);
    QCOMPARE(cursor.mode(), PlaybackCursor::Mode::Paused);
    QVERIFY(cursor.atEnd());
    QVERIFY(moved.count() >= 2);
}

void TestRunModel::cursorReplaysAtSpeed() {
    RunModel run;
    run.append(fixtureRun()); // about 50 µs long: at ×1/1000 it lasts about 50 ms
    PlaybackCursor cursor;
    cursor.setRun(&run);
    cursor.setSpeed(0.001);
    cursor.play();
    QCOMPARE(cursor.mode(), PlaybackCursor::Mode::Playing);
    QCOMPARE(cursor.position(), std::size_t(0)); // from the start, since it was at the end
    QTRY_COMPARE_WITH_TIMEOUT(cursor.mode(), PlaybackCursor::Mode::Paused, 10000);
    QVERIFY(cursor.atEnd());
    cursor.setSpeed(5); // clamped
    QCOMPARE(cursor.speed(), 1.0);
}

void TestRunModel::cursorResetsOnANewRun() {
    RunModel a, b;
    a.append(fixtureRun(40));
    b.append(fixtureRun(10, "threads"));
    PlaybackCursor cursor;
    QSignalSpy changed(&cursor, &PlaybackCursor::runChanged);
    cursor.setRun(&a);
    cursor.seekEvent(5);
    cursor.setRun(&b);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(cursor.position(), b.eventCount());
    QCOMPARE(cursor.frame().chunks().size(), std::size_t(10));
    b.clear();
    QCOMPARE(cursor.position(), std::size_t(0));
}

void TestRunModel::libraryIsAWellBehavedModel() {
    RunLibrary library;
    QAbstractItemModelTester tester(&library, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto* live = library.beginLiveRun();
    QCOMPARE(library.rowCount(), 1);
    QVERIFY(library.data(library.index(0), RunLibrary::LiveRole).toBool());
    QSignalSpy changed(&library, &QAbstractItemModel::dataChanged);
    live->append(fixtureRun());
    QVERIFY(changed.count() >= 1);
    QCOMPARE(library.data(library.index(0), RunLibrary::BackendRole).toString(), QString("processes"));
    QCOMPARE(library.data(library.index(0), RunLibrary::WorkersRole).toInt(), 2);
    library.finishLive(live);
    QVERIFY(!library.data(library.index(0), RunLibrary::LiveRole).toBool());
    auto* other = new RunModel;
    other->append(fixtureRun(4, "threads"));
    library.add(other);
    library.add(other); // twice: still one row
    QCOMPARE(library.rowCount(), 2);
    QCOMPARE(library.findById(other->id()), other);
    QCOMPARE(library.rowOf(other), 1);
    library.remove(live);
    QCOMPARE(library.rowCount(), 1);
    QCOMPARE(library.runAt(0), other);
    QVERIFY(!library.runAt(5));
}

void TestRunModel::librarySplitsAStreamAtEachHello() {
    auto events = fixtureRun(6, "sequential");
    const auto second = fixtureRun(8, "processes");
    events.insert(events.end(), second.begin(), second.end());
    const auto runs = RunLibrary::splitRuns(events);
    QCOMPARE(runs.size(), std::size_t(2));
    QCOMPARE(runs[0]->data().chunks.size(), std::size_t(6));
    QCOMPARE(runs[1]->data().chunks.size(), std::size_t(8));
    QCOMPARE(runs[1]->data().started->backend, std::string("processes"));
    QVERIFY(runs[0]->id() != runs[1]->id());
}

void TestRunModel::librarySavesAndOpensARunWhole() {
    QTemporaryDir dir;
    RunModel run;
    run.append(fixtureRun());
    const auto path = dir.filePath("run.mpwbrun");
    QString why;
    QVERIFY2(RunLibrary::save(run, path, &why), qPrintable(why));
    const auto back = RunLibrary::load(path, &why);
    QCOMPARE(back.size(), std::size_t(1));
    QCOMPARE(back[0]->events(), run.events());
    QCOMPARE(back[0]->source(), path);
    // A folder that cannot be written: an error, and no file.
    QVERIFY(!RunLibrary::save(run, "/proc/no/such/run.mpwbrun", &why));
    QVERIFY(!why.isEmpty());
}

void TestRunModel::libraryNamesTheBadLineOfAFile() {
    QTemporaryDir dir;
    const auto path = dir.filePath("bad.mpwbrun");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write((toJsonLine(fixtureRun().front()) + "\n").c_str());
    file.write("{\"type\":\"chunk\",\"t\":5}\n");
    file.close();
    QString why;
    QVERIFY(RunLibrary::load(path, &why).empty());
    QVERIFY2(why.contains("line 2"), qPrintable(why));
    QVERIFY(RunLibrary::load(dir.filePath("missing.mpwbrun"), &why).empty());
    QVERIFY(!why.isEmpty());
}

void TestRunModel::libraryOpensOffTheGuiThread() {
    QTemporaryDir dir;
    RunModel run;
    run.append(fixtureRun());
    const auto path = dir.filePath("run.mpwbrun");
    QString why;
    QVERIFY(RunLibrary::save(run, path, &why));
    RunLibrary library;
    QSignalSpy opened(&library, &RunLibrary::opened);
    QSignalSpy failed(&library, &RunLibrary::openFailed);
    library.openFile(path);
    library.openFile(dir.filePath("missing.mpwbrun"));
    QTRY_COMPARE(opened.count(), 1);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(library.rowCount(), 1);
    QCOMPARE(library.runAt(0)->thread(), library.thread());
    QCOMPARE(library.runAt(0)->events(), run.events());
}

void TestRunModel::baselineIsTheSameWorkOnTheSameMachine() {
    RunLibrary library;
    auto add = [&](const std::string& backend, int chunks, const std::string& machine = "fixture Linux") {
        auto events = fixtureRun(chunks, backend);
        std::get<HelloEvent>(events.front().body).machine = machine;
        auto* run = new RunModel;
        run->append(events);
        library.add(run);
        return run;
    };
    auto* parallel = add("processes", 40);
    QVERIFY(!chooseBaseline(parallel->data(), nullptr, library)); // no sequential run yet
    auto* older = add("sequential", 40);
    auto* newer = add("sequential", 40);
    add("sequential", 40, "another-pc Linux"); // newest, but measured elsewhere
    QVERIFY(isBaselineFor(newer, parallel->data()));
    QVERIFY(!isBaselineFor(library.runAt(3), parallel->data()));
    QVERIFY(!isBaselineFor(parallel, parallel->data())); // not sequential
    const auto chosen = chooseBaseline(parallel->data(), nullptr, library);
    QVERIFY(chosen);
    QCOMPARE(chosen->seconds, newer->data().finished->wallNs / 1e9);
    // The one measured for this run wins over a newer one.
    QVERIFY(chooseBaseline(parallel->data(), older, library));
    // Other work (another n) is never a baseline.
    auto other = fixtureRun(40, "sequential");
    std::get<RunStartedEvent>(other[1].body).params["n"] = "999";
    RunModel otherRun;
    otherRun.append(other);
    QVERIFY(!isBaselineFor(&otherRun, parallel->data()));
}

QTEST_MAIN(TestRunModel)
#include "tst_gui_runmodel.moc"
