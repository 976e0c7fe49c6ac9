// SPDX-License-Identifier: GPL-3.0-or-later
// The arithmetic behind the speedup plot: medians, speedup, efficiency, Karp-Flatt and the Amdahl fit.

#include "speedup_wording.h"
#include "sweep_stats.h"

#include <QTest>

#include <cmath>
#include <stdexcept>

Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(std::vector<int>)

namespace {

const std::vector<int> kWorkerCounts{1, 2, 3, 4, 6, 8, 12, 16};

// Exact Amdahl speedups, each scaled by its own noise factor (cycled if there are fewer factors than points).
std::vector<std::pair<int, double>> amdahlPoints(double p, const std::vector<double>& noise) {
    std::vector<std::pair<int, double>> points;
    for (std::size_t i = 0; i < kWorkerCounts.size(); ++i) {
        const double factor = noise.empty() ? 1.0 : noise[i % noise.size()];
        points.emplace_back(kWorkerCounts[i], mpwb::amdahlSpeedup(p, kWorkerCounts[i]) * factor);
    }
    return points;
}

// A tiny generator of our own, so the noisy rows are the same with every standard library.
std::vector<double> pseudoRandomNoise(std::uint32_t seed, double amplitude) {
    std::vector<double> noise;
    for (std::size_t i = 0; i < kWorkerCounts.size(); ++i) {
        seed = seed * 1664525u + 1013904223u;
        const double unit = static_cast<double>(seed >> 8) / static_cast<double>(1u << 24); // 0..1
        noise.push_back(1.0 + amplitude * (2 * unit - 1));
    }
    return noise;
}

mpwb::SweepPointEvent point(const char* backend, int workers, std::uint64_t chunksize, int repeat,
                            double seconds) {
    return {backend, workers, chunksize, repeat, static_cast<std::int64_t>(seconds * 1e9)};
}

// 1, 2, 4 and 8 processes on a 2-core machine: 2 workers nearly double the speed, 4 and 8 only take turns.
std::vector<mpwb::SweepPointEvent> oversubscribedSweep() {
    return {
        point("sequential", 1, 0, 0, 10.0),   point("sequential", 1, 0, 1, 10.4),
        point("sequential", 1, 0, 2, 9.8),    point("processes", 1, 100, 0, 10.2),
        point("processes", 1, 1, 0, 12.0),    point("processes", 2, 1, 0, 6.5),
        point("processes", 2, 100, 0, 5.2),   point("processes", 2, 100, 1, 5.4),
        point("processes", 4, 1, 0, 7.5),     point("processes", 4, 100, 0, 6.0),
        point("processes", 8, 1, 0, 9.0),     point("processes", 8, 100, 0, 7.0),
        point("processes", 8, 10000, 0, 6.8),
    };
}

} // namespace

class TestSweepStats : public QObject {
    Q_OBJECT

private slots:
    void median_data();
    void median();
    void medianOfNothingThrows();
    void speedupAndEfficiency_data();
    void speedupAndEfficiency();
    void karpFlatt_data();
    void karpFlatt();
    void karpFlattNeedsMoreThanOneWorker_data();
    void karpFlattNeedsMoreThanOneWorker();
    void amdahlSpeedup_data();
    void amdahlSpeedup();
    void amdahlFitRecoversExactPoints_data();
    void amdahlFitRecoversExactPoints();
    void amdahlFitToleratesNoise_data();
    void amdahlFitToleratesNoise();
    void amdahlFitWithoutInformationIsNaN();
    void summarise();
    void summaryCallsKarpFlattOutsideTheUnitDisturbed();
    void serialFractionWordsNeverShowAnImpossibleFraction_data();
    void serialFractionWordsNeverShowAnImpossibleFraction();
    void analysisFitsOnlyUpToTheCores();
    void analysisOfASuperlinearRunIsAllParallel();
    void analysisOfAnEmptySweep();
    void analysisOfOneWorkerCount();
    void wordingBlamesABusyMachine();
};

