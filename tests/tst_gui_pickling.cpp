// SPDX-License-Identifier: GPL-3.0-or-later
// The pickling inspector: its sums are the chunk events' sums (merged chunks counted one by one, huge runs
// pooled into a bounded number of bins that keep their meaning as the cursor moves), its verdict follows the
// cursor and gives the advice that fits (bigger chunks for many small boxes, less data for heavy orders),
// thread runs are told why there is nothing to weigh instead of being drawn as zeros, hovering a chunk gives
// its numbers, and the run views list it with words for a screen reader.
#include <QtTest>

#include "event_stream.h"
#include "exercise_catalogue.h"
#include "pickling_tally.h"
#include "pickling_view.h"
#include "playback_cursor.h"
#include "run_model.h"
#include "run_views_panel.h"

using namespace mpwb;

namespace {

constexpr std::int64_t ms = 1'000'000;
constexpr std::int64_t us = 1'000;

ChunkEvent chunk(int worker, std::uint64_t first, std::int64_t start, std::int64_t workNs,
                 std::int64_t encodeNs, std::int64_t decodeNs, std::uint32_t merged = 1) {
    ChunkEvent c;
    c.worker = worker;
    c.firstItem = first;
    c.items = 10 * merged;
    c.dispatchNs = start - 10 * us;
    c.startNs = start;
    c.endNs = start + workNs;
    c.bytesIn = 120 * merged;
    c.bytesOut = 90 * merged;
    c.encodeNs = encodeNs;
    c.decodeNs = decodeNs;
    c.merged = merged;
    return c;
}

// A run of small chunks: each cooks 1 ms and spends 0.4 ms packing and 0.18 ms unpacking.
std::vector<Event> smallBoxes(const std::string& backend, int chunks) {
    std::vector<Event> e{
        {0, HelloEvent{kEventFormatVersion, 4, "box", "test", "pk"}},
        {1, RunStartedEvent{"sum-squares", backend, "fork", 2, 10, std::uint64_t(chunks) * 10, {}, "pk"}}};
    for (int i = 0; i < chunks; ++i) {
        const bool threads = backend != "processes";
        auto c = chunk(i % 2, std::uint64_t(i) * 10, (i + 1) * 2 * ms, ms, threads ? 0 : 400 * us,
                       threads ? 0 : 180 * us);
        if (threads) c.bytesIn = c.bytesOut = 0;
        e.push_back({c.endNs + us, c});
    }
    e.push_back({(chunks + 2) * 2 * ms, RunFinishedEvent{"ok", (chunks + 2) * 2 * ms}});
    return e;
}

RunModel* modelOf(const std::vector<Event>& events, QObject* parent) {
    auto* run = new RunModel(parent);
    run->append(events);
    return run;
}

RunModel* pythonRun(QObject* parent) {
    EventStreamReader reader;
    return modelOf(reader.readFile(std::string(MPWB_FIXTURES_DIR) + "/events/python_two_pools.mpwbrun"),
                   parent);
}

RunFrame frameAt(const RunModel* run, std::int64_t t) {
    RunFrame frame = RunFrame::whole(run);
    frame.shown = run->countsAt(run->eventsUpTo(t));
    frame.tNs = t;
    return frame;
}

} // namespace

class TestGuiPickling : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sumsCountMergedChunksAndBinsStayBounded();
    void verdictAdvisesBiggerChunksForSmallBoxes();
    void pythonRunVerdictFollowsTheCursor();
    void threadRunsSayWhyThereAreNoBoxes();
    void hoverGivesAChunksNumbers();
    void aHugeRunIsDrawnInBoundedBins();
    void panelListsItWithWords();
};

