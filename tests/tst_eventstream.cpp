// SPDX-License-Identifier: GPL-3.0-or-later
// The event stream: JSON Lines round trips, reading whole and piecewise, malformed lines, and the sink.
// The format's versions are tst_event_formats.

#include "event_json.h"
#include "event_stream.h"

#include <QTemporaryDir>
#include <QTest>

#include <bit>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <fcntl.h>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <unistd.h>

using namespace mpwb;

Q_DECLARE_METATYPE(mpwb::Event)

#include "event_fixtures.h"

using namespace mpwb::fixtures;

class TestEventStream : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTripLine_data();
    void roundTripLine();
    void roundTripFile_data() { roundTripLine_data(); }
    void roundTripFile();
    void randomDoublesRoundTripExactly();
    void invalidUtf8IsRepaired();
    void nonFiniteDoublesReadBackAsNaN();
    void unknownTypeIsSkippedWithWarning();
    void malformedLineNamesLineNumber_data();
    void malformedLineNamesLineNumber();
    void feedSplitAtEveryByte();
    void feedKeepsEventsAroundBadLine();
    void sinkWritesWholeLinesFromManyThreads();
    void sinkSurvivesReaderGoingAway();
};

// The programs ignore SIGPIPE (a reader that goes away is an EPIPE to report, not a death), and so do the
// suites that write to pipes: the sink itself leaves the signal alone.
void TestEventStream::initTestCase() {
    std::signal(SIGPIPE, SIG_IGN);
}

