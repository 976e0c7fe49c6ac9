// SPDX-License-Identifier: GPL-3.0-or-later
// The event format's versions: a newer stream is refused, older ones still read by their own rules, the
// fields each version added are required from that version on, and a stream may hold runs of several.
#include "event_json.h"
#include "event_stream.h"

#include <QTest>

#include <cmath>

using namespace mpwb;

#include "event_fixtures.h"

using namespace mpwb::fixtures;

class TestEventFormats : public QObject {
    Q_OBJECT

private slots:
    void newerVersionIsRefused();
    void streamMustStartWithHello();
    void olderFormatsStillRead_data();
    void olderFormatsStillRead();
    void fieldsAddedInFormat3AreRequired_data();
    void fieldsAddedInFormat3AreRequired();
    void cpuOfAnOlderStreamHasNoHostMeasurement();
    void mergedChunkOfAnOlderStreamWorkedItsSpan();
    void twoRunsInOneStream();
    void laterHelloIsCheckedToo();
};

void TestEventFormats::newerVersionIsRefused() {
    Event newer = hello();
    std::get<HelloEvent>(newer.body).formatVersion = kEventFormatVersion + 1;
    QString why = refusal(toJsonLine(newer) + "\n");
    QVERIFY2(why.startsWith("line 1: "), qPrintable(why));
    QVERIFY2(why.contains("newer MP Workbench"), qPrintable(why));

    // Refused before the other fields are looked at: a newer hello may not have them.
    why = refusal(R"({"type":"hello","t":0,"format_version":99})");
    QVERIFY2(why.contains("newer MP Workbench"), qPrintable(why));

    std::get<HelloEvent>(newer.body).formatVersion = 0;
    why = refusal(toJsonLine(newer));
    QVERIFY2(why.contains("at least 1"), qPrintable(why));
}

void TestEventFormats::streamMustStartWithHello() {
    const QString why = refusal(toJsonLine(finished()) + "\n");
    QVERIFY2(why.startsWith("line 1: expected a hello event first"), qPrintable(why));
}

void TestEventFormats::olderFormatsStillRead_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("events");
    QTest::newRow("format 1") << "format1_run.mpwbrun" << 1 << 5;
    QTest::newRow("format 2") << "format2_run.mpwbrun" << 2 << 8;
}

void TestEventFormats::olderFormatsStillRead() {
    QFETCH(QString, file);
    QFETCH(int, format);
    QFETCH(int, events);
    EventStreamReader reader;
    const auto read = reader.readFile(std::string(MPWB_FIXTURES_DIR) + "/events/" + file.toStdString());
    QCOMPARE(int(read.size()), events);
    QVERIFY(reader.warnings().empty());
    QCOMPARE(reader.formatVersion(), format);
    QCOMPARE(reader.runsRead(), 1);
    const auto& h = std::get<HelloEvent>(read.front().body);
    QCOMPARE(h.formatVersion, format);
    QVERIFY(h.runId.empty()); // added in 3: the default stands
    const auto& started = std::get<RunStartedEvent>(read[1].body);
    QVERIFY(started.runId.empty());
    QVERIFY(!started.params.empty());
    QVERIFY(std::holds_alternative<RunFinishedEvent>(read.back().body));
    QCOMPARE(std::get<RunFinishedEvent>(read.back().body).status, std::string("ok"));
}

void TestEventFormats::fieldsAddedInFormat3AreRequired_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("hello")
        << R"({"type":"hello","t":0,"format_version":3,"cores":1,"machine":"m","engine_version":"e"})"
        << R"(line 1: hello field "run_id" is missing)";
    QTest::newRow("run_started")
        << toJsonLine(hello())
               .append("\n")
               .append(
                   R"({"type":"run_started","t":1,"exercise":"e","backend":"b","start_method":"","workers":1,)"
                   R"("chunksize":1,"items":1,"params":{}})")
               .c_str()
        << R"(line 2: run_started field "run_id" is missing)";
    QTest::newRow("run_started, not a string")
        << toJsonLine(hello())
               .append("\n")
               .append(
                   R"({"type":"run_started","t":1,"exercise":"e","backend":"b","start_method":"","workers":1,)"
                   R"("chunksize":1,"items":1,"params":{},"run_id":7})")
               .c_str()
        << R"(line 2: run_started field "run_id" must be a string)";
    // The cpu event's host measurement, also new in format 3.
    const std::string head = toJsonLine(hello()) + "\n";
    QTest::newRow("host_cpu_percent")
        << QString::fromStdString(head + R"({"type":"cpu","t":1,"cores":[1.0],"workers":[]})")
        << R"(line 2: cpu field "host_cpu_percent" is missing)";
    QTest::newRow("in_host") << QString::fromStdString(
                                    head + R"({"type":"cpu","t":1,"cores":[1.0],"host_cpu_percent":2.0,)"
                                           R"("workers":[{"worker":0,"pid":9,"cpu_percent":1.0,"cpu_ns":5,)"
                                           R"("last_core":0}]})")
                             << R"(line 2: cpu field "workers" item 0 field "in_host" is missing)";
    QTest::newRow("in_host, not a boolean")
        << QString::fromStdString(head + R"({"type":"cpu","t":1,"cores":[1.0],"host_cpu_percent":2.0,)"
                                         R"("workers":[{"worker":0,"pid":9,"cpu_percent":1.0,"cpu_ns":5,)"
                                         R"("last_core":0,"in_host":1}]})")
        << R"(line 2: cpu field "workers" item 0 field "in_host" must be true or false)";
}