void TestGuiPickling::sumsCountMergedChunksAndBinsStayBounded() {
    // 5000 events of 3 merged chunks each: 15000 chunks, far more than a plot has pixels.
    std::vector<ChunkEvent> chunks;
    for (int i = 0; i < 5000; ++i)
        chunks.push_back(chunk(i % 4, std::uint64_t(i) * 30, i * ms, 3 * ms, 30 * us, 20 * us, 3));
    PicklingTally tally;
    tally.take(std::span(chunks).first(100), chunks.size(), &chunks);
    const std::size_t perBin = tally.eventsPerBin();
    QVERIFY(perBin > 1);
    QCOMPARE(perBin & (perBin - 1), std::size_t(0)); // a power of two: a growing run rebins rarely
    const auto early = tally.bins().front().sums.chunks;
    tally.take(chunks, chunks.size(), &chunks);
    // The bins did not change their size as more was shown, and the first one still means the same.
    QCOMPARE(tally.eventsPerBin(), perBin);
    QCOMPARE(tally.bins().front().sums.chunks, early);
    QVERIFY(tally.bins().size() <= PicklingTally::kMaxBins);
    QCOMPARE(tally.total().chunks, std::uint64_t(15000));
    QCOMPARE(tally.total().events, std::uint64_t(5000));
    QCOMPARE(tally.total().encodeNs, 5000 * 30 * us);
    QCOMPARE(tally.total().workNs, 5000 * 3 * ms);
    std::uint64_t chunksInBins = 0, next = 0;
    for (const auto& b : tally.bins()) {
        QCOMPARE(b.firstChunk, next); // the bins tile the chunk axis
        next += b.sums.chunks;
        chunksInBins += b.sums.chunks;
        QCOMPARE(tally.binAt(double(b.firstChunk) + 0.5), &b);
    }
    QCOMPARE(chunksInBins, tally.total().chunks);
    QVERIFY(!tally.binAt(-1));
    QVERIFY(!tally.binAt(15000));
    // The cursor going back shrinks the sums; another run starts afresh.
    tally.take(std::span(chunks).first(10), chunks.size(), &chunks);
    QCOMPARE(tally.total().chunks, std::uint64_t(30));
    std::vector<ChunkEvent> other{chunk(0, 0, 0, ms, 0, 0)};
    tally.take(other, other.size(), &other);
    QCOMPARE(tally.total().chunks, std::uint64_t(1));
    QCOMPARE(tally.eventsPerBin(), std::size_t(1));
}

void TestGuiPickling::verdictAdvisesBiggerChunksForSmallBoxes() {
    QObject owner;
    auto* run = modelOf(smallBoxes("processes", 8), &owner);
    PicklingView view;
    view.showFrame(RunFrame::whole(run));
    // 0.58 ms of boxes for each 1 ms of cooking, 21 bytes an item.
    QCOMPARE(view.verdict(), QString("Packing and unpacking took 58% as long as the cooking: bigger chunks "
                                     "would send fewer boxes."));
    QVERIFY(view.drawsBoxes());
    QVERIFY2(
        view.description().contains("8 chunk(s) of 80 item(s) so far: 960 bytes sent to the workers and 720 "
                                    "bytes back; packing 3.20 ms, unpacking 1.44 ms, cooking 8.00 ms."),
        qPrintable(view.description()));
    // Boxes dearer than the cooking are said as a factor; cheap ones as cooking that dominates.
    PicklingSums dear;
    dear.add(chunk(0, 0, 0, ms, 1500 * us, 500 * us));
    QVERIFY2(
        picklingVerdict(dear, "cpython").startsWith("Packing and unpacking took 2.0× as long as the cooking"),
        qPrintable(picklingVerdict(dear, "cpython")));
    PicklingSums cheap;
    cheap.add(chunk(0, 0, 0, 100 * ms, 500 * us, 500 * us));
    QVERIFY(picklingVerdict(cheap, "processes").contains("1% as long as the cooking: the kitchens spend"));
    // Merged chunks: their span (10 ms here) also holds the worker's waits for the next chunk; the cooking
    // is what they worked (2 ms), so the boxes' 1 ms is half the cooking, not a tenth.
    PicklingSums merged;
    auto waits = chunk(0, 0, 0, 10 * ms, 600 * us, 400 * us, 20);
    waits.workNs = 2 * ms;
    merged.add(waits);
    QCOMPARE(merged.workNs, 2 * ms);
    QVERIFY2(picklingVerdict(merged, "cpython").startsWith("Packing and unpacking took 50% as long"),
             qPrintable(picklingVerdict(merged, "cpython")));
    // Many small heavy items to a box: the count is written out, never as 1e+03.
    PicklingSums crowded;
    auto many = chunk(0, 0, 0, ms, 5 * ms, 5 * ms);
    many.items = 2500;
    many.bytesIn = 2500 * 2500;
    crowded.add(many);
    QVERIFY2(picklingVerdict(crowded, "cpython").contains("for 2,500 item(s)"),
             qPrintable(picklingVerdict(crowded, "cpython")));
    PicklingSums tiny; // the engine's own boxes: a few microseconds against milliseconds, never "0%"
    tiny.add(chunk(0, 0, 0, 10 * ms, 5 * us, 6 * us));
    QVERIFY2(picklingVerdict(tiny, "processes").startsWith("Packing and unpacking took less than 1% as long"),
             qPrintable(picklingVerdict(tiny, "processes")));
}

