// The live plots: what they hold after synthetic samples and chunks, and that they stay cheap and drawable
// with many cores and many chunks. Checks invariants of the data behind the pictures, never pixels.

#include <QLabel>
#include <QPointer>
#include <QSignalSpy>
#include <QtTest>
#include <numeric>

#include "core_utilisation_plot.h"
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
    const QString text = TimelinePlot::describeChunk(c);
    QVERIFY(text.contains("1000..1499"));
    QVERIFY(text.contains("5 chunks merged"));
    QVERIFY(text.contains("core 7"));
    c.merged = 1;
    QVERIFY(!TimelinePlot::describeChunk(c).contains("merged"));
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

#include "tst_gui_plots.moc"