void TestEventStream::roundTripLine_data() {
    QTest::addColumn<Event>("event");

    QTest::newRow("hello") << hello();
    QTest::newRow("hello, unicode machine")
        << Event{0, HelloEvent{kEventFormatVersion, kIntMax, "héllo ☃ 𝄞 \"box\"", "", ""}};

    RunStartedEvent run{
        "primes",          "processes", "fork", 4, 1000, 1'000'000, {{"n", "1000000"}, {"mode", "fast"}},
        "0123456789abcdef"};
    QTest::newRow("run_started") << Event{12, run};
    run.params = {{"quote\"d", "line\nbreak\ttab\\slash"}, {"", ""}, {"ключ", "值 \x01\x1f"}};
    run.chunksize = kU64Max;
    run.items = kU64Max;
    run.startMethod = "";
    QTest::newRow("run_started, escapes and uint64 max") << Event{-5, run};
    run.params.clear();
    QTest::newRow("run_started, no params") << Event{kI64Max, run};

    QTest::newRow("worker_started") << Event{100, WorkerStartedEvent{3, 4242, "spawn", 12'345'678}};
    QTest::newRow("worker_started, negative times")
        << Event{kI64Min, WorkerStartedEvent{kIntMin, kIntMax, "", kI64Min}};

    QTest::newRow("chunk") << chunk(2, 1000, 250, 5'000'000, 5'400'000, 3);
    ChunkEvent big{kIntMax, -1,      kU64Max, kU64Max, kI64Min, kI64Max,
                   -1,      kU64Max, kU64Max, kI64Max, kI64Min, std::numeric_limits<std::uint32_t>::max()};
    QTest::newRow("chunk, extremes") << Event{kI64Max, big};

    QTest::newRow("cpu, no data") << Event{7, CpuEvent{}};
    QTest::newRow("cpu, awkward decimals") << Event{
        1'000'000'000, CpuEvent{{0.1, 99.99999, 100.0, 0.0, 1.0 / 3.0, 33.333333333333336},
                                {WorkerCpu{0, 101, 0.1, 123, 0}, WorkerCpu{1, 102, 99.99999, kI64Max, -1}},
                                0.30000000000000004}};
    // Thread workers (in_host) beside the host's own CPU, which may exceed one core.
    QTest::newRow("cpu, thread workers and the host") << Event{
        3, CpuEvent{{100.0, 100.0},
                    {WorkerCpu{0, 5001, 49.5, 1'000'000, 1, true}, WorkerCpu{1, 5002, 50.5, 7, 0, true}},
                    199.99999999999997}};
    QTest::newRow("cpu, extreme doubles")
        << Event{-1, CpuEvent{{5e-324, std::numeric_limits<double>::max(), -0.0, 2.2250738585072014e-308,
                               0.30000000000000004, 1e21, 123456789012345678.0, -1e-300},
                              {}}};
    // Boost.JSON 1.81's own parser reads these one bit off.
    QTest::newRow("cpu, doubles that need exact parsing")
        << Event{2, CpuEvent{{1.3927926388013963e-143, 1.7161392603081718e277, 2.1829489720880483e41}, {}}};

    QTest::newRow("result") << Event{50, ResultEvent{"78498", JsonFields{{{"expected", "78498"}}}, true}};
    QTest::newRow("result, unicode and quotes")
        << Event{51, ResultEvent{"\"π\" ≈ 3.14159\n2nd line\r\n",
                                 JsonFields{{{"note", jsonQuoted("emoji 😀, NUL-free \\ \" /")}}}, false}};
    // Checks of any JSON shape travel as they are: a list of failures, a big number as a string.
    QTest::newRow("result, list and string checks")
        << Event{52, ResultEvent{"3 files",
                                 JsonFields{{{"files_failed", R"([{"file":"a.png","reason":"truncated"}])"},
                                             {"digest", R"("9f86d081")"},
                                             {"files_done", "2"}}},
                                 true}};
    QTest::newRow("queue") << Event{80, QueueEvent{"tasks", 3, 8, 100, 97, 6400, 6208, 1'000'000, 250}};
    QTest::newRow("counter") << Event{81, CounterEvent{"none", 1999, 2000}};
    QTest::newRow("file") << Event{82, FileEvent{7, "/in/a b.png", "/out/a b.png", true, ""}};
    QTest::newRow("file, failed") << Event{83, FileEvent{8, "/in/x.png", "", false, "truncated PNG data"}};
    QTest::newRow("chunk_dispatched") << Event{90, ChunkDispatchedEvent{1, 100, 50, 400, 0}};
    QTest::newRow("chunk_dispatched, extremes")
        << Event{kI64Min, ChunkDispatchedEvent{kIntMax, kU64Max, kU64Max, kU64Max, kU64Max}};
    QTest::newRow("chunk_started") << Event{91, ChunkStartedEvent{1, 100, 50, 3}};
    QTest::newRow("chunk_started, core unknown") << Event{kI64Max, ChunkStartedEvent{kIntMin, 0, 0, -1}};
    QTest::newRow("gil, one holding period")
        << Event{92, GilEvent{1000, 6000, 1, 1, 1, {0, 5000, 0}, {5000, 0, 4000}}};
    QTest::newRow("gil, merged span")
        << Event{93, GilEvent{6000, 1'006'000, -1, 40, 39, {500'000, 499'000}, {499'000, 500'000}}};
    QTest::newRow("gil, no workers, extremes")
        << Event{94, GilEvent{kI64Min, kI64Max, kIntMin, kU64Max, 0, {}, {}}};
    QTest::newRow("lock") << Event{95, LockEvent{"counter", 2, 1, 123456, 7'890'000}};
    QTest::newRow("lock, free") << Event{96, LockEvent{"counter", -1, 0, 0, 0}};
    QTest::newRow("segment, created") << Event{97, SegmentEvent{"created", "/mpwb-42-0-7", 4096, -1, 42}};
    QTest::newRow("segment, attached by a worker")
        << Event{98, SegmentEvent{"attached", "/mpwb-42-0-7", 4096, 3, 4711}};
    QTest::newRow("segment, removed, unicode")
        << Event{99, SegmentEvent{"removed", "/é☃", kU64Max, -1, kIntMax}};

    ErrorEvent error{
        "worker-died", "Worker 2 was killed by signal 9 (SIGKILL).", 2, 777, 1234, 9, 0, 1200, 100};
    QTest::newRow("error") << Event{60, error};
    QTest::newRow("error, extremes") << Event{
        61, ErrorEvent{"internal", "", kIntMin, kIntMax, kI64Min, kIntMax, kIntMin, kU64Max, kU64Max}};

    QTest::newRow("sweep_started") << Event{69, SweepStartedEvent{"sum-squares",
                                                                  "processes",
                                                                  "spawn",
                                                                  {1, 2, 4, 8},
                                                                  {0, 1000},
                                                                  3,
                                                                  {{"n", "20000000"}},
                                                                  "5f0c9a1e"}};
    QTest::newRow("sweep_point") << Event{70, SweepPointEvent{"threads", 8, 16, 2, 1'500'000'000}};
    QTest::newRow("sweep_point, extremes")
        << Event{71, SweepPointEvent{"", kIntMin, kU64Max, kIntMax, kI64Min}};

    QTest::newRow("output") << Event{72, OutputEvent{"stdout", "sum = 42\n"}};
    QTest::newRow("output, stderr, unicode, no newline") << Event{73, OutputEvent{"stderr", "é☃ \"x\"\t"}};
    QTest::newRow("worker_ended, killed") << Event{74, WorkerEndedEvent{1, 4243, 0, 9, false}};
    QTest::newRow("worker_ended, extremes")
        << Event{75, WorkerEndedEvent{kIntMax, kIntMin, -1, kIntMax, true}};

    QTest::newRow("run_finished") << finished();
    QTest::newRow("run_finished, negative t") << Event{-123456789, RunFinishedEvent{"cancelled", -1}};
}

void TestEventStream::roundTripLine() {
    QFETCH(Event, event);
    const std::string line = toJsonLine(event);
    QVERIFY2(line.find('\n') == std::string::npos, line.c_str());
    const std::string start = std::string("{\"type\":\"") + eventTypeName(event.body) + "\",\"t\":";
    QVERIFY2(line.rfind(start, 0) == 0, line.c_str());

    std::string whyNot = "stale";
    const auto back = fromJsonLine(line, &whyNot);
    QVERIFY2(back.has_value(), whyNot.c_str());
    QVERIFY(whyNot.empty());
    QVERIFY2(*back == event, line.c_str());
    // == cannot tell -0.0 from 0.0; the bits can.
    if (const auto* cpu = std::get_if<CpuEvent>(&event.body)) {
        const auto& cores = std::get<CpuEvent>(back->body).cores;
        for (std::size_t i = 0; i < cores.size(); ++i)
            QCOMPARE(std::bit_cast<std::uint64_t>(cores[i]), std::bit_cast<std::uint64_t>(cpu->cores[i]));
    }
}

void TestEventStream::roundTripFile() {
    QFETCH(Event, event);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("run.mpwbrun").toStdString();

    std::vector<Event> written;
    if (!std::holds_alternative<HelloEvent>(event.body)) written.push_back(hello());
    written.push_back(event);
    written.push_back(finished());
    {
        JsonLinesSink sink(path);
        for (const auto& e : written)
            sink.record(e);
        sink.flush();
        QCOMPARE(sink.writeError(), 0);
        QVERIFY(sink.commit());
    }
    EventStreamReader reader;
    const auto read = reader.readFile(path);
    QCOMPARE(read.size(), written.size());
    QVERIFY(read == written);
    QVERIFY(reader.warnings().empty());
    QCOMPARE(reader.linesRead(), written.size());
}

void TestEventStream::randomDoublesRoundTripExactly() {
    std::mt19937_64 random(20240607);
    CpuEvent cpu;
    while (cpu.cores.size() < 20000) {
        const double d = std::bit_cast<double>(random());
        if (std::isfinite(d)) cpu.cores.push_back(d);
    }
    const auto back = fromJsonLine(toJsonLine(Event{0, cpu}));
    QVERIFY(back.has_value());
    const auto& cores = std::get<CpuEvent>(back->body).cores;
    QCOMPARE(cores.size(), cpu.cores.size());
    for (std::size_t i = 0; i < cores.size(); ++i)
        QVERIFY2(std::bit_cast<std::uint64_t>(cores[i]) == std::bit_cast<std::uint64_t>(cpu.cores[i]),
                 qPrintable(QString::number(cpu.cores[i], 'g', 17)));
}

void TestEventStream::invalidUtf8IsRepaired() {
    const Event event{
        1, ErrorEvent{"task-failed", "bad \xff\xfe bytes \xC0\x80 and cut \xE2\x82", 0, 1, 2, 0, 0, 0, 1}};
    const auto back = fromJsonLine(toJsonLine(event));
    QVERIFY(back.has_value());
    QCOMPARE(std::get<ErrorEvent>(back->body).message,
             std::string("bad \uFFFD\uFFFD bytes \uFFFD\uFFFD and cut \uFFFD\uFFFD"));
}

void TestEventStream::nonFiniteDoublesReadBackAsNaN() {
    const Event event{
        1, CpuEvent{{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}, {}}};
    const std::string line = toJsonLine(event);
    QVERIFY2(line.find("[null,null]") != std::string::npos, line.c_str());
    const auto back = fromJsonLine(line);
    QVERIFY(back.has_value());
    for (double d : std::get<CpuEvent>(back->body).cores)
        QVERIFY(std::isnan(d));
}

void TestEventStream::unknownTypeIsSkippedWithWarning() {
    // A type from a newer engine: readers skip it, so old apps can open new runs.
    const std::string futureLine = R"({"type":"kitchen_door","t":5,"swings":3})";
    std::string whyNot;
    QVERIFY(!fromJsonLine(futureLine, &whyNot).has_value());
    QCOMPARE(whyNot, std::string("unknown event type \"kitchen_door\""));

    EventStreamReader reader;
    const auto events =
        reader.readString(toJsonLine(hello()) + "\n" + futureLine + "\n\n" + toJsonLine(finished()));
    QCOMPARE(events.size(), 2u);
    QVERIFY(events[1] == finished());
    const auto warnings = reader.warnings();
    QCOMPARE(warnings.size(), 1u);
    QCOMPARE(warnings[0], std::string("line 2: skipped unknown event type \"kitchen_door\""));
}

void TestEventStream::malformedLineNamesLineNumber_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("complaint");

    QTest::newRow("cut short") << R"({"type":"chunk","t":)"
                               << "malformed JSON";
    QTest::newRow("trailing garbage") << R"({"type":"run_finished","t":1,"status":"ok","wall_ns":1} x)"
                                      << "malformed JSON";
    QTest::newRow("not an object") << "[1,2,3]"
                                   << "not a JSON object";
    QTest::newRow("no type") << R"({"t":1})"
                             << R"(field "type" is missing)";
    QTest::newRow("type is a number") << R"({"type":3,"t":1})"
                                      << R"(field "type" must be a string)";
    QTest::newRow("no t") << R"({"type":"run_finished","status":"ok","wall_ns":1})"
                          << R"(field "t" is missing)";
    QTest::newRow("missing field") << R"({"type":"run_finished","t":1,"status":"ok"})"
                                   << R"(run_finished field "wall_ns" is missing)";
    QTest::newRow("number as string") << R"({"type":"run_finished","t":1,"status":"ok","wall_ns":"5"})"
                                      << R"(field "wall_ns" must be an integer)";
    QTest::newRow("fraction for integer") << R"({"type":"run_finished","t":1,"status":"ok","wall_ns":1.5})"
                                          << R"(field "wall_ns" must be an integer)";
    QTest::newRow("negative for unsigned")
        << R"({"type":"chunk","t":1,"worker":0,"core":0,"first_item":0,"items":-1,"dispatch_ns":0,)"
           R"("start_ns":0,"end_ns":0,"bytes_in":0,"bytes_out":0,"encode_ns":0,"decode_ns":0,"merged":1})"
        << R"(chunk field "items" must be an integer from 0 to 18446744073709551615)";
    QTest::newRow("too big for int") << R"({"type":"worker_started","t":1,"worker":2147483648,"pid":1,)"
                                        R"("start_method":"fork","startup_ns":0})"
                                     << R"(field "worker" must be an integer from -2147483648 to 2147483647)";
    QTest::newRow("param not a string")
        << R"({"type":"run_started","t":1,"exercise":"e","backend":"b","start_method":"","workers":1,)"
           R"("chunksize":1,"items":1,"params":{"n":5}})"
        << R"(field "params" entry "n" must be a string)";
    QTest::newRow("cpu worker incomplete") << R"({"type":"cpu","t":1,"cores":[1.5],"workers":[{}]})"
                                           << R"(field "workers" item 0 field "worker" is missing)";
    QTest::newRow("core not a number") << R"({"type":"cpu","t":1,"cores":[1.5,"x"],"workers":[]})"
                                       << R"(field "cores" item 1 must be a number)";
    QTest::newRow("bool as string") << R"({"type":"result","t":1,"value":"1","checks":{},"correct":"yes"})"
                                    << R"(field "correct" must be true or false)";
}

