// SPDX-License-Identifier: GPL-3.0-or-later
// The compare page: one command runs every backend one after another, each run lands in the library and
// in its own strip on one time axis, the rows and the verdict come from the runs' events, and a cancel or
// a finished comparison leaves no process behind. Also the pure rows and verdict on fixture runs.
#include <QtTest>

#include <QTemporaryDir>

#include "chunksize_plot.h"
#include "compare_page.h"
#include "compare_rows.h"
#include "engine_host.h"
#include "process_census.h"
#include "run_library.h"
#include "speedup_plot.h"
#include "sweep_legend.h"
#include "sweep_overlay.h"

using namespace mpwb;

namespace {

RunData fixture(const std::string& backend, int workers, double wallSeconds, double workerPercent,
                std::uint64_t items = 1000, bool correct = true) {
    RunData run;
    run.hello = HelloEvent{kEventFormatVersion, 2, "fixture", "test"};
    run.started = RunStartedEvent{"sum-squares", backend, "", workers, 10, items, {}};
    std::vector<WorkerCpu> ws;
    for (int w = 0; w < workers; ++w)
        ws.push_back({w, 100 + w, workerPercent, 0, w});
    double busy = workerPercent * workers;
    run.cpu.push_back({0.1, {std::min(100.0, busy), std::max(0.0, busy - 100)}, ws});
    run.result = ResultEvent{"1", {}, correct};
    run.finished = RunFinishedEvent{"ok", std::int64_t(wallSeconds * 1e9)};
    return run;
}

// A sweep of 1, 2 and 4 workers at chunksizes 10 and 1000, as a stream would give it: the baseline takes
// 1 s, and `speedupAtTwo` sets how much faster 2 workers are (4 workers gain nothing more).
std::vector<Event> sweepEvents(const std::string& start, double speedupAtTwo,
                               std::map<std::string, std::string> params = {}) {
    std::vector<Event> e;
    e.push_back({0, HelloEvent{kEventFormatVersion, 2, "fixture", "test", "sweep-" + start}});
    e.push_back(
        {1, SweepStartedEvent{
                "sum-squares", "processes", start, {1, 2, 4}, {10, 1000}, 1, params, "sweep-" + start}});
    std::int64_t t = 2;
    auto point = [&](const char* backend, int workers, std::uint64_t chunk, double seconds) {
        e.push_back({t++, SweepPointEvent{backend, workers, chunk, 0, std::int64_t(seconds * 1e9)}});
    };
    point("sequential", 1, 10, 1.0);
    for (int w : {1, 2, 4})
        for (std::uint64_t c : {10u, 1000u}) {
            const double speedup = w == 1 ? 1.0 : speedupAtTwo;
            point("processes", w, c, (c == 10 ? 1.3 : 1.0) / speedup); // chunksize 1000 is the better one
        }
    e.push_back({t, RunFinishedEvent{"ok", t}});
    return e;
}

RunModel* sweepRun(const std::string& start, double speedupAtTwo, QObject* parent,
                   std::map<std::string, std::string> params = {}) {
    auto* run = new RunModel(parent);
    run->append(sweepEvents(start, speedupAtTwo, std::move(params)));
    return run;
}

} // namespace

class TestGuiCompare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rowsCompareWorkPerSecond();
    void verdictSaysWhoUsedWhichCores();
    void verdictBlamesABusyMachineNotTheCode();
    void comparisonRunsEveryBackendInTurn();
    void cancelledComparisonLeavesNothing();
    void noBackendStartsNothing();
    void sweepLegendNamesOnlyWhatDiffers();
    void cpythonSweepBesideTheEngines();
    void sweepsAreOverlaidNotStacked();

private:
    QTemporaryDir m_config;
};

void TestGuiCompare::initTestCase() {
    qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    QStandardPaths::setTestModeEnabled(true);
}

void TestGuiCompare::rowsCompareWorkPerSecond() {
    const auto seq = fixture("sequential", 1, 2.0, 99);
    const auto procs = fixture("processes", 2, 1.0, 98);
    // A counter's work grows with the workers: twice the items in the same time is twice as fast.
    const auto grows = fixture("processes", 2, 2.0, 98, 2000);
    const auto rows = compareRows({&seq, &procs, &grows});
    QCOMPARE(rows.size(), std::size_t(3));
    QCOMPARE(rows[0].speedup, 1.0);
    QCOMPARE(rows[1].speedup, 2.0);
    QCOMPARE(rows[2].speedup, 2.0);
    QVERIFY(std::abs(rows[1].workerCores - 1.96) < 1e-9);
    QVERIFY(rows[1].correct);
    QCOMPARE(rows[1].startupMs, 0.0); // the fixture's runs report no worker_started
    // Without a sequential run there is nothing to compare with.
    QVERIFY(!std::isfinite(compareRows({&procs})[0].speedup));
}

