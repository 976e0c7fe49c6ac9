// SPDX-License-Identifier: GPL-3.0-or-later
// The views of queues and shared counters: they take samples in batches as a run goes, work out rates from
// totals, keep the side-by-side comparison of counter modes, and a real shared-counter run on the exercise
// page fills its Counter tab, and the image filter's files show the filter's effect at actual pixels.
#include <QtTest>

#include <QImage>
#include <QTabWidget>
#include <QTemporaryDir>

#include "counter_plot.h"
#include "engine_host.h"
#include "exercise_catalogue.h"
#include "exercise_page.h"
#include "file_thumbnails.h"
#include "parameter_form.h"
#include "queue_traffic_plot.h"
#include "run_summary.h"

using namespace mpwb;

namespace {

QueueSample sample(double t, const char* name, std::int64_t depth, std::uint64_t puts, std::uint64_t gets) {
    QueueSample s;
    s.t = t;
    s.queue.queue = name;
    s.queue.depth = depth;
    s.queue.capacity = 8;
    s.queue.puts = puts;
    s.queue.gets = gets;
    s.queue.putBlockedNs = 1'500'000'000;
    return s;
}

} // namespace

class TestGuiIpcPlots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void queueRatesComeFromTotals();
    void counterKeepsLatestRunPerMode();
    void counterRunFillsTheCounterTab();
    void imageRunShowsFilesBeforeAndAfter();
    void detailShowsTheFilterAtActualPixels();
    void detailOfAResizedInputLinesUp();
    void checksReadAsATable();
};

void TestGuiIpcPlots::initTestCase() {
    qputenv("MPWB_RUN", MPWB_RUN_PATH);
}

void TestGuiIpcPlots::queueRatesComeFromTotals() {
    QueueTrafficPlot plot;
    plot.resize(900, 600);
    std::vector<QueueSample> samples{sample(0.0, "tasks", 0, 0, 0), sample(0.1, "results", 1, 5, 4),
                                     sample(0.5, "tasks", 8, 400, 392)};
    plot.setSamples(samples);
    samples.push_back(sample(1.0, "tasks", 8, 600, 592)); // the same vector grown: only the new one is taken
    plot.setSamples(samples);
    plot.updateNow();
    QCOMPARE(plot.queueNames(), (QStringList{"tasks", "results"}));
    // tasks: depth graph, bound graph, put-rate graph, get-rate graph; its put rate between 0.5 s and 1 s is
    // (600 - 400) / 0.5 = 400 items a second.
    auto* putRate = plot.plot()->graph(2);
    QVERIFY(putRate);
    QCOMPARE(putRate->data()->size(), 2);
    QCOMPARE((putRate->data()->constBegin() + 1)->value, 400.0);
    QVERIFY(plot.summary().contains("tasks: 600 put, 592 taken, bound 8"));
    QVERIFY(plot.summary().contains("waited 1.50 s for room"));
    // Samples a moment apart (a Python run's processes report their shares separately) make no rate of
    // their own: 5 items 1 µs apart would read as 5 million a second. The rate spans at least 20 ms.
    samples.push_back(sample(1.000001, "tasks", 8, 605, 597));
    samples.push_back(sample(1.1, "tasks", 8, 640, 632));
    plot.setSamples(samples);
    plot.updateNow();
    putRate = plot.plot()->graph(2); // a refresh makes the graphs anew
    QVERIFY(putRate);
    QCOMPARE(putRate->data()->size(), 3);
    QCOMPARE((putRate->data()->constBegin() + 2)->value, 400.0); // (640 - 600) / 0.1
    plot.clear();
    plot.updateNow();
    QVERIFY(plot.queueNames().isEmpty());
}

