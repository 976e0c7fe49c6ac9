// SPDX-License-Identifier: GPL-3.0-or-later
// The live plots: what they hold after synthetic samples and chunks, and that they stay cheap and drawable
// with many cores and many chunks. Checks invariants of the data behind the pictures, never pixels.

#include <QLabel>
#include <QPointer>
#include <QSignalSpy>
#include <QtTest>
#include <numeric>

#include "app_palette.h"
#include "core_utilisation_plot.h"
#include "frame_words.h"
#include "plot_theme.h"
#include "text_scale.h"
#include "timeline_plot.h"

using namespace mpwb;

namespace {

QVector<double> coresAt(int cores, int step) {
    QVector<double> v;
    for (int c = 0; c < cores; ++c)
        v << double((c * 13 + step * 7) % 101);
    return v;
}

void feed(CoreUtilisationPlot& plot, int cores, int samples, double interval = 0.25, double t0 = 0) {
    for (int i = 0; i < samples; ++i)
        plot.appendSample(t0 + i * interval, coresAt(cores, i));
}

// Four workers taking turns on consecutive chunks of ten items, each waiting 1 ms in the pipe.
std::vector<ChunkEvent> chunks(int count, int workers) {
    std::vector<ChunkEvent> v;
    for (int i = 0; i < count; ++i) {
        ChunkEvent c;
        c.worker = i % workers;
        c.core = i % 3;
        c.firstItem = std::uint64_t(i) * 10;
        c.items = 10;
        const std::int64_t slot = std::int64_t(i / workers) * 10'000'000;
        c.dispatchNs = slot;
        c.startNs = slot + 1'000'000;
        c.endNs = slot + 9'000'000;
        c.bytesIn = 800;
        c.bytesOut = 80;
        c.encodeNs = 12'000;
        c.decodeNs = 8'000;
        v.push_back(c);
    }
    return v;
}

constexpr std::int64_t ms = 1'000'000;

// Two worker processes on four cores: worker 0 on core 0, worker 1 on core 2; two of four chunks done at
// 30 ms, worker 0 busy with the third; a queue and a counter without a lock, sampled once.
std::vector<Event> wordyRun() {
    WorkerCpu w0{0, 100, 97, 0, 0, false}, w1{1, 101, 90, 0, 2, false};
    ChunkEvent c0, c1;
    c0.worker = 0, c0.firstItem = 0, c0.items = 10, c0.startNs = 5 * ms, c0.endNs = 15 * ms;
    c1.worker = 1, c1.firstItem = 10, c1.items = 10, c1.startNs = 6 * ms, c1.endNs = 18 * ms;
    QueueEvent q;
    q.queue = "tasks", q.depth = 3, q.capacity = 10, q.puts = 20, q.gets = 17;
    return {{0, HelloEvent{kEventFormatVersion, 4, "box", "test", "w"}},
            {1, RunStartedEvent{"sum-squares", "processes", "fork", 2, 10, 40, {}, "w"}},
            {2 * ms, WorkerStartedEvent{0, 100, "fork", ms}},
            {3 * ms, WorkerStartedEvent{1, 101, "fork", ms}},
            {15 * ms, c0},
            {18 * ms, c1},
            {20 * ms, ChunkStartedEvent{0, 20, 10, 0}},
            {25 * ms, CpuEvent{{97, 5, 90, 3}, {w0, w1}, 2}},
            {26 * ms, q},
            {27 * ms, CounterEvent{"none", 700, 1000}}};
}

QPoint pixelOf(const TimelinePlot& plot, double seconds, double lane) {
    return QPoint(int(plot.plot()->xAxis->coordToPixel(seconds)),
                  int(plot.plot()->yAxis->coordToPixel(lane)));
}

} // namespace

