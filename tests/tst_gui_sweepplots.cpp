// SPDX-License-Identifier: GPL-3.0-or-later
// The sweep plots: speedup with its Amdahl fit, and wall time by chunksize. Fed with synthetic sweeps whose
// answers are known; set MPWB_PLOT_DUMP_DIR to also write the renders there for a look by eye.

#include <QDir>
#include <QtTest>
#include <cmath>

#include "chunksize_plot.h"
#include "speedup_plot.h"
#include "sweep_stats.h"

using namespace mpwb;

namespace {

constexpr double kSequentialSeconds = 10.0;
// Each cell's repeats scaled by these: the median is the middle one, 1.0, so the medians follow the model
// exactly and the spread is known.
constexpr double kRepeatScale[] = {1.05, 1.0, 0.97};

SweepPointEvent point(const char* backend, int workers, std::uint64_t chunksize, int repeat, double seconds) {
    return SweepPointEvent{backend, workers, chunksize, repeat, std::int64_t(std::llround(seconds * 1e9))};
}

void addBaseline(std::vector<SweepPointEvent>& points) {
    for (int r = 0; r < 3; ++r)
        points.push_back(point("sequential", 1, 0, r, kSequentialSeconds * kRepeatScale[r]));
}

// Amdahl with parallel fraction p; chunksize 100 is 30 % slower than 1000 at every worker count, so the
// plot has to pick 1000.
std::vector<SweepPointEvent> amdahlSweep(double p) {
    std::vector<SweepPointEvent> points;
    addBaseline(points);
    for (int n : {1, 2, 4, 8, 16})
        for (auto [chunksize, slower] : {std::pair<std::uint64_t, double>{100, 1.3}, {1000, 1.0}})
            for (int r = 0; r < 3; ++r) {
                const double seconds = kSequentialSeconds / amdahlSpeedup(p, n) * slower * kRepeatScale[r];
                points.push_back(point("process", n, chunksize, r, seconds));
            }
    return points;
}

// Too small a chunk pays for messages, too big a chunk leaves workers idle. Medians per chunksize 1 …
// 100,000.
std::vector<SweepPointEvent> uShapedSweep() {
    std::vector<SweepPointEvent> points;
    addBaseline(points);
    const std::uint64_t chunks[] = {1, 10, 100, 1000, 10000, 100000};
    const double twoWorkers[] = {12, 6, 3.8, 3.6, 3.5, 6}; // best at 10,000: must not be the answer
    const double fourWorkers[] = {9, 4, 2.2, 1.8, 2.5, 5}; // best at 1,000
    for (int i = 0; i < 6; ++i)
        for (int r = 0; r < 3; ++r) {
            points.push_back(point("process", 2, chunks[i], r, twoWorkers[i] * kRepeatScale[r]));
            points.push_back(point("process", 4, chunks[i], r, fourWorkers[i] * kRepeatScale[r]));
        }
    // An unresolved "auto" point, faster than anything: it has no place on the log axis and must be skipped.
    points.push_back(point("process", 4, 0, 0, 0.5));
    return points;
}

void dump(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("MPWB_PLOT_DUMP_DIR");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(dir + "/" + name + ".png"));
}

} // namespace

class TestGuiSweepPlots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fitRecoversParallelFraction_data();
    void fitRecoversParallelFraction();
    void bestChunksizePerWorkerCount();
    void errorBarsSpanRepeats();
    void uShapeGivesBestChunksize();
    void emptyAndBaselineOnly_data();
    void emptyAndBaselineOnly();
    void clearForgetsEverything();
    void rendersInBothThemes();
};

void TestGuiSweepPlots::fitRecoversParallelFraction_data() {
    QTest::addColumn<double>("p");
    QTest::newRow("p = 0.9") << 0.9;
    QTest::newRow("p = 0.5") << 0.5;
    QTest::newRow("p = 0.99") << 0.99;
}

void TestGuiSweepPlots::fitRecoversParallelFraction() {
    QFETCH(double, p);
    SpeedupPlot plot;
    plot.setPoints(amdahlSweep(p));
    QCOMPARE(plot.pointCount(), 5); // one per worker count, however many chunksizes
    QVERIFY2(std::abs(plot.fittedParallelFraction() - p) < 0.02,
             qPrintable(QString::number(plot.fittedParallelFraction())));
    plot.updateNow();
    bool legendNamesFit = false;
    for (int i = 0; i < plot.plot()->graphCount(); ++i)
        legendNamesFit |= plot.plot()->graph(i)->name().startsWith("Amdahl fit to ") &&
                          plot.plot()->graph(i)->name().endsWith(QString("p = %1").arg(p, 0, 'f', 2));
    QVERIFY(legendNamesFit);
}

void TestGuiSweepPlots::bestChunksizePerWorkerCount() {
    SpeedupPlot plot;
    plot.setPoints(amdahlSweep(0.9));
    for (const auto& point : plot.points()) {
        QCOMPARE(point.chunksize, std::uint64_t(1000));
        QVERIFY(std::abs(point.median - amdahlSpeedup(0.9, point.workers)) < 1e-6);
    }
}