void TestGuiCompare::verdictSaysWhoUsedWhichCores() {
    const auto seq = fixture("sequential", 1, 2.0, 99);
    const auto gil = fixture("gil-threads", 2, 1.96, 50);
    const auto procs = fixture("processes", 2, 1.03, 97);
    const auto text = compareVerdict(compareRows({&seq, &gil, &procs}), 2);
    QVERIFY2(text.contains("threads with a GIL: one core at a time, 1.02×"), qPrintable(text));
    QVERIFY2(text.contains("processes: both cores, 1.94×"), qPrintable(text));
    QVERIFY(!text.contains("Other programs"));
}

void TestGuiCompare::verdictBlamesABusyMachineNotTheCode() {
    auto seq = fixture("sequential", 1, 2.0, 99);
    auto procs = fixture("processes", 2, 1.6, 60);
    procs.cpu[0].cores = {100, 100}; // both cores full, the workers used 1.2 of them: 0.8 is someone else's
    const auto text = compareVerdict(compareRows({&seq, &procs}), 2);
    QVERIFY2(text.contains("Other programs were using up to 0.8 of the 2 cores during the processes run"),
             qPrintable(text));
}

void TestGuiCompare::comparisonRunsEveryBackendInTurn() {
    EngineHost host(MPWB_RUN_PATH);
    RunLibrary library;
    ComparePage page(host, library);
    page.setBackends({"sequential", "gil-threads", "threads", "processes"});
    QSignalSpy done(&page, &ComparePage::comparisonFinished);
    QString why;
    QVERIFY2(page.startComparison({"compare", "sum-squares", "--workers", "2", "--n", "3000000"}, &why),
             qPrintable(why));
    QVERIFY(page.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
    QCOMPARE(done.at(0).at(0).toBool(), true);
    QCOMPARE(library.rowCount(), 4);
    const auto runs = page.shownRuns();
    QCOMPARE(runs.size(), 4);
    QStringList order;
    for (auto* run : runs) {
        QVERIFY(run->isFinished());
        QVERIFY(!run->isLive());
        QVERIFY(run->data().result && run->data().result->correct);
        order << QString::fromStdString(run->data().started->backend);
    }
    QCOMPARE(order, (QStringList{"sequential", "gil-threads", "threads", "processes"}));
    const auto rows = page.rows();
    QCOMPARE(rows[0].speedup, 1.0);
    for (const auto& r : rows)
        QVERIFY(r.finished && r.correct && r.wallSeconds > 0);
    QVERIFY2(page.verdict().contains("threads with a GIL"), qPrintable(page.verdict()));
    QVERIFY(rows[3].startupMs > 0); // forked workers report how long they took to start
    // The shared cursor moves every strip: at time 0 no run shows a chunk yet, at the end every run does.
    page.cursor().seekTime(0);
    for (int n : page.stripChunkCounts())
        QCOMPARE(n, 0);
    page.cursor().goLive();
    const auto atEnd = page.stripChunkCounts();
    QCOMPARE(int(atEnd.size()), 4);
    for (int n : atEnd)
        QVERIFY(n > 0);
    QVERIFY(childProcesses(getpid()).empty());
}

void TestGuiCompare::cancelledComparisonLeavesNothing() {
    EngineHost host(MPWB_RUN_PATH);
    RunLibrary library;
    ComparePage page(host, library);
    page.setBackends({"sequential", "processes"});
    QSignalSpy done(&page, &ComparePage::comparisonFinished);
    QString why;
    QVERIFY(page.startComparison({"compare", "sum-squares", "--workers", "2", "--n", "1000000000000"}, &why));
    QTRY_VERIFY_WITH_TIMEOUT(library.rowCount() >= 1, 20000);
    page.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
    QCOMPARE(done.at(0).at(0).toBool(), false);
    QVERIFY(!host.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(childProcesses(getpid()).empty(), 5000);
    for (int i = 0; i < library.rowCount(); ++i)
        QVERIFY(!library.runAt(i)->isLive());
}

void TestGuiCompare::noBackendStartsNothing() {
    EngineHost host(MPWB_RUN_PATH);
    RunLibrary library;
    ComparePage page(host, library);
    page.setBackends({});
    QString why;
    QVERIFY(!page.startComparison({"compare", "sum-squares"}, &why));
    QVERIFY(why.contains("backend"));
    QVERIFY(!host.isRunning());
}

QTEST_MAIN(TestGuiCompare)
#include "tst_gui_compare.moc"

void TestGuiCompare::sweepLegendNamesOnlyWhatDiffers() {
    QObject owner;
    auto* fork = sweepRun("fork", 1.9, &owner);
    auto* spawn = sweepRun("spawn", 1.8, &owner);
    QCOMPARE(sweepLegend({fork, spawn}), (QStringList{"fork", "spawn"}));
    QCOMPARE(fork->label(), QString("sum-squares · sweep of processes (fork), 1–4 workers"));
    // Another parameter as well: both differences are named.
    auto* big = sweepRun("spawn", 1.8, &owner, {{"n", "5"}});
    QCOMPARE(sweepLegend({fork, big}), (QStringList{"fork", "spawn, n=5"}));
    // Nothing recorded differs: they are numbered, never named alike.
    auto* again = sweepRun("fork", 1.7, &owner);
    again->setWhen(fork->when());
    QCOMPARE(sweepLegend({fork, again}), (QStringList{"sweep 1", "sweep 2"}));
}

// CPython's sweep of the same work (mpwb-run sweep --backend cpython) is named by its Python, and its times,
// many times the engine's, put the time axis on a log scale so that both U shapes can be read.
void TestGuiCompare::cpythonSweepBesideTheEngines() {
    QObject owner;
    auto* engine = sweepRun("fork", 1.9, &owner);
    auto* cpython = new RunModel(&owner);
    std::vector<Event> e{{0, HelloEvent{kEventFormatVersion, 2, "fixture", "test", "cpython-sweep"}},
                         {1, SweepStartedEvent{"sum-squares",
                                               "cpython",
                                               "fork",
                                               {1, 2, 4},
                                               {10, 1000},
                                               1,
                                               {{"python", "/usr/bin/python3"}, {"python_version", "3.11.2"}},
                                               "cpython-sweep"}}};
    std::int64_t t = 2;
    e.push_back({t++, SweepPointEvent{"sequential", 1, 0, 0, std::int64_t(40e9)}});
    for (int w : {1, 2, 4})
        for (std::uint64_t c : {10u, 1000u})
            e.push_back(
                {t++, SweepPointEvent{"cpython", w, c, 0, std::int64_t((c == 10 ? 90e9 : 40e9) / w)}});
    e.push_back({t, RunFinishedEvent{"ok", t}});
    cpython->append(e);
    QCOMPARE(sweepLegend({engine, cpython}), (QStringList{"engine processes", "CPython 3.11.2"}));

    SweepOverlay overlay;
    overlay.setSweeps({engine, cpython});
    overlay.chunksizePlot()->updateNow();
    QVERIFY(overlay.chunksizePlot()->logTimeAxis());
    QCOMPARE(overlay.chunksizePlot()->bestChunksize(1), std::uint64_t(1000));
    QVERIFY(overlay.summary().contains("CPython 3.11.2: best"));
    // Two sweeps of about the same speed keep the plain axis from 0.
    overlay.setSweeps({engine, sweepRun("spawn", 1.5, &owner)});
    overlay.chunksizePlot()->updateNow();
    QVERIFY(!overlay.chunksizePlot()->logTimeAxis());
}

void TestGuiCompare::sweepsAreOverlaidNotStacked() {
    EngineHost host(MPWB_RUN_PATH);
    RunLibrary library;
    auto* fork = sweepRun("fork", 1.9, nullptr);
    auto* spawn = sweepRun("spawn", 1.5, nullptr);
    library.add(fork);
    library.add(spawn);
    ComparePage page(host, library);
    page.resize(1280, 720);
    page.show();
    page.showRuns({fork, spawn});
    SweepOverlay* overlay = page.sweepOverlay();
    QVERIFY(overlay->isVisible());
    QVERIFY(page.stripChunkCounts().empty()); // sweeps get no strips of their own
    QCOMPARE(overlay->speedupPlot()->sweepCount(), 2);
    // Each against its own baseline: 2 workers at the better chunksize.
    QVERIFY(std::abs(overlay->speedupPlot()->points(0)[1].median - 1.9) < 1e-6);
    QVERIFY(std::abs(overlay->speedupPlot()->points(1)[1].median - 1.5) < 1e-6);
    QCOMPARE(overlay->chunksizePlot()->bestChunksize(0), std::uint64_t(1000));
    QCOMPARE(overlay->chunksizePlot()->bestChunksize(1), std::uint64_t(1000));
    overlay->speedupPlot()->updateNow();
    overlay->chunksizePlot()->updateNow();
    // Three worker counts × two sweeps on the chunksize plot, its legend naming each worker count once.
    QCOMPARE(overlay->chunksizePlot()->lineCount(), 6);
    QCOMPARE(overlay->chunksizePlot()->plot()->legend->itemCount(), 3);
    const auto words = overlay->summary();
    QVERIFY2(words.contains("fork: best 1.90× with 2 workers"), qPrintable(words));
    QVERIFY2(words.contains("spawn: best 1.50× with 2 workers"), qPrintable(words));
    // A single run shown afterwards brings the strips back and the overlay goes.
    page.showRuns({});
    QVERIFY(!overlay->isVisible());
}