class TestGuiPlots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void themesAreReadable_data();
    void themesAreReadable();
    void oneLinePerCore();
    void heatmapHasOneRowPerCore();
    void timeAxesLineUp_data();
    void timeAxesLineUp();
    void coreCountChangeRebuilds();
    void manyCoresShowAverageNotLegend();
    void windowScrollsAndPrunes();
    void redrawIsBatched();
    void clearEmptiesCorePlot();
    void oneLanePerWorker();
    void hoverNamesTheChunk();
    void failedChunkIsMarked();
    void descriptionMentionsMerging();
    void growingVectorIsTakenIncrementally();
    void scrubbingBackDropsLaterChunks();
    void hundredThousandChunks();
    void scaledTextFollowsTheAppFont();
    void frameWordsSayWhatTheViewsShow();
    void frameWordsFollowTheCursor();
    void sweepWordsGiveTheSpeedup();
    void appPaletteStatesRead_data();
    void appPaletteStatesRead();
};

void TestGuiPlots::themesAreReadable_data() {
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestGuiPlots::themesAreReadable() {
    QFETCH(bool, dark);
    const PlotTheme theme = dark ? PlotTheme::dark() : PlotTheme::light();
    QCOMPARE(int(theme.series.size()), 8);
    for (const QColor& c : theme.series)
        QVERIFY(c != theme.background);
    QVERIFY(theme.heatmapStops.size() >= 2);

    QCustomPlot plot;
    theme.applyTo(&plot);
    QCOMPARE(plot.axisRect()->backgroundBrush().color(), theme.background);
    QCOMPARE(plot.xAxis->tickLabelColor(), theme.foreground);
    QCOMPARE(plot.yAxis->labelColor(), theme.foreground);
    QVERIFY(plot.xAxis->labelFont().pointSizeF() >= 11);
    QVERIFY(plot.xAxis->tickLabelFont().pointSizeF() >= 11);
}

void TestGuiPlots::oneLinePerCore() {
    CoreUtilisationPlot plot;
    feed(plot, 4, 20);
    plot.updateNow();
    QCOMPARE(plot.coreCount(), 4);
    QCOMPARE(plot.linePlot()->graphCount(), 4);
    QVERIFY(!plot.averageGraph());
    QCOMPARE(plot.linePlot()->legend->itemCount(), 4);
    QCOMPARE(plot.linePlot()->graph(3)->name(), QStringLiteral("core 3"));
    for (int c = 0; c < 4; ++c)
        QCOMPARE(plot.linePlot()->graph(c)->dataCount(), 20);
    QCOMPARE(plot.linePlot()->graph(2)->data()->at(5)->value, coresAt(4, 5)[2]);
    QCOMPARE(plot.linePlot()->yAxis->label(), QStringLiteral("% busy"));
    QCOMPARE(plot.linePlot()->xAxis->label(), QStringLiteral("seconds"));
}

void TestGuiPlots::heatmapHasOneRowPerCore() {
    CoreUtilisationPlot plot;
    feed(plot, 6, 40);
    plot.updateNow();
    QCPColorMapData* cells = plot.heatmap()->data();
    QCOMPARE(cells->valueSize(), 6);
    QVERIFY(cells->keySize() >= 2);
    QCOMPARE(plot.heatmapPlot()->yAxis->label(), QStringLiteral("core"));
    QCOMPARE(plot.heatmap()->colorScale()->label(), QStringLiteral("% busy"));
    // The last slice shows the last sample, core by core.
    const auto last = coresAt(6, 39);
    for (int c = 0; c < 6; ++c)
        QCOMPARE(cells->cell(cells->keySize() - 1, c), last[c]);
    // Both plots show the same stretch of time.
    QCOMPARE(plot.heatmapPlot()->xAxis->range().upper, plot.linePlot()->xAxis->range().upper);
    QCOMPARE(plot.heatmapPlot()->xAxis->range().lower, plot.linePlot()->xAxis->range().lower);

    // A single core still fills its row (drawn as two half rows with the same values).
    CoreUtilisationPlot single;
    feed(single, 1, 10);
    single.updateNow();
    QCOMPARE(single.linePlot()->graphCount(), 1);
    QCOMPARE(single.heatmap()->data()->valueSize(), 2);
    const double lastValue = coresAt(1, 9)[0];
    QCOMPARE(single.heatmap()->data()->cell(single.heatmap()->data()->keySize() - 1, 0), lastValue);
    QCOMPARE(single.heatmap()->data()->cell(single.heatmap()->data()->keySize() - 1, 1), lastValue);
}

void TestGuiPlots::timeAxesLineUp_data() {
    QTest::addColumn<int>("cores");
    QTest::newRow("2 cores") << 2;
    QTest::newRow("8 cores") << 8;
    QTest::newRow("64 cores") << 64;
}

// The lines and the heatmap share a time axis: the same second must sit at the same x in both.
void TestGuiPlots::timeAxesLineUp() {
    QFETCH(int, cores);
    CoreUtilisationPlot plot;
    plot.resize(1100, 700);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    feed(plot, cores, 40);
    plot.updateNow();
    auto lines = [&] { return plot.linePlot()->axisRect()->rect(); };
    auto heat = [&] { return plot.heatmapPlot()->axisRect()->rect(); };
    QTRY_COMPARE(heat().left(), lines().left());
    QTRY_COMPARE(heat().right(), lines().right());
    plot.resize(800, 500);
    QTRY_COMPARE(heat().right(), lines().right());
    QTRY_COMPARE(heat().left(), lines().left());
}

void TestGuiPlots::coreCountChangeRebuilds() {
    CoreUtilisationPlot plot;
    feed(plot, 4, 10);
    plot.updateNow();
    QCOMPARE(plot.linePlot()->graphCount(), 4);
    feed(plot, 2, 3, 0.25, 10);
    plot.updateNow();
    QCOMPARE(plot.coreCount(), 2);
    QCOMPARE(plot.sampleCount(), 3); // the 4-core samples are gone, not mixed in
    QCOMPARE(plot.linePlot()->graphCount(), 2);
    QCOMPARE(plot.linePlot()->legend->itemCount(), 2);
    QCOMPARE(plot.heatmap()->data()->valueSize(), 2);
    QCOMPARE(plot.linePlot()->graph(0)->dataCount(), 3);
}

void TestGuiPlots::manyCoresShowAverageNotLegend() {
    CoreUtilisationPlot plot;
    feed(plot, 64, 12);
    plot.updateNow();
    QCOMPARE(plot.linePlot()->graphCount(), 64 + 1);
    QVERIFY(plot.averageGraph());
    QCOMPARE(plot.linePlot()->legend->itemCount(), 1); // only the average
    QVERIFY(plot.linePlot()->legend->hasItemWithPlottable(plot.averageGraph()));
    QCOMPARE(plot.averageGraph()->dataCount(), 12);
    const auto first = coresAt(64, 0);
    const double mean = std::accumulate(first.begin(), first.end(), 0.0) / 64;
    QCOMPARE(plot.averageGraph()->data()->at(0)->value, mean);
    QCOMPARE(plot.heatmap()->data()->valueSize(), 64);
    plot.resize(800, 600);
    QVERIFY(!plot.grab().isNull());
}

void TestGuiPlots::windowScrollsAndPrunes() {
    CoreUtilisationPlot plot;
    plot.setWindowSeconds(30);
    feed(plot, 2, 400); // 100 s at 4 samples a second
    plot.updateNow();
    const QCPRange range = plot.linePlot()->xAxis->range();
    QCOMPARE(range.upper, 399 * 0.25);
    QVERIFY(qAbs(range.size() - 30) < 1e-9);
    QVERIFY(plot.sampleCount() < 400 / 3); // old samples are dropped, not kept forever
    QVERIFY(plot.sampleCount() >= 30 * 4);

    plot.setWindowSeconds(10);
    plot.updateNow();
    QVERIFY(qAbs(plot.heatmapPlot()->xAxis->range().size() - 10) < 1e-9);
}

void TestGuiPlots::redrawIsBatched() {
    CoreUtilisationPlot plot;
    plot.resize(640, 480);
    plot.show();
    QSignalSpy replots(plot.linePlot(), &QCustomPlot::afterReplot);
    replots.clear();
    feed(plot, 4, 500);
    QCOMPARE(replots.count(), 0); // appending only stores
    QTRY_VERIFY_WITH_TIMEOUT(replots.count() >= 1, 2000);
    QTest::qWait(300);
    QVERIFY2(replots.count() <= 10, qPrintable(QString::number(replots.count())));
    QCOMPARE(plot.linePlot()->graph(0)->dataCount() > 0, true);
}

void TestGuiPlots::clearEmptiesCorePlot() {
    CoreUtilisationPlot plot;
    feed(plot, 3, 10);
    plot.updateNow();
    plot.clear();
    plot.updateNow();
    QCOMPARE(plot.sampleCount(), 0);
    for (int c = 0; c < plot.linePlot()->graphCount(); ++c)
        QCOMPARE(plot.linePlot()->graph(c)->dataCount(), 0);
}

void TestGuiPlots::oneLanePerWorker() {
    TimelinePlot plot;
    plot.setChunks(chunks(40, 4), 4);
    plot.updateNow();
    QCOMPARE(plot.laneCount(), 4);
    QCOMPARE(plot.chunkCount(), 40);
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(plot.plot()->yAxis->ticker());
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().size(), 4);
    QCOMPARE(ticker->ticks().value(0), QStringLiteral("worker 0"));
    QCOMPARE(ticker->ticks().value(3), QStringLiteral("worker 3"));
    QCOMPARE(plot.plot()->xAxis->label(), QStringLiteral("seconds"));

    // A worker that was announced but has done nothing yet still gets its lane.
    plot.setChunks(chunks(40, 4), 6);
    plot.updateNow();
    QCOMPARE(plot.laneCount(), 6);
}