void TestSweepStats::median_data() {
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<double>("expected");

    QTest::newRow("one value") << std::vector{4.5} << 4.5;
    QTest::newRow("odd count, unsorted") << std::vector{9.0, 1.0, 5.0, 3.0, 7.0} << 5.0;
    QTest::newRow("even count takes the mean of the middle two") << std::vector{4.0, 1.0, 3.0, 2.0} << 2.5;
    QTest::newRow("two values") << std::vector{2.0, 3.0} << 2.5;
    QTest::newRow("ties") << std::vector{2.0, 2.0, 2.0, 9.0} << 2.0;
    QTest::newRow("an outlier does not move it") << std::vector{1.0, 1.1, 1.2, 100.0, 0.9} << 1.1;
    QTest::newRow("negative values") << std::vector{-3.0, -1.0, -2.0} << -2.0;
}

void TestSweepStats::median() {
    QFETCH(std::vector<double>, values);
    QFETCH(double, expected);
    QCOMPARE(mpwb::median(values), expected);
}

void TestSweepStats::medianOfNothingThrows() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mpwb::median({}));
}

void TestSweepStats::speedupAndEfficiency_data() {
    QTest::addColumn<double>("sequential");
    QTest::addColumn<double>("parallel");
    QTest::addColumn<int>("workers");
    QTest::addColumn<double>("expectedSpeedup");
    QTest::addColumn<double>("expectedEfficiency");

    QTest::newRow("perfect on 4") << 8.0 << 2.0 << 4 << 4.0 << 1.0;
    QTest::newRow("half as good as perfect") << 8.0 << 4.0 << 4 << 2.0 << 0.5;
    QTest::newRow("slower than sequential") << 1.0 << 2.0 << 2 << 0.5 << 0.25;
    QTest::newRow("one worker") << 3.0 << 3.0 << 1 << 1.0 << 1.0;
}

void TestSweepStats::speedupAndEfficiency() {
    QFETCH(double, sequential);
    QFETCH(double, parallel);
    QFETCH(int, workers);
    QFETCH(double, expectedSpeedup);
    QFETCH(double, expectedEfficiency);

    const double s = mpwb::speedup(sequential, parallel);
    QCOMPARE(s, expectedSpeedup);
    QCOMPARE(mpwb::efficiency(s, workers), expectedEfficiency);
}

void TestSweepStats::karpFlatt_data() {
    QTest::addColumn<double>("speedup");
    QTest::addColumn<int>("workers");
    QTest::addColumn<double>("expected");

    QTest::newRow("perfect speedup has no serial part") << 8.0 << 8 << 0.0;
    QTest::newRow("no speedup is all serial") << 1.0 << 4 << 1.0;
    QTest::newRow("Amdahl p=0.9 on 4 gives back 0.1") << mpwb::amdahlSpeedup(0.9, 4) << 4 << 0.1;
    QTest::newRow("Amdahl p=0.75 on 16 gives back 0.25") << mpwb::amdahlSpeedup(0.75, 16) << 16 << 0.25;
    QTest::newRow("S=4.71 on 8") << 4.71 << 8 << (1 / 4.71 - 1.0 / 8) / (1 - 1.0 / 8);
    QTest::newRow("superlinear speedup goes negative") << 5.0 << 4 << -1.0 / 15;
}

void TestSweepStats::karpFlatt() {
    QFETCH(double, speedup);
    QFETCH(int, workers);
    QFETCH(double, expected);

    const double e = mpwb::karpFlatt(speedup, workers);
    QVERIFY2(std::abs(e - expected) < 1e-12, qPrintable(QStringLiteral("e = %1").arg(e, 0, 'g', 17)));
}

void TestSweepStats::karpFlattNeedsMoreThanOneWorker_data() {
    QTest::addColumn<double>("speedup");
    QTest::addColumn<int>("workers");

    QTest::newRow("one worker") << 1.0 << 1;
    QTest::newRow("no workers") << 1.0 << 0;
    QTest::newRow("negative workers") << 1.0 << -3;
    QTest::newRow("zero speedup") << 0.0 << 4;
}

void TestSweepStats::karpFlattNeedsMoreThanOneWorker() {
    QFETCH(double, speedup);
    QFETCH(int, workers);
    QVERIFY(std::isnan(mpwb::karpFlatt(speedup, workers)));
}