void TestGuiIpcPlots::counterKeepsLatestRunPerMode() {
    CounterPlot plot;
    plot.addRun({"none", 2, 5e7, 1200, 20000});
    plot.addRun({"none", 4, 4e7, 9000, 40000});
    plot.addRun({"lock", 4, 1e7, 0, 40000});
    plot.updateNow();
    QCOMPARE(plot.latestByMode().size(), std::size_t(2));
    QCOMPARE(plot.latestByMode().at("none").lost, 9000);
    QCOMPARE(plot.lostByWorkers().size(), std::size_t(2));
    QCOMPARE(plot.lostByWorkers().at(2), 1200);
    std::vector<CounterSample> samples{{0.1, {"none", 90, 100}}, {0.2, {"none", 170, 200}}};
    plot.setSamples(samples);
    plot.clearRun(); // a new run: the time series starts over, the comparison stays
    QCOMPARE(plot.latestByMode().size(), std::size_t(2));
}

void TestGuiIpcPlots::counterRunFillsTheCounterTab() {
    EngineHost host(MPWB_RUN_PATH);
    QString why;
    const auto list = parseExerciseList(host.listExercises(&why), &why);
    const auto e =
        std::find_if(list.begin(), list.end(), [](const auto& d) { return d.id == "shared-counter"; });
    QVERIFY2(e != list.end(), qPrintable(why));
    QVERIFY(!e->usesChunksize);
    ExercisePage page(*e, host);
    QVERIFY(
        page.form()->applyPreset({{"mode", "atomic"}, {"increments", "200000"}, {"workers", "2"}}).isEmpty());
    QVERIFY(!page.form()->applyPreset({{"mode", "maybe"}}).isEmpty()); // not a choice it offers
    page.form()->applyPreset({{"mode", "atomic"}});
    QVERIFY(!page.form()->runArguments().contains("--chunksize"));
    QSignalSpy finished(&page, &ExercisePage::runFinished);
    page.startRun();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60000);
    QCOMPARE(finished.last().first().toBool(), true);
    QVERIFY(!page.run().counters.empty());
    QCOMPARE(page.run().counters.back().counter.increments, 400'000u);
    QTRY_VERIFY(page.findChild<QTabWidget*>()->indexOf(page.counterPlot()) >= 0);
    QVERIFY(page.counterPlot()->latestByMode().count("atomic") == 1);
    QCOMPARE(page.counterPlot()->latestByMode().at("atomic").lost, 0);
}

void TestGuiIpcPlots::imageRunShowsFilesBeforeAndAfter() {
    EngineHost host(MPWB_RUN_PATH);
    QString why;
    const auto list = parseExerciseList(host.listExercises(&why), &why);
    const auto e =
        std::find_if(list.begin(), list.end(), [](const auto& d) { return d.id == "image-filter"; });
    QVERIFY2(e != list.end(), qPrintable(why));
    QTemporaryDir in, out;
    QVERIFY(QImage(40, 30, QImage::Format_RGB32).save(in.filePath("a.png")));
    QVERIFY(QImage(50, 20, QImage::Format_RGB32).save(in.filePath("b.png")));
    QFile text(in.filePath("notes.txt"));
    QVERIFY(text.open(QIODevice::WriteOnly) && text.write("not an image") > 0);
    text.close();
    ExercisePage page(*e, host);
    const auto problems = page.form()->applyPreset(
        {{"input", in.path()}, {"output", out.path()}, {"size", "32"}, {"backend", "sequential"}});
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
    QSignalSpy finished(&page, &ExercisePage::runFinished);
    page.startRun();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60000);
    QCOMPARE(page.run().files.size(), std::size_t(3)); // one event per file, the bad one included
    QTRY_COMPARE(page.fileThumbnails()->shown(), 3);
    QCOMPARE(page.fileThumbnails()->failed(), 1);
    page.fileThumbnails()->loadAll();
    int withImages = 0, namedFailure = 0;
    for (int i = 0; i < 3; ++i) {
        withImages += page.fileThumbnails()->hasImagesAt(i) ? 1 : 0;
        namedFailure += page.fileThumbnails()->captionAt(i).contains("notes.txt") ? 1 : 0;
    }
    QCOMPARE(withImages, 2); // the text file has no picture to show
    QCOMPARE(namedFailure, 1);
}