void TestGuiPlots::hoverNamesTheChunk() {
    TimelinePlot plot;
    plot.resize(1000, 500);
    plot.show(); // lays the plot out, so pixels map to the times and lanes a user would see
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const auto v = chunks(40, 4);
    plot.setChunks(v, 4);
    plot.updateNow();
    // Chunk 6: worker 2, slot 1, items 60..69, running from 11 ms to 19 ms.
    const QString text = plot.chunkTextAt(pixelOf(plot, 0.015, 2));
    QVERIFY2(text.contains("60..69"), qPrintable(text));
    QVERIFY(text.contains("worker 2"));
    QVERIFY(text.contains("10 items"));
    QVERIFY(text.contains("11.000 ms"));
    // Between two lanes there is no bar.
    QVERIFY(plot.chunkTextAt(pixelOf(plot, 0.015, 2.5)).isEmpty());
    // The wait strip sits just above the bar; it names the same chunk.
    const QPoint bar = pixelOf(plot, 0.0105, 2);
    const double laneHeight =
        std::abs(plot.plot()->yAxis->coordToPixel(1) - plot.plot()->yAxis->coordToPixel(0));
    const QString wait = plot.chunkTextAt(QPoint(bar.x(), int(bar.y() - 0.36 * laneHeight)));
    QVERIFY2(wait.contains("Waiting"), qPrintable(wait));
    QVERIFY(wait.contains("60..69"));
}