void TestSweepStats::amdahlSpeedup_data() {
    QTest::addColumn<double>("p");
    QTest::addColumn<int>("workers");
    QTest::addColumn<double>("expected");

    QTest::newRow("all serial") << 0.0 << 16 << 1.0;
    QTest::newRow("all parallel") << 1.0 << 16 << 16.0;
    QTest::newRow("one worker") << 0.9 << 1 << 1.0;
    QTest::newRow("p=0.9 on 10") << 0.9 << 10 << 1 / 0.19;
    QTest::newRow("p=0.5 on 2") << 0.5 << 2 << 4.0 / 3;
}

void TestSweepStats::amdahlSpeedup() {
    QFETCH(double, p);
    QFETCH(int, workers);
    QFETCH(double, expected);
    QCOMPARE(mpwb::amdahlSpeedup(p, workers), expected);
}

void TestSweepStats::amdahlFitRecoversExactPoints_data() {
    QTest::addColumn<double>("p");

    for (const double p : {0.0, 0.25, 0.5, 0.9, 0.95, 0.999, 1.0})
        QTest::addRow("p=%g", p) << p;
}

void TestSweepStats::amdahlFitRecoversExactPoints() {
    QFETCH(double, p);
    const double fitted = mpwb::fitAmdahlParallelFraction(amdahlPoints(p, {}));
    QVERIFY2(std::abs(fitted - p) < 1e-6, qPrintable(QStringLiteral("fitted %1").arg(fitted, 0, 'g', 17)));
}

void TestSweepStats::amdahlFitToleratesNoise_data() {
    QTest::addColumn<std::vector<double>>("noise");

    QTest::newRow("all 2% fast") << std::vector{1.02};
    QTest::newRow("all 2% slow") << std::vector{0.98};
    QTest::newRow("alternating +-2%") << std::vector{1.02, 0.98};
    QTest::newRow("alternating -+2%") << std::vector{0.98, 1.02};
    QTest::newRow("small counts fast, large slow")
        << std::vector{1.02, 1.02, 1.02, 1.02, 0.98, 0.98, 0.98, 0.98};
    for (const std::uint32_t seed : {1u, 2u, 3u, 42u, 2024u})
        QTest::addRow("pseudo-random within 2%%, seed %u", seed) << pseudoRandomNoise(seed, 0.02);
}

void TestSweepStats::amdahlFitToleratesNoise() {
    QFETCH(std::vector<double>, noise);
    const double fitted = mpwb::fitAmdahlParallelFraction(amdahlPoints(0.9, noise));
    QVERIFY2(std::abs(fitted - 0.9) <= 0.02, qPrintable(QStringLiteral("fitted %1").arg(fitted)));
}

void TestSweepStats::amdahlFitWithoutInformationIsNaN() {
    QVERIFY(std::isnan(mpwb::fitAmdahlParallelFraction({})));
    QVERIFY(std::isnan(mpwb::fitAmdahlParallelFraction({{1, 1.0}, {1, 0.97}})));
    QVERIFY(std::isnan(mpwb::fitAmdahlParallelFraction({{4, std::nan("")}})));
    // A point with one worker next to informative ones changes nothing.
    const double withoutIt = mpwb::fitAmdahlParallelFraction({{2, 1.8}, {4, 3.0}});
    const double withIt = mpwb::fitAmdahlParallelFraction({{1, 5.0}, {2, 1.8}, {4, 3.0}});
    QCOMPARE(withIt, withoutIt);
}