void TestEventFormats::fieldsAddedInFormat3AreRequired() {
    QFETCH(QString, line);
    QFETCH(QString, complaint);
    const QString why = refusal(line.toStdString());
    QVERIFY2(why.startsWith(complaint), qPrintable(why));
}

void TestEventFormats::cpuOfAnOlderStreamHasNoHostMeasurement() {
    // Format 2 had neither field: its workers were always processes, and the host was not measured, which
    // reads as NaN rather than as an idle host.
    const std::string text = R"({"type":"hello","t":0,"format_version":2,"cores":2,"machine":"m",)"
                             R"("engine_version":"0.1.0"})"
                             "\n"
                             R"({"type":"cpu","t":1,"cores":[50.0,25.0],"workers":[{"worker":0,"pid":9,)"
                             R"("cpu_percent":49.0,"cpu_ns":5,"last_core":1}]})"
                             "\n";
    EventStreamReader reader;
    const auto events = reader.readString(text);
    QCOMPARE(events.size(), 2u);
    const auto& cpu = std::get<CpuEvent>(events[1].body);
    QVERIFY(std::isnan(cpu.hostCpuPercent));
    QCOMPARE(cpu.workers.size(), 1u);
    QCOMPARE(cpu.workers[0].inHost, false);
    QCOMPARE(cpu.workers[0].cpuPercent, 49.0);
}

void TestEventFormats::mergedChunkOfAnOlderStreamWorkedItsSpan() {
    // Format 4 had no work_ns: its merged chunks count their whole span, waits included, as work; from 5 on
    // the field is required and says what they worked.
    const std::string head = R"({"type":"hello","t":0,"format_version":%1,"cores":2,"machine":"m",)"
                             R"("engine_version":"0.1.0","run_id":"a"})"
                             "\n";
    const std::string chunk = R"({"type":"chunk","t":9,"worker":0,"core":1,"first_item":0,"items":20,)"
                              R"("dispatch_ns":0,"start_ns":1000,"end_ns":9000,"bytes_in":0,"bytes_out":0,)"
                              R"("encode_ns":0,"decode_ns":0,"merged":4)";
    const auto with = [&](int version, const std::string& tail) {
        return QString::fromStdString(head).arg(version).toStdString() + chunk + tail + "}\n";
    };
    EventStreamReader older;
    auto events = older.readString(with(4, ""));
    QCOMPARE(events.size(), 2u);
    QCOMPARE(chunkWorkNs(std::get<ChunkEvent>(events[1].body)), 8000);
    EventStreamReader current;
    events = current.readString(with(5, R"(,"work_ns":3000)"));
    QCOMPARE(events.size(), 2u);
    QCOMPARE(chunkWorkNs(std::get<ChunkEvent>(events[1].body)), 3000);
    const QString why = refusal(with(5, ""));
    QVERIFY2(why.contains("work_ns"), qPrintable(why));
}

void TestEventFormats::twoRunsInOneStream() {
    // A comparison of backends: two whole runs, each with its own hello and run id; the second run written
    // by an older engine is read by its own format.
    RunStartedEvent first{"sum-squares", "threads", "", 2, 1, 10, {{"n", "10000"}}, "1111111111111111"};
    const std::string older = R"({"type":"hello","t":0,"format_version":2,"cores":2,"machine":"m",)"
                              R"("engine_version":"0.1.0"})"
                              "\n"
                              R"({"type":"run_started","t":5,"exercise":"sum-squares","backend":"processes",)"
                              R"("start_method":"fork","workers":2,"chunksize":1,"items":10,"params":{}})";
    const std::string text =
        streamOf({hello("1111111111111111"), Event{1, first}, chunk(0, 0, 10, 10, 20), finished()}) + older +
        "\n" + toJsonLine(finished()) + "\n";
    EventStreamReader reader;
    const auto events = reader.readString(text);
    QCOMPARE(events.size(), 7u);
    QCOMPARE(reader.runsRead(), 2);
    QCOMPARE(reader.formatVersion(), 2);
    const auto runs = splitRuns(events);
    QCOMPARE(runs.size(), 2u);
    QCOMPARE(runs[0].size(), 4u);
    QCOMPARE(runs[1].size(), 3u);
    QCOMPARE(std::get<HelloEvent>(runs[0][0].body).runId, std::get<RunStartedEvent>(runs[0][1].body).runId);
    QCOMPARE(std::get<RunStartedEvent>(runs[1][1].body).backend, std::string("processes"));
    QVERIFY(std::holds_alternative<RunFinishedEvent>(runs[1].back().body));

    // The same, fed piece by piece across the boundary between the runs.
    EventStreamReader piecewise;
    std::vector<Event> again;
    for (std::size_t at = 0; at < text.size(); at += 17) {
        auto some = piecewise.feed(std::string_view(text).substr(at, 17));
        again.insert(again.end(), some.begin(), some.end());
    }
    auto last = piecewise.finish();
    again.insert(again.end(), last.begin(), last.end());
    QVERIFY(again == events);
}

void TestEventFormats::laterHelloIsCheckedToo() {
    Event newer = hello();
    std::get<HelloEvent>(newer.body).formatVersion = kEventFormatVersion + 1;
    const QString why = refusal(streamOf({hello(), finished(), newer, finished()}));
    QVERIFY2(why.startsWith("line 3: "), qPrintable(why));
    QVERIFY2(why.contains("newer MP Workbench"), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestEventFormats)
#include "tst_event_formats.moc"