void TestGuiPlots::failedChunkIsMarked() {
    TimelinePlot plot;
    plot.resize(1000, 500);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setChunks(chunks(8, 4), 4); // every worker finishes two chunks, the last at 19 ms
    plot.setFailure(1, "worker 1 (pid 42) was killed by signal 9 while it held items 80..89");
    plot.updateNow();
    QVERIFY(plot.hasFailure());
    // Worker 1 failed after its last finished chunk (ended 19 ms); the mark reaches that point on its lane.
    const QString text = plot.chunkTextAt(pixelOf(plot, 0.0192, 1));
    QVERIFY2(text.contains("failed") && text.contains("signal 9"), qPrintable(text));
    // Other lanes keep their ordinary descriptions, and clear() forgets the failure.
    QVERIFY(plot.chunkTextAt(pixelOf(plot, 0.015, 2)).contains("worker 2"));
    plot.clear();
    QVERIFY(!plot.hasFailure());
}

void TestGuiPlots::descriptionMentionsMerging() {
    ChunkEvent c;
    c.worker = 1;
    c.core = 7;
    c.firstItem = 1000;
    c.items = 500;
    c.merged = 5;
    c.bytesIn = 4096;
    c.startNs = 1'000'000;
    c.endNs = 3'000'000;
    c.workNs = 500'000; // the rest of the span the worker waited for its next chunk
    const QString text = TimelinePlot::describeChunk(c);
    // Merged chunks are a count, not a range (their items need not be adjacent), and their span is not all
    // work.
    QVERIFY2(text.contains("500 items in 5 chunks, merged"), qPrintable(text));
    QVERIFY(!text.contains("1000..1499"));
    QVERIFY2(text.contains("worked 0.500 ms of the 2.000 ms"), qPrintable(text));
    QVERIFY(text.contains("core 7"));
    c.merged = 1;
    const QString one = TimelinePlot::describeChunk(c);
    QVERIFY(!one.contains("merged"));
    QVERIFY(one.contains("1000..1499"));
    QVERIFY(one.contains("ran 2.000 ms"));
}