void TestEventStream::malformedLineNamesLineNumber() {
    QFETCH(QString, line);
    QFETCH(QString, complaint);
    const std::string text =
        toJsonLine(hello()) + "\n" + line.toStdString() + "\n" + toJsonLine(finished()) + "\n";
    const QString why = refusal(text);
    QVERIFY2(why.startsWith("line 2: "), qPrintable(why));
    QVERIFY2(why.contains(complaint), qPrintable(why));
}

void TestEventStream::feedSplitAtEveryByte() {
    const std::vector<Event> expected = {hello(), chunk(0, 0, 10, 100, 200)};
    const std::string text = streamOf(expected);
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        EventStreamReader reader;
        auto events = reader.feed(std::string_view(text).substr(0, cut));
        auto rest = reader.feed(std::string_view(text).substr(cut));
        events.insert(events.end(), rest.begin(), rest.end());
        QVERIFY(reader.finish().empty());
        QVERIFY2(events == expected, qPrintable(QString("cut at byte %1").arg(cut)));
    }

    // Byte by byte, and without the final newline.
    EventStreamReader reader;
    std::vector<Event> events;
    for (char c : std::string_view(text).substr(0, text.size() - 1)) {
        auto some = reader.feed(std::string_view(&c, 1));
        events.insert(events.end(), some.begin(), some.end());
    }
    QCOMPARE(events.size(), 1u);
    auto last = reader.finish();
    events.insert(events.end(), last.begin(), last.end());
    QVERIFY(events == expected);
}