void TestSweepStats::summarise() {
    const std::vector<mpwb::SweepCell> cells{
        {"processes", 1, 0, {10.4, 10.0, 10.2}},
        {"processes", 4, 0, {3.0, 2.5, 2.6, 2.4}},
        {"threads", 4, 16, {}}, // not measured yet
        {"threads", 2, 16, {8.0}},
    };
    const auto rows = mpwb::summarise(cells, 10.0);
    QCOMPARE(rows.size(), std::size_t(3));

    QCOMPARE(QString::fromStdString(rows[0].backend), QStringLiteral("processes"));
    QCOMPARE(rows[0].workers, 1);
    QCOMPARE(rows[0].medianSeconds, 10.2);
    QCOMPARE(rows[0].minSeconds, 10.0);
    QCOMPARE(rows[0].maxSeconds, 10.4);
    QCOMPARE(rows[0].speedup, 10.0 / 10.2);
    QCOMPARE(rows[0].efficiency, 10.0 / 10.2);
    QVERIFY(std::isnan(rows[0].karpFlatt));

    QCOMPARE(rows[1].workers, 4);
    QCOMPARE(rows[1].chunksize, std::uint64_t(0));
    QCOMPARE(rows[1].medianSeconds, 2.55);
    QCOMPARE(rows[1].minSeconds, 2.4);
    QCOMPARE(rows[1].maxSeconds, 3.0);
    QCOMPARE(rows[1].speedup, 10.0 / 2.55);
    QCOMPARE(rows[1].efficiency, 10.0 / 2.55 / 4);
    QCOMPARE(rows[1].karpFlatt, mpwb::karpFlatt(10.0 / 2.55, 4));

    QCOMPARE(QString::fromStdString(rows[2].backend), QStringLiteral("threads"));
    QCOMPARE(rows[2].workers, 2);
    QCOMPARE(rows[2].chunksize, std::uint64_t(16));
    QCOMPARE(rows[2].medianSeconds, 8.0);
    QCOMPARE(rows[2].speedup, 1.25);
    QCOMPARE(rows[2].efficiency, 0.625);
    QCOMPARE(rows[2].karpFlatt, 0.6);
}

void TestSweepStats::summaryCallsKarpFlattOutsideTheUnitDisturbed() {
    // Faster than perfect (a slow baseline, a warm cache) and slower than sequential both leave [0, 1]: no
    // serial fraction then, and the formula's value is kept to say which way.
    const auto rows = mpwb::summarise({{"processes", 2, 1, {0.9}}, {"processes", 2, 2, {4.0}}}, 2.0);
    QCOMPARE(rows.size(), std::size_t(2));
    QVERIFY(std::isnan(rows[0].karpFlatt));
    QVERIFY(rows[0].karpFlattDisturbed);
    QVERIFY(rows[0].karpFlattFormula < 0);
    QVERIFY(std::isnan(rows[1].karpFlatt));
    QVERIFY(rows[1].karpFlattDisturbed);
    QVERIFY(rows[1].karpFlattFormula > 1);
    const auto fine = mpwb::summarise({{"processes", 4, 1, {1.0}}}, 3.0);
    QVERIFY(!fine[0].karpFlattDisturbed);
    QVERIFY(fine[0].karpFlatt > 0 && fine[0].karpFlatt < 1);
    QCOMPARE(fine[0].karpFlatt, fine[0].karpFlattFormula);
    // The edges are measurements: exactly n times faster is 0, exactly as fast as sequential is 1.
    const auto edges = mpwb::summarise({{"processes", 2, 1, {1.0}}, {"processes", 2, 2, {2.0}}}, 2.0);
    QCOMPARE(edges[0].karpFlatt, 0.0);
    QCOMPARE(edges[1].karpFlatt, 1.0);
    QVERIFY(!edges[0].karpFlattDisturbed && !edges[1].karpFlattDisturbed);
}

void TestSweepStats::serialFractionWordsNeverShowAnImpossibleFraction_data() {
    QTest::addColumn<double>("speedup");
    QTest::addColumn<int>("workers");
    QTest::addColumn<QString>("says");
    QTest::newRow("a real fraction") << 3.0 << 4 << "0.111";
    QTest::newRow("one worker") << 1.0 << 1 << "-";
    QTest::newRow("superlinear") << 4.4 << 4 << "disturbed: over 4\u00d7 faster on 4 workers";
    QTest::newRow("slower than sequential") << 0.5 << 2 << "disturbed: slower than sequential";
    QTest::newRow("far slower") << 0.01 << 8 << "disturbed: slower than sequential";
}