void TestGuiPlots::growingVectorIsTakenIncrementally() {
    TimelinePlot plot;
    const auto all = chunks(100, 4);
    std::vector<ChunkEvent> growing;
    for (const auto& c : all) {
        growing.push_back(c);
        if (growing.size() % 10 == 0) plot.setChunks(growing, 4);
    }
    plot.updateNow();
    QCOMPARE(plot.chunkCount(), 100);
    // A shorter vector is a new run.
    plot.setChunks(chunks(8, 2), 2);
    plot.updateNow();
    QCOMPARE(plot.chunkCount(), 8);
    plot.clear();
    plot.updateNow();
    QCOMPARE(plot.chunkCount(), 0);
}

// Scrubbing back shows the same run at an earlier moment: the later chunks go, the earlier ones stay.
void TestGuiPlots::scrubbingBackDropsLaterChunks() {
    TimelinePlot plot;
    plot.resize(800, 400);
    plot.show();
    const auto all = chunks(100, 4);
    plot.setChunks(all, 4);
    plot.updateNow();
    // Chunk 50 runs on worker 2 from 0.121 s to 0.129 s; chunk 10 on worker 2 from 0.021 s.
    QVERIFY(plot.chunkTextAt(pixelOf(plot, 0.125, 2)).contains("items 500..509"));
    plot.setChunks(std::span<const ChunkEvent>(all.data(), 30), 4);
    plot.updateNow();
    QCOMPARE(plot.chunkCount(), 30);
    QVERIFY(plot.chunkTextAt(pixelOf(plot, 0.025, 2)).contains("items 100..109"));
    QVERIFY(!plot.chunkTextAt(pixelOf(plot, 0.0745, 2)).contains("items 300"));
    plot.setChunks(all, 4);
    plot.updateNow();
    QCOMPARE(plot.chunkCount(), 100);
    QVERIFY(plot.chunkTextAt(pixelOf(plot, 0.125, 2)).contains("items 500..509"));
}