void TestEventStream::feedKeepsEventsAroundBadLine() {
    const std::string text = toJsonLine(hello()) + "\n" + toJsonLine(chunk(0, 0, 1, 0, 5)) + "\n{oops\n" +
                             toJsonLine(finished()) + "\n";
    EventStreamReader reader;
    try {
        reader.feed(text);
        QFAIL("a bad line must throw");
    } catch (const EventFormatError& e) {
        QVERIFY2(QString(e.what()).startsWith("line 3: malformed JSON"), e.what());
    }
    const auto events = reader.feed({});
    QCOMPARE(events.size(), 3u);
    QVERIFY(events[2] == finished());
    QCOMPARE(reader.linesRead(), 4u);
}

void TestEventStream::sinkWritesWholeLinesFromManyThreads() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("threads.mpwbrun").toStdString();
    constexpr int kThreads = 4;
    constexpr int kEach = 500;
    {
        JsonLinesSink sink(path);
        sink.record(hello());
        std::vector<std::thread> threads;
        for (int w = 0; w < kThreads; ++w)
            threads.emplace_back([&sink, w] {
                for (int i = 0; i < kEach; ++i)
                    sink.record(chunk(w, std::uint64_t(i) * 10, 10, i * 100, i * 100 + 50));
            });
        for (auto& t : threads)
            t.join();
        QVERIFY(sink.commit());
    }
    EventStreamReader reader;
    const auto events = reader.readFile(path);
    QCOMPARE(events.size(), std::size_t(1 + kThreads * kEach));
    QCOMPARE(totalItems(events), std::uint64_t(kThreads * kEach * 10));
}

void TestEventStream::sinkSurvivesReaderGoingAway() {
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    ::close(fds[0]);
    {
        JsonLinesSink sink(fds[1]);
        sink.record(hello());
        sink.record(finished());
        QVERIFY(sink.readerGone());
        QCOMPARE(sink.writeError(), EPIPE);
        QVERIFY(!sink.commit());
    }
    QVERIFY(::fcntl(fds[1], F_GETFD) != -1); // not the sink's to close
    ::close(fds[1]);
}

QTEST_GUILESS_MAIN(TestEventStream)
#include "tst_eventstream.moc"