void TestGuiPickling::pythonRunVerdictFollowsTheCursor() {
    QObject owner;
    auto* run = pythonRun(&owner);
    QVERIFY(run->data().started && run->data().started->backend == "cpython");
    PicklingView view;
    // Before any chunk came back: nothing weighed yet, said so.
    view.showFrame(frameAt(run, 30 * ms));
    QVERIFY2(view.verdict().startsWith("No chunk has come back yet"), qPrintable(view.verdict()));
    // A script that used no pool: once over, it is told so, not left waiting for chunks.
    QVERIFY(picklingVerdict({}, "cpython", true).startsWith("This run sent no chunks to a pool"));
    // The first pool (small integers, 50 to a chunk): the cooking dominates.
    view.showFrame(frameAt(run, 120 * ms));
    QCOMPARE(view.tally().total().chunks, std::uint64_t(12));
    QVERIFY2(view.verdict().contains("the kitchens spend their time cooking"), qPrintable(view.verdict()));
    // The whole run: the second pool sends 1000 floats an item, one at a time; the aggregator merged them.
    view.showFrame(RunFrame::whole(run));
    PicklingSums expected;
    for (const auto& c : run->data().chunks)
        expected.add(c);
    const auto& total = view.tally().total();
    QCOMPARE(total.chunks, std::uint64_t(12 + 200));
    QCOMPARE(total.items, std::uint64_t(600 + 200));
    QCOMPARE(total.bytesIn, expected.bytesIn);
    QCOMPARE(total.encodeNs, expected.encodeNs);
    QVERIFY(total.boxShare() > 0.25);
    // Heavy orders: bigger chunks would carry the same weight, so the advice is to send less.
    QVERIFY2(view.verdict().contains("send less"), qPrintable(view.verdict()));
    // The sums cannot tell the items' weight from the function's, so it gives the weight per box and both
    // fixes.
    QVERIFY2(view.verdict().contains("each box weighs"), qPrintable(view.verdict()));
    QVERIFY2(view.verdict().contains("initializer"), qPrintable(view.verdict()));
}

void TestGuiPickling::threadRunsSayWhyThereAreNoBoxes() {
    QObject owner;
    for (const char* backend : {"threads", "gil-threads"}) {
        auto* run = modelOf(smallBoxes(backend, 4), &owner);
        PicklingView view;
        view.showFrame(RunFrame::whole(run));
        QVERIFY(!view.drawsBoxes());
        QVERIFY(view.plot()->isHidden());
        QVERIFY2(view.verdict().startsWith("Threads share one kitchen's memory"), qPrintable(view.verdict()));
        QVERIFY2(!view.description().contains("0 ms"),
                 qPrintable(view.description())); // no zeros drawn in words
    }
}