void TestSweepStats::serialFractionWordsNeverShowAnImpossibleFraction() {
    QFETCH(double, speedup);
    QFETCH(int, workers);
    QFETCH(QString, says);
    const auto text =
        QString::fromStdString(mpwb::describeSerialFraction(mpwb::karpFlatt(speedup, workers), workers));
    QVERIFY2(text.startsWith(says), qPrintable(text));
    // Whatever it says, no number in it is a fraction above 1 or below 0 dressed as a serial fraction.
    bool isNumber = false;
    const double v = text.toDouble(&isNumber);
    if (isNumber) QVERIFY(v >= 0 && v <= 1);
}

void TestSweepStats::analysisFitsOnlyUpToTheCores() {
    const auto a = mpwb::analyseSweep(oversubscribedSweep(), 2);
    QCOMPARE(a.sequentialMedianSeconds, 10.0);
    QCOMPARE(a.rows.size(), std::size_t(9)); // the sequential points are the baseline, not rows
    QCOMPARE(a.bestPerWorkers.size(), std::size_t(4));
    const std::vector<std::pair<int, std::uint64_t>> best{{1, 100}, {2, 100}, {4, 100}, {8, 10000}};
    for (std::size_t i = 0; i < best.size(); ++i) {
        QCOMPARE(a.bestPerWorkers[i].workers, best[i].first);
        QCOMPARE(a.bestPerWorkers[i].chunksize, best[i].second);
    }
    QCOMPARE(a.bestPerWorkers[1].medianSeconds, 5.3);
    QCOMPARE(a.bestChunksize, std::uint64_t(10000));

    QCOMPARE(a.amdahl.workersUsed, std::vector<int>{2});
    QCOMPARE(a.amdahl.workersLeftOut, 2);
    // One point on 2 workers: p = 2 (1 - 1/S) exactly.
    const double expected = 2 * (1 - 5.3 / 10.0);
    QVERIFY2(std::abs(a.amdahl.parallelFraction - expected) < 1e-6,
             qPrintable(QString::number(a.amdahl.parallelFraction)));
    // Fitting the turn-taking points too would drag p far down: that is what the cut-off prevents.
    std::vector<std::pair<int, double>> all;
    for (const auto& row : a.bestPerWorkers)
        all.emplace_back(row.workers, row.speedup);
    QVERIFY(mpwb::fitAmdahlParallelFraction(all) < expected - 0.1);
    // A machine with enough cores for every point fits them all.
    const auto wide = mpwb::analyseSweep(oversubscribedSweep(), 8);
    QCOMPARE(wide.amdahl.workersUsed, (std::vector<int>{2, 4, 8}));
    QCOMPARE(wide.amdahl.workersLeftOut, 0);
}

void TestSweepStats::analysisOfASuperlinearRunIsAllParallel() {
    const std::vector<mpwb::SweepPointEvent> points{
        point("sequential", 1, 0, 0, 2.1), point("processes", 2, 0, 0, 1.0), point("processes", 4, 0, 0, 1.1),
        point("processes", 8, 0, 0, 1.3)};
    const auto a = mpwb::analyseSweep(points, 2);
    QVERIFY2(a.amdahl.parallelFraction >= 0.95, qPrintable(QString::number(a.amdahl.parallelFraction)));
    QVERIFY(a.amdahl.parallelFraction <= 1.0);
    QCOMPARE(a.rows[0].speedup, 2.1);
    QVERIFY(std::isnan(a.rows[0].karpFlatt)); // -0.05 by the formula: a disturbance, not a fraction
    QVERIFY(a.rows[0].karpFlattDisturbed);
    for (const auto& row : a.rows)
        QVERIFY(row.karpFlattDisturbed ? std::isnan(row.karpFlatt)
                                       : row.karpFlatt >= 0 && row.karpFlatt <= 1);
    QCOMPARE(a.bestChunksize, std::uint64_t(0)); // every row ran with "auto": no chunksize to advise
}