void TestGuiSweepPlots::errorBarsSpanRepeats() {
    SpeedupPlot plot;
    plot.setPoints(amdahlSweep(0.9));
    plot.updateNow();
    const auto bars = plot.spreadBars()->data();
    QCOMPARE(int(bars->size()), plot.pointCount());
    for (int i = 0; i < plot.pointCount(); ++i) {
        const auto& point = plot.points()[std::size_t(i)];
        // The slowest repeat gives the lowest speedup, the fastest the highest.
        const double lowest = point.median / kRepeatScale[0];
        const double highest = point.median / kRepeatScale[2];
        QVERIFY(std::abs(point.min - lowest) < 1e-6);
        QVERIFY(std::abs(point.max - highest) < 1e-6);
        QVERIFY(std::abs(point.median - bars->at(i).errorMinus - lowest) < 1e-6);
        QVERIFY(std::abs(point.median + bars->at(i).errorPlus - highest) < 1e-6);
    }

    ChunksizePlot chunks;
    chunks.setPoints(uShapedSweep());
    chunks.updateNow();
    QCOMPARE(chunks.lineCount(), 2);
    const auto fourWorkers = chunks.spreadBars(1)->data();
    QCOMPARE(int(fourWorkers->size()), 6); // the "auto" point is not among them
    // 1,000 items per chunk at four workers: median 1.8 s, repeats 1.8 × 0.97 … 1.8 × 1.05.
    QVERIFY(std::abs(fourWorkers->at(3).errorMinus - 1.8 * (1 - kRepeatScale[2])) < 1e-6);
    QVERIFY(std::abs(fourWorkers->at(3).errorPlus - 1.8 * (kRepeatScale[0] - 1)) < 1e-6);
}

void TestGuiSweepPlots::uShapeGivesBestChunksize() {
    ChunksizePlot plot;
    plot.setPoints(uShapedSweep());
    QCOMPARE(plot.bestChunksize(), std::uint64_t(1000));
}

void TestGuiSweepPlots::emptyAndBaselineOnly_data() {
    QTest::addColumn<bool>("withBaseline");
    QTest::newRow("no points") << false;
    QTest::newRow("only the sequential baseline") << true;
}

void TestGuiSweepPlots::emptyAndBaselineOnly() {
    QFETCH(bool, withBaseline);
    std::vector<SweepPointEvent> points;
    if (withBaseline) addBaseline(points);
    SpeedupPlot speedupPlot;
    speedupPlot.setCores(8);
    speedupPlot.setPoints(points);
    speedupPlot.updateNow();
    QCOMPARE(speedupPlot.pointCount(), 0);
    QVERIFY(std::isnan(speedupPlot.fittedParallelFraction()));
    QVERIFY(!speedupPlot.grab().isNull());

    ChunksizePlot chunkPlot;
    chunkPlot.setPoints(points);
    chunkPlot.updateNow();
    QCOMPARE(chunkPlot.bestChunksize(), std::uint64_t(0));
    QCOMPARE(chunkPlot.lineCount(), 0);
    QVERIFY(!chunkPlot.grab().isNull());
}

void TestGuiSweepPlots::clearForgetsEverything() {
    SpeedupPlot speedupPlot;
    speedupPlot.setPoints(amdahlSweep(0.9));
    speedupPlot.clear();
    speedupPlot.updateNow();
    QCOMPARE(speedupPlot.pointCount(), 0);
    QCOMPARE(speedupPlot.spreadBars()->dataCount(), 0);

    ChunksizePlot chunkPlot;
    chunkPlot.setPoints(uShapedSweep());
    chunkPlot.updateNow();
    chunkPlot.clear();
    chunkPlot.updateNow();
    QCOMPARE(chunkPlot.bestChunksize(), std::uint64_t(0));
    QCOMPARE(chunkPlot.plot()->graphCount(), 0);
}

void TestGuiSweepPlots::rendersInBothThemes() {
    for (const auto& [theme, name] : {std::pair{PlotTheme::light(), "light"}, {PlotTheme::dark(), "dark"}}) {
        SpeedupPlot speedupPlot;
        speedupPlot.resize(900, 500);
        speedupPlot.setTheme(theme);
        speedupPlot.setCores(8);
        speedupPlot.setPoints(amdahlSweep(0.9));
        speedupPlot.updateNow();
        const QPixmap speedupPixels = speedupPlot.grab();
        QVERIFY(!speedupPixels.isNull());
        dump(speedupPlot, QString("speedup_%1").arg(name));

        ChunksizePlot chunkPlot;
        chunkPlot.resize(900, 500);
        chunkPlot.setTheme(theme);
        chunkPlot.setPoints(uShapedSweep());
        chunkPlot.updateNow();
        QVERIFY(!chunkPlot.grab().isNull());
        dump(chunkPlot, QString("chunksize_%1").arg(name));
        // The theme reaches the background, which QCustomPlot would otherwise leave white.
        QCOMPARE(speedupPixels.toImage().pixelColor(2, 2), theme.background);
    }
}

QTEST_MAIN(TestGuiSweepPlots)
#include "tst_gui_sweepplots.moc"