void TestGuiPickling::hoverGivesAChunksNumbers() {
    QObject owner;
    auto* run = pythonRun(&owner);
    PicklingView view;
    view.resize(1280, 420);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.showFrame(RunFrame::whole(run));
    for (const bool dark : {false, true}) {
        view.setTheme(dark ? PlotTheme::dark() : PlotTheme::light());
        view.updateNow();
        QVERIFY(!view.plot()->toPixmap().isNull());
    }
    // Across the chunk panel: the first chunk is one of pool A's, a later bar a merged one of pool B.
    QStringList seen;
    for (int x = 0; x < view.plot()->width(); x += 4) {
        const QString text = view.textAt(QPoint(x, view.plot()->height() / 2));
        if (!text.isEmpty() && !seen.contains(text)) seen << text;
    }
    QVERIFY2(seen.size() >= 10, qPrintable(seen.join("\n---\n")));
    QVERIFY2(seen.join('\n').contains("Chunk 1, worker 0, 50 item(s)\nSent"),
             qPrintable(seen.join("\n---\n")));
    QVERIFY2(seen.join('\n').contains("(sums of 12 chunks)"), qPrintable(seen.join("\n---\n")));
    QVERIFY(seen.join('\n').contains("Packing "));
}

void TestGuiPickling::aHugeRunIsDrawnInBoundedBins() {
    QObject owner;
    std::vector<Event> events{
        {0, HelloEvent{kEventFormatVersion, 4, "box", "test", "big"}},
        {1, RunStartedEvent{"sum-squares", "processes", "fork", 4, 1, 200'000, {}, "big"}}};
    for (int i = 0; i < 100'000; ++i) {
        const auto c = chunk(i % 4, std::uint64_t(i) * 20, i * 10 * us, 8 * us, 3 * us, 2 * us, 2);
        events.push_back({c.endNs + 1, c});
    }
    auto* run = modelOf(events, &owner);
    PicklingView view;
    view.resize(1280, 420);
    view.show();
    QElapsedTimer clock;
    clock.start();
    view.showFrame(RunFrame::whole(run));
    view.updateNow();
    qInfo("100,000 chunk events taken in and drawn in %lld ms", qlonglong(clock.elapsed()));
    QVERIFY(view.tally().bins().size() <= PicklingTally::kMaxBins);
    QCOMPARE(view.tally().total().chunks, std::uint64_t(200'000));
    for (int i = 0; i < view.plot()->graphCount(); ++i)
        QVERIFY(view.plot()->graph(i)->dataCount() <= int(PicklingTally::kMaxBins) + 1);
    // 5 µs of boxes for 8 µs of cooking, 21 bytes an item: many small boxes.
    QVERIFY2(view.verdict().endsWith("bigger chunks would send fewer boxes."), qPrintable(view.verdict()));
}

void TestGuiPickling::panelListsItWithWords() {
    QObject owner;
    auto* run = modelOf(smallBoxes("processes", 8), &owner);
    ExerciseDeclaration exercise;
    exercise.id = "sum-squares";
    exercise.title = "Sum of squares";
    PlaybackCursor cursor;
    RunViewsPanel panel(exercise, cursor);
    connect(&cursor, &PlaybackCursor::moved, &panel, &RunViewsPanel::showCursor);
    QWidget* pickling = nullptr;
    for (auto* view : panel.views())
        if (view->title() == "Pickling") pickling = view->widget();
    QVERIFY(pickling);
    cursor.setRun(run);
    cursor.seekTime(5 * ms); // one chunk back
    QTRY_VERIFY2(pickling->accessibleDescription().contains("1 chunk(s) of 10 item(s) so far"),
                 qPrintable(pickling->accessibleDescription()));
    QCOMPARE(pickling->accessibleName(), QString("Pickling"));
    cursor.seekEvent(run->eventCount());
    QTRY_VERIFY2(pickling->accessibleDescription().contains("58% as long as the cooking"),
                 qPrintable(pickling->accessibleDescription()));
    // A pipeline has no chunks to pickle: no such view.
    exercise.usesChunksize = false;
    PlaybackCursor other;
    RunViewsPanel pipeline(exercise, other);
    for (auto* view : pipeline.views())
        QVERIFY(view->title() != "Pickling");
}

QTEST_MAIN(TestGuiPickling)
#include "tst_gui_pickling.moc"