// The detail square sits where the output differs from the input, and its pixels are the output's own.
void TestGuiIpcPlots::detailShowsTheFilterAtActualPixels() {
    QTemporaryDir dir;
    QImage input(400, 300, QImage::Format_RGB32);
    input.fill(Qt::white);
    QImage output = input;
    for (int y = 240; y < 260; ++y)
        for (int x = 330; x < 350; ++x)
            output.setPixel(x, y, qRgb(x % 256, y % 256, 0)); // the filter's work, one small patch
    QVERIFY(input.save(dir.filePath("in.png")) && output.save(dir.filePath("out.png")));
    const int side = FileThumbnails::kDetail;
    const QRect spot = liveliestSpot(input, output, side);
    QCOMPARE(spot.size(), QSize(side, side));
    QVERIFY(QRect(0, 0, 400, 300).contains(spot));
    QVERIFY2(spot.contains(QRect(330, 240, 20, 20)),
             qPrintable(QString("%1,%2").arg(spot.x()).arg(spot.y())));
    QCOMPARE(liveliestSpot(input, input.copy(0, 0, 10, 10), side), QRect()); // sizes differ: no spot

    FileThumbnails files;
    FileEvent file;
    file.input = dir.filePath("in.png").toStdString();
    file.output = dir.filePath("out.png").toStdString();
    const std::vector<FileEvent> events{file};
    files.setFiles(events);
    files.loadAll();
    const QImage before = files.detailBeforeAt(0), after = files.detailAfterAt(0);
    QCOMPARE(after.size(), QSize(side, side)); // not scaled: one output pixel, one pixel of the detail
    QCOMPARE(before.size(), after.size());
    for (const QPoint p : {QPoint(335, 245), QPoint(349, 259)}) {
        QCOMPARE(after.pixel(p - spot.topLeft()), output.pixel(p));
        QCOMPARE(before.pixel(p - spot.topLeft()), input.pixel(p));
    }
}

// An input larger than the output (the run resized it) is compared at the output's size, so the two details
// show the same part of the picture.
void TestGuiIpcPlots::detailOfAResizedInputLinesUp() {
    QTemporaryDir dir;
    QImage input(800, 600, QImage::Format_RGB32), output(400, 300, QImage::Format_RGB32);
    input.fill(Qt::white);
    output.fill(Qt::white);
    for (int y = 20; y < 40; ++y)
        for (int x = 20; x < 40; ++x)
            output.setPixel(x, y, qRgb(0, 0, 0));
    QVERIFY(input.save(dir.filePath("in.png")) && output.save(dir.filePath("out.png")));
    const auto detail = filterDetail(dir.filePath("in.png"), dir.filePath("out.png"), 100);
    QCOMPARE(detail.after.size(), QSize(100, 100));
    QCOMPARE(detail.before.size(), detail.after.size());
    QVERIFY(detail.spot.contains(QRect(20, 20, 20, 20)));
    QCOMPARE(detail.after.pixel(QPoint(25, 25) - detail.spot.topLeft()), qRgb(0, 0, 0));
    QCOMPARE(QColor(detail.before.pixel(QPoint(25, 25) - detail.spot.topLeft())), QColor(Qt::white));
    QVERIFY(filterDetail(dir.filePath("in.png"), dir.filePath("missing.png"), 100).after.isNull());
}

void TestGuiIpcPlots::checksReadAsATable() {
    JsonFields checks;
    checks["lost"] = "1234567";
    checks["mode"] = "\"none\"";
    checks["files_failed"] =
        R"([{"file":"a.png","reason":"truncated"},{"file":"b.txt","reason":"not an image"}])";
    const auto html = checksHtml(checks);
    QVERIFY2(html.contains("1,234,567"), qPrintable(html));
    QVERIFY(html.contains("<b>none</b>"));
    QVERIFY(html.contains("files failed"));
    QVERIFY(html.contains("2 (a.png: truncated; b.txt: not an image)"));
    QVERIFY(checksHtml({}).isEmpty());
}

QTEST_MAIN(TestGuiIpcPlots)
#include "tst_gui_ipcplots.moc"