void TestSweepStats::analysisOfAnEmptySweep() {
    const auto a = mpwb::analyseSweep({}, 2);
    QVERIFY(std::isnan(a.sequentialMedianSeconds));
    QVERIFY(a.rows.empty());
    QVERIFY(a.bestPerWorkers.empty());
    QCOMPARE(a.bestChunksize, std::uint64_t(0));
    QVERIFY(std::isnan(a.amdahl.parallelFraction));
    QVERIFY(a.amdahl.workersUsed.empty());
    QCOMPARE(a.amdahl.workersLeftOut, 0);
    // Parallel points without a baseline have times but no speedup, and nothing to fit.
    const auto noBaseline = mpwb::analyseSweep({point("threads", 2, 10, 0, 1.0)}, 2);
    QCOMPARE(noBaseline.rows.size(), std::size_t(1));
    QVERIFY(std::isnan(noBaseline.rows[0].speedup));
    QVERIFY(std::isnan(noBaseline.amdahl.parallelFraction));
    QCOMPARE(noBaseline.bestChunksize, std::uint64_t(10));
}

void TestSweepStats::analysisOfOneWorkerCount() {
    const std::vector<mpwb::SweepPointEvent> two{
        point("sequential", 1, 0, 0, 4.0), point("threads", 2, 50, 0, 2.5), point("threads", 2, 50, 1, 2.5)};
    const auto a = mpwb::analyseSweep(two, 2);
    QCOMPARE(a.rows.size(), std::size_t(1));
    QCOMPARE(a.amdahl.workersUsed, std::vector<int>{2});
    QVERIFY(std::abs(a.amdahl.parallelFraction - 2 * (1 - 2.5 / 4.0)) < 1e-6);
    QCOMPARE(a.bestChunksize, std::uint64_t(50));

    // Only more workers than cores: nothing this machine can say about p.
    const auto over =
        mpwb::analyseSweep({point("sequential", 1, 0, 0, 4.0), point("threads", 4, 50, 0, 2.2)}, 2);
    QVERIFY(std::isnan(over.amdahl.parallelFraction));
    QCOMPARE(over.amdahl.workersLeftOut, 1);
    // Only one worker: no parallel point at all.
    const auto one =
        mpwb::analyseSweep({point("sequential", 1, 0, 0, 4.0), point("threads", 1, 50, 0, 4.1)}, 2);
    QVERIFY(std::isnan(one.amdahl.parallelFraction));
    QVERIFY(one.amdahl.workersUsed.empty());
    QCOMPARE(one.amdahl.workersLeftOut, 0);
}

void TestSweepStats::wordingBlamesABusyMachine() {
    const auto quiet = mpwb::describeParallelFraction(0.6, 0.05, 2);
    QVERIFY(quiet.find("60.0%") != std::string::npos);
    QVERIFY(quiet.find("2.5") != std::string::npos); // the ceiling 1 / (1 - 0.6)
    QVERIFY(quiet.find("other programs") == std::string::npos);
    const auto busy = mpwb::describeParallelFraction(0.6, 0.9, 2);
    QVERIFY(busy.find("other programs were already using about 0.9 of the 2 cores") != std::string::npos);
    // A fit that finds the work all parallel needs no excuse, busy or not.
    QVERIFY(mpwb::describeParallelFraction(0.999, 0.9, 2).find("other programs") == std::string::npos);
    QVERIFY(mpwb::describeParallelFraction(std::nan(""), 0, 2).find("Too few points") != std::string::npos);
    const auto line = mpwb::describeSpeedup(2, 2, 1.93);
    QVERIFY(line.find("2 workers on 2 cores: 1.93") != std::string::npos);
    QVERIFY(line.find("96% efficient") != std::string::npos);
    // 4.56× from 2 workers on 2 cores is a slow baseline, never "228% efficient".
    const auto impossible = mpwb::describeSpeedup(2, 2, 4.56, true);
    QVERIFY(impossible.find("efficient") == std::string::npos);
    QVERIFY(impossible.find("more than 2 cores can give") != std::string::npos);
    QVERIFY(mpwb::describeSpeedup(8, 2, 2.2).find("efficient") != std::string::npos); // within the margin
    // One way everywhere: below 1 a run is slower, by the inverse, never "0.67× faster".
    QCOMPARE(mpwb::speedupText(1.93), std::string("1.93\u00d7 faster"));
    QCOMPARE(mpwb::speedupText(2.0 / 3.0), std::string("1.50\u00d7 slower"));
    QCOMPARE(mpwb::speedupText(1.0), std::string("1.00\u00d7 faster"));
}

QTEST_GUILESS_MAIN(TestSweepStats)
#include "tst_sweepstats.moc"