void TestGuiPlots::hundredThousandChunks() {
    TimelinePlot plot;
    plot.resize(1280, 720);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const auto v = chunks(100'000, 8);
    plot.setChunks(v, 8);
    plot.updateNow();
    QCOMPARE(plot.chunkCount(), 100'000);
    QCOMPARE(plot.laneCount(), 8);
    QVERIFY(!plot.grab().isNull());
    // Zoomed in on one moment, hovering still finds the chunk under the cursor: slot 6000 on worker 0.
    plot.plot()->xAxis->setRange(60.0, 60.1);
    plot.plot()->replot();
    const QString text = plot.chunkTextAt(pixelOf(plot, 60.005, 0));
    QVERIFY2(text.contains("480000..480009"), qPrintable(text));
}

QTEST_MAIN(TestGuiPlots)
void TestGuiPlots::scaledTextFollowsTheAppFont() {
    const QFont original = QApplication::font();
    QWidget box;
    auto* heading = new QLabel("Threads or processes?", &box);
    auto* other = new QObject(heading); // a child of its own, which scaling must leave alone
    QPointer<QObject> watch(other);
    scaleText(heading, 1.5, true);
    scaleText(heading, 1.5, true); // again: replaces the first, and only that
    QVERIFY(watch);
    QCOMPARE(heading->font().pointSizeF(), original.pointSizeF() * 1.5);
    QVERIFY(heading->font().bold());
    // View › Larger text: the heading stays one and a half times the new size.
    QFont larger = original;
    larger.setPointSizeF(original.pointSizeF() + 4);
    QApplication::setFont(larger);
    QCOMPARE(heading->font().pointSizeF(), larger.pointSizeF() * 1.5);
    QApplication::setFont(original);
}

void TestGuiPlots::frameWordsSayWhatTheViewsShow() {
    RunModel run;
    run.append(wordyRun());
    const RunFrame frame = RunFrame::whole(&run);
    const QString cores = frameWords(ViewKind::Cores, frame);
    QVERIFY2(cores.contains("2 of 4 cores busy: core 0 at 97%, core 2 at 90%"), qPrintable(cores));
    QVERIFY2(cores.contains("Worker 0 on core 0 at 97%, worker 1 on core 2 at 90%"), qPrintable(cores));
    const QString timeline = frameWords(ViewKind::Timeline, frame);
    QVERIFY2(timeline.contains("2 worker(s) started"), qPrintable(timeline));
    QVERIFY2(timeline.contains("2 of 4 chunks done (20 of 40 items)"), qPrintable(timeline));
    QVERIFY2(timeline.contains("Working now: worker 0 on items 20–29."), qPrintable(timeline));
    QVERIFY2(!timeline.contains("worker 1 on items"), qPrintable(timeline)); // its chunk is done
    const QString cpu = frameWords(ViewKind::WorkerCpu, frame);
    QVERIFY2(cpu.contains("Worker 0 (pid 100) uses 97% of a core"), qPrintable(cpu));
    QVERIFY2(cpu.contains("host process uses 2%"), qPrintable(cpu));
    const QString queues = frameWords(ViewKind::Queues, frame);
    QVERIFY2(queues.contains("“tasks” holds 3 of 10 items; 20 put and 17 taken"), qPrintable(queues));
    const QString counter = frameWords(ViewKind::Counter, frame);
    QVERIFY2(counter.contains("without a lock) reads 700 after 1,000 increments"), qPrintable(counter));
    QVERIFY2(counter.contains("300 updates lost"), qPrintable(counter));
    // Every view's words begin with where the cursor is.
    QVERIFY2(cores.startsWith("At 0.027 s of 0.027 s."), qPrintable(cores));
}

void TestGuiPlots::frameWordsFollowTheCursor() {
    RunModel run;
    run.append(wordyRun());
    RunFrame early;
    early.run = &run;
    early.tNs = 16 * ms;
    early.shown = run.countsAt(run.eventsUpTo(early.tNs));
    const QString before = frameWords(ViewKind::Timeline, early);
    QVERIFY2(before.startsWith("At 0.016 s of 0.027 s."), qPrintable(before));
    QVERIFY2(before.contains("1 of 4 chunks done (10 of 40 items)"), qPrintable(before));
    QCOMPARE(frameWords(ViewKind::Cores, early).contains("No CPU sample yet."), true);
    QCOMPARE(frameWords(ViewKind::Counter, early).contains("No counter sample yet."), true);
    QVERIFY(before != frameWords(ViewKind::Timeline, RunFrame::whole(&run)));
    QCOMPARE(frameWords(ViewKind::Timeline, RunFrame{}), QString("No run yet."));
}

void TestGuiPlots::sweepWordsGiveTheSpeedup() {
    RunModel sweep;
    sweep.append({{0, HelloEvent{kEventFormatVersion, 4, "box", "test", "s"}},
                  {1, SweepPointEvent{"sequential", 1, 1, 0, 1000 * ms}},
                  {2, SweepPointEvent{"processes", 2, 8, 0, 500 * ms}},
                  {3, SweepPointEvent{"processes", 2, 64, 0, 400 * ms}},
                  {4, SweepPointEvent{"processes", 4, 64, 0, 260 * ms}}});
    const RunFrame frame = RunFrame::whole(&sweep);
    const QString speedup = frameWords(ViewKind::Speedup, frame);
    QVERIFY2(speedup.contains("Sequential: 1.000 s"), qPrintable(speedup));
    QVERIFY2(speedup.contains("2 worker(s) 2.50× faster (0.400 s)"), qPrintable(speedup));
    QVERIFY2(speedup.contains("4 worker(s) 3.85× faster"), qPrintable(speedup));
    QVERIFY2(speedup.contains("Amdahl"), qPrintable(speedup));
    const QString chunks = frameWords(ViewKind::Chunksize, frame);
    QVERIFY2(chunks.contains("With 4 worker(s): chunksize 64 takes 0.260 s"), qPrintable(chunks));
    QVERIFY2(frameWords(ViewKind::Speedup, RunFrame{}).startsWith("No sweep yet"), "an empty page says so");
}

void TestGuiPlots::appPaletteStatesRead_data() {
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestGuiPlots::appPaletteStatesRead() {
    QFETCH(bool, dark);
    const QPalette p = appPalette(dark);
    auto c = [&p](QPalette::ColorGroup g, QPalette::ColorRole r) { return p.color(g, r); };
    using P = QPalette;
    struct Pair {
        const char* what;
        QColor a, b;
        double least;
    };
    const Pair pairs[] = {
        {"text on base", c(P::Active, P::Text), c(P::Active, P::Base), 4.5},
        {"placeholder on base", c(P::Active, P::PlaceholderText), c(P::Active, P::Base), 3},
        {"placeholder apart from typed text", c(P::Active, P::PlaceholderText), c(P::Active, P::Text), 1.8},
        {"button text", c(P::Active, P::ButtonText), c(P::Active, P::Button), 4.5},
        {"disabled button text on its face", c(P::Disabled, P::ButtonText), c(P::Disabled, P::Button), 1.8},
        {"disabled apart from enabled text", c(P::Disabled, P::ButtonText), c(P::Active, P::ButtonText), 1.8},
        {"selected text", c(P::Active, P::HighlightedText), c(P::Active, P::Highlight), 4.5},
        {"selection without focus, text", c(P::Inactive, P::HighlightedText), c(P::Inactive, P::Highlight),
         4.5},
        {"selection without focus, on base", c(P::Inactive, P::Highlight), c(P::Inactive, P::Base), 1.3},
        {"focus frame (highlight) on window", c(P::Active, P::Highlight), c(P::Active, P::Window), 3},
        {"link on base", c(P::Active, P::Link), c(P::Active, P::Base), 4.5},
        {"tooltip", c(P::Active, P::ToolTipText), c(P::Active, P::ToolTipBase), 4.5},
    };
    for (const auto& pair : pairs) {
        const double ratio = contrastRatio(pair.a, pair.b);
        QVERIFY2(ratio >= pair.least, qPrintable(QString("%1: %2 against %3 is %4:1, wanted %5:1")
                                                     .arg(pair.what, pair.a.name(), pair.b.name())
                                                     .arg(ratio, 0, 'f', 2)
                                                     .arg(pair.least)));
    }
    QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
}

#include "tst_gui_plots.moc"
