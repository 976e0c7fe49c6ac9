// SPDX-License-Identifier: GPL-3.0-or-later
// The pure parts of Python runs: fact lines turned into events (matching a dispatch with its chunk, worker
// numbering, the sums of queues, counters and locks over processes, malformed facts), the run's one error,
// the request's words, and the walk of a process tree on a fixture /proc.

#include <QTest>

#include <algorithm>
#include <numeric>

#include "chunk_aggregator.h"
#include "errors.h"
#include "event_stream.h"
#include "process_tree.h"
#include "python_facts.h"
#include "python_request.h"

using namespace mpwb;

namespace {

constexpr std::int64_t kOrigin = 1'000'000'000;

std::string fact(const std::string& kind, int pid, std::int64_t t, const std::string& fields = "") {
    return "{\"k\":\"" + kind + "\",\"pid\":" + std::to_string(pid) +
           ",\"t\":" + std::to_string(kOrigin + t) + (fields.empty() ? "" : "," + fields) + "}";
}

template <typename T> std::vector<T> only(const std::vector<Event>& events) {
    std::vector<T> out;
    for (const auto& e : events)
        if (const auto* x = std::get_if<T>(&e.body)) out.push_back(*x);
    return out;
}

std::vector<Event> feed(FactTranslator& f, const std::vector<std::string>& facts) {
    std::vector<Event> all;
    for (const auto& line : facts) {
        auto events = f.take(line);
        all.insert(all.end(), events.begin(), events.end());
    }
    return all;
}

// A main process 10 and two pool workers, 11 and 12, that 11 became ready before its parent said so.
std::vector<std::string> twoWorkers() {
    return {fact("hello", 10, 0, R"("main":true,"start_method":"spawn","python":"3.11.2")"),
            fact("process_ready", 11, 900, R"("name":"w1")"),
            fact("process_started", 10, 1000,
                 R"("child":11,"asked_t":)" + std::to_string(kOrigin + 100) +
                     R"(,"start_method":"spawn","role":"pool-worker")"),
            fact("process_started", 10, 1100,
                 R"("child":12,"asked_t":)" + std::to_string(kOrigin + 1050) +
                     R"(,"start_method":"spawn","role":"pool-worker")"),
            fact("process_ready", 12, 1500, R"("name":"w2")")};
}

} // namespace

class TraceFactsTest : public QObject {
    Q_OBJECT

private slots:
    void workersAreNumberedInOrderWithTheirStartup() {
        FactTranslator f(kOrigin, 4);
        const auto started = only<WorkerStartedEvent>(feed(f, twoWorkers()));
        QCOMPARE(started.size(), std::size_t(2));
        QCOMPARE(started[0].worker, 0);
        QCOMPARE(started[0].pid, 11);
        QCOMPARE(started[0].startupNs, std::int64_t(800)); // ready - asked, whichever fact came first
        QCOMPARE(started[1].worker, 1);
        QCOMPARE(started[1].pid, 12);
        QCOMPARE(started[1].startupNs, std::int64_t(450));
        QCOMPARE(started[1].startMethod, std::string("spawn"));
        QCOMPARE(f.startMethod(), std::string("spawn"));
        QCOMPARE(f.mainPid(), 10);
        QCOMPARE(f.processesStarted(), 2);
        QCOMPARE(f.workers().size(), std::size_t(2));
        // A second process_started for the same child is not a second worker.
        QVERIFY(only<WorkerStartedEvent>(f.take(fact("process_started", 10, 2000, R"("child":12)"))).empty());
    }

    void aDispatchIsMatchedWithItsChunkByKey() {
        FactTranslator f(kOrigin, 4);
        feed(f, twoWorkers());
        const auto events = feed(
            f, {fact("dispatch", 10, 2000, R"("key":"a","items":10,"bytes":300,"encode_ns":40)"),
                fact("dispatch", 10, 2100, R"("key":"b","items":5,"bytes":150,"encode_ns":20)"),
                // b finishes first, on the second worker; its first item is the 10 dispatched before it.
                fact("chunk", 12, 5000,
                     R"("key":"b","start":)" + std::to_string(kOrigin + 3000) + R"(,"end":)" +
                         std::to_string(kOrigin + 4900) +
                         R"(,"items":5,"bytes_in":150,"bytes_out":30,"decode_ns":7,"encode_ns":9)"),
                fact("chunk", 11, 6000,
                     R"("key":"a","start":)" + std::to_string(kOrigin + 2500) + R"(,"end":)" +
                         std::to_string(kOrigin + 5900) + R"(,"items":10,"bytes_in":300,"bytes_out":60)")});
        const auto chunks = only<ChunkEvent>(events);
        QCOMPARE(chunks.size(), std::size_t(2));
        QCOMPARE(chunks[0].worker, 1);
        QCOMPARE(chunks[0].firstItem, std::uint64_t(10));
        QCOMPARE(chunks[0].items, std::uint64_t(5));
        QCOMPARE(chunks[0].dispatchNs, std::int64_t(2100));
        QCOMPARE(chunks[0].startNs, std::int64_t(3000));
        QCOMPARE(chunks[0].endNs, std::int64_t(4900));
        QCOMPARE(chunks[0].encodeNs, std::int64_t(29)); // the parent's encoding and the worker's
        QCOMPARE(chunks[0].decodeNs, std::int64_t(7));
        QCOMPARE(chunks[1].worker, 0);
        QCOMPARE(chunks[1].firstItem, std::uint64_t(0));
        const auto dispatched = only<ChunkDispatchedEvent>(events);
        const auto begun = only<ChunkStartedEvent>(events);
        QCOMPARE(dispatched.size(), std::size_t(2));
        QCOMPARE(begun.size(), std::size_t(2));
        QCOMPARE(dispatched[0].firstItem, begun[0].firstItem);
        QCOMPARE(f.items(), std::uint64_t(15));
        QCOMPARE(f.chunks(), std::uint64_t(2));
    }

    void aChunkWithoutItsDispatchIsStillDrawn() {
        FactTranslator f(kOrigin, 4);
        const auto events = feed(f, {fact("hello", 10, 0, R"("main":true)"),
                                     fact("chunk", 20, 500,
                                          R"("key":"?","start":)" + std::to_string(kOrigin + 100) +
                                              R"(,"end":)" + std::to_string(kOrigin + 400) + R"(,"items":7)"),
                                     fact("chunk", 20, 900,
                                          R"("start":)" + std::to_string(kOrigin + 600) + R"(,"end":)" +
                                              std::to_string(kOrigin + 800) + R"(,"items":3)")});
        const auto chunks = only<ChunkEvent>(events);
        QCOMPARE(chunks.size(), std::size_t(2));
        QCOMPARE(chunks[0].dispatchNs, chunks[0].startNs);
        QCOMPARE(chunks[1].firstItem, std::uint64_t(7));
        QCOMPARE(only<WorkerStartedEvent>(events).size(), std::size_t(1)); // numbered at its first chunk
    }

    void aDispatchAfterItsChunkIsNotCountedTwice() {
        // A lone long task: its result comes back before the parent pickles anything else, so the tracer's
        // deferred dispatch reaches the runner after the chunk. The chunk is drawn once, its items counted
        // once.
        FactTranslator f(kOrigin, 4);
        const auto events =
            feed(f, {fact("hello", 10, 0, R"("main":true)"),
                     fact("chunk", 20, 500,
                          R"("key":"10:x0","start":)" + std::to_string(kOrigin + 100) + R"(,"end":)" +
                              std::to_string(kOrigin + 400) + R"(,"items":7,"bytes_in":90)"),
                     fact("dispatch", 10, 50, R"("key":"10:x0","items":7,"bytes":90,"encode_ns":40)"),
                     fact("dispatch", 10, 600, R"("key":"10:x1","items":3,"bytes":50,"encode_ns":20)"),
                     fact("chunk", 20, 900,
                          R"("key":"10:x1","start":)" + std::to_string(kOrigin + 700) + R"(,"end":)" +
                              std::to_string(kOrigin + 800) + R"(,"items":3)")});
        const auto chunks = only<ChunkEvent>(events);
        QCOMPARE(chunks.size(), std::size_t(2));
        QCOMPARE(chunks[0].firstItem, std::uint64_t(0));
        QCOMPARE(chunks[0].bytesIn, std::uint64_t(90));
        QCOMPARE(chunks[1].firstItem, std::uint64_t(7)); // not 14: the late dispatch added nothing
        QCOMPARE(chunks[1].encodeNs, std::int64_t(20));
        QCOMPARE(only<ChunkDispatchedEvent>(events).size(), std::size_t(2));
    }

    void chunkTotalsSurviveTheAggregator() {
        FactTranslator f(kOrigin, 4);
        feed(f, twoWorkers());
        VectorSink sink;
        {
            ChunkAggregator aggregator(sink);
            for (int i = 0; i < 200; ++i) {
                const auto key = "\"key\":\"k" + std::to_string(i) + "\"";
                for (const auto& e :
                     feed(f,
                          {fact("dispatch", 10, 2000 + i * 10, key + R"(,"items":3)"),
                           fact("chunk", 11 + i % 2, 2005 + i * 10,
                                key + R"(,"start":)" + std::to_string(kOrigin + 2001 + i * std::int64_t{10}) +
                                    R"(,"end":)" + std::to_string(kOrigin + 2004 + i * std::int64_t{10}) +
                                    R"(,"items":3)")}))
                    aggregator.record(e);
            }
        }
        const auto chunks = only<ChunkEvent>(sink.events());
        QVERIFY(chunks.size() < 200); // merged: each chunk is far under the threshold
        QCOMPARE(std::accumulate(chunks.begin(), chunks.end(), std::uint64_t(0),
                                 [](std::uint64_t s, const ChunkEvent& c) { return s + c.items; }),
                 std::uint64_t(600));
        QCOMPARE(std::accumulate(chunks.begin(), chunks.end(), std::uint64_t(0),
                                 [](std::uint64_t s, const ChunkEvent& c) { return s + c.merged; }),
                 std::uint64_t(200));
    }

    void queuesCountersAndLocksAreSummedOverProcesses() {
        FactTranslator f(kOrigin, 4);
        feed(f, twoWorkers());
        auto queues = only<QueueEvent>(feed(
            f, {fact("queue", 10, 100,
                     R"("queue":"tasks","capacity":16,"depth":4,"puts":10,"gets":0,"bytes_put":100)"),
                fact("queue", 11, 200,
                     R"("queue":"tasks","capacity":16,"depth":-1,"puts":0,"gets":3,"bytes_got":30)"),
                fact("queue", 10, 300,
                     R"("queue":"tasks","capacity":16,"depth":-1,"puts":12,"gets":0,"bytes_put":120)")}));
        QCOMPARE(queues.size(), std::size_t(3));
        QCOMPARE(queues.back().puts, std::uint64_t(12)); // a process's totals replace its earlier ones
        QCOMPARE(queues.back().gets, std::uint64_t(3));
        QCOMPARE(queues.back().bytesPut, std::uint64_t(120));
        QCOMPARE(queues.back().depth, std::int64_t(4)); // -1: not known, the last known depth stays
        QCOMPARE(queues.back().capacity, std::int64_t(16));

        auto counters = only<CounterEvent>(
            feed(f, {fact("counter", 11, 100, R"("name":"n","value":5,"writes":5,"locked_writes":5)"),
                     fact("counter", 12, 200, R"("name":"n","value":9,"writes":4,"locked_writes":4)")}));
        QCOMPARE(counters.back().mode, std::string("lock"));
        QCOMPARE(counters.back().value, std::int64_t(9));
        QCOMPARE(counters.back().increments, std::uint64_t(9));
        counters = only<CounterEvent>(
            f.take(fact("counter", 12, 150, R"("name":"n","value":7,"writes":6,"locked_writes":4)")));
        QCOMPARE(counters.back().mode, std::string("none")); // one write without the lock
        QCOMPARE(counters.back().value, std::int64_t(9));    // an older sample does not win

        auto locks = only<LockEvent>(
            feed(f, {fact("lock", 11, 100,
                          R"("name":"L","holding":false,"waiting":1,"acquisitions":3,"waited_ns":50)"),
                     fact("lock", 12, 110,
                          R"("name":"L","holding":true,"waiting":0,"acquisitions":2,"waited_ns":5)")}));
        QCOMPARE(locks.back().holder, 1);
        QCOMPARE(locks.back().waiting, 1);
        QCOMPARE(locks.back().acquisitions, std::uint64_t(5));
        QCOMPARE(locks.back().waitedNs, std::int64_t(55));
    }

    void segmentsAreFollowedUntilRemoved() {
        FactTranslator f(kOrigin, 4);
        feed(f, twoWorkers());
        const auto events =
            feed(f, {fact("segment", 10, 10, R"("action":"created","name":"/psm_a","bytes":64)"),
                     fact("segment", 11, 20, R"("action":"attached","name":"/psm_a","bytes":64)"),
                     fact("segment", 10, 30, R"("action":"created","name":"/psm_b","bytes":8)"),
                     fact("segment", 10, 40, R"("action":"removed","name":"/psm_a")"),
                     fact("segment", 10, 50, R"("action":"created","name":"/../etc/passwd")")});
        const auto segments = only<SegmentEvent>(events);
        QCOMPARE(segments.size(), std::size_t(4));
        QCOMPARE(segments[1].worker, 0);
        QCOMPARE(f.liveSegments(), std::set<std::string>{"/psm_b"});
        QCOMPARE(f.malformed(), std::uint64_t(1)); // a name that is not one of /dev/shm
    }

    void malformedFactsAreCountedAndReportedOnce() {
        FactTranslator f(kOrigin, 4);
        for (const std::string bad : {"not json", "[1,2]", R"({"pid":3,"t":1})", R"({"k":"hello","t":1})",
                                      R"({"k":"hello","pid":3})", R"({"k":"dispatch","pid":3,"t":1})"})
            QVERIFY(f.take(bad).empty());
        QVERIFY(f.take(fact("from_the_future", 3, 1)).empty()); // unknown kinds are skipped, not malformed
        QCOMPARE(f.malformed(), std::uint64_t(6));
        const auto notes = only<OutputEvent>(f.finish(kOrigin + 10, false));
        QCOMPARE(notes.size(), std::size_t(1));
        QCOMPARE(notes[0].stream, std::string("workbench"));
        QVERIFY(notes[0].text.find("6 fact") != std::string::npos);
    }

    void tooManyProcessesAtOnceGetOneNote() {
        FactTranslator f(kOrigin, 1);
        std::vector<std::string> facts{fact("hello", 10, 0, R"("main":true)")};
        for (int child = 11; child <= 17; ++child)
            facts.push_back(fact("process_started", 10, child, "\"child\":" + std::to_string(child)));
        const auto notes = only<OutputEvent>(feed(f, facts));
        QCOMPARE(notes.size(), std::size_t(1));
        QVERIFY(!f.crowdWarning().empty());
    }

    void theErrorFollowsItsPriority_data() {
        QTest::addColumn<bool>("cancelled");
        QTest::addColumn<bool>("guard");
        QTest::addColumn<bool>("pickle");
        QTest::addColumn<bool>("killed");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("kind");
        QTest::newRow("clean") << false << false << false << false << 0 << "";
        QTest::newRow("cancelled beats all") << true << true << true << true << 1 << "cancelled";
        QTest::newRow("no main guard") << false << true << true << true << 1 << "no-main-guard";
        QTest::newRow("unpicklable when it failed") << false << false << true << true << 1 << "unpicklable";
        QTest::newRow("unpicklable but it went on") << false << false << true << false << 0 << "";
        QTest::newRow("a killed worker") << false << false << false << true << 1 << "worker-died";
        QTest::newRow("a killed worker it survived") << false << false << false << true << 0 << "";
        QTest::newRow("it raised") << false << false << false << false << 1 << "script-failed";
    }
    void theErrorFollowsItsPriority() {
        QFETCH(bool, cancelled);
        QFETCH(bool, guard);
        QFETCH(bool, pickle);
        QFETCH(bool, killed);
        QFETCH(int, exitCode);
        QFETCH(QString, kind);
        FactTranslator f(kOrigin, 4);
        feed(f, twoWorkers());
        if (guard) f.take(fact("main_guard", 12, 10, R"("where":"s.py:3","start_method":"spawn")"));
        if (pickle)
            f.take(fact("unpicklable", 10, 10, R"("what":"lambda","where":"s.py:9","message":"a lambda")"));
        if (killed) f.take(fact("process_ended", 10, 10, R"("child":11,"exitcode":-9)"));
        f.take(
            fact("exception", 10, 20, R"("type":"ValueError","message":"boom","file":"/x/s.py","line":12)"));
        const auto error = pythonRunError(f, {cancelled, !cancelled, exitCode, 0}, "/x/s.py");
        QCOMPARE(error ? QString::fromStdString(error->kind) : QString(), kind);
        if (kind == "worker-died") {
            QCOMPARE(error->pid, 11);
            QCOMPARE(error->signal, 9);
            QCOMPARE(error->worker, 0);
        }
        if (kind == "script-failed") {
            QCOMPARE(error->item, std::int64_t(12));
            QCOMPARE(error->file, std::string("/x/s.py"));
            QVERIFY(error->message.find("ValueError: boom") != std::string::npos);
        }
        if (kind == "unpicklable") QCOMPARE(error->item, std::int64_t(9));
    }

    void theRequestsWordsAreSplitAtTheScript() {
        auto a = parsePythonArgs({"--json", "--start=spawn", "--python", "/usr/bin/python3", "s.py", "--json",
                                  "-x", "--start", "fork"});
        QVERIFY(a.json);
        QCOMPARE(a.start, std::string("spawn"));
        QCOMPARE(a.python, std::string("/usr/bin/python3"));
        QCOMPARE(a.script, std::string("s.py"));
        QCOMPARE(a.scriptArgs, (std::vector<std::string>{"--json", "-x", "--start", "fork"}));
        const auto refused = [](const std::vector<std::string>& args, const std::string& parameter) {
            try {
                parsePythonArgs(args);
            } catch (const BadRequest& e) {
                return e.parameter() == parameter;
            }
            return false;
        };
        QVERIFY(refused({"--start", "thread", "s.py"}, "start"));
        QVERIFY(refused({"--workers", "3", "s.py"}, "workers"));
        QVERIFY(refused({"--json", "--events", "-", "s.py"}, "events"));
        QVERIFY(refused({"--python"}, "python"));
        QVERIFY(refused({"--events=", "s.py"}, "events"));
        QVERIFY(refused({"--start", "fork", "--start", "spawn", "s.py"}, "start"));
        QCOMPARE(quoteArgs({"10", "a b", "it's", ""}), std::string("10 'a b' 'it'\\''s' ''"));
    }

    void aTreeIsWalkedFromItsRoot() {
        const auto table = readProcessTable(MPWB_FIXTURES_DIR "/proc_tree");
        QCOMPARE(table.size(), std::size_t(8)); // "self" and "stat" are not processes
        const auto tricky =
            std::find_if(table.begin(), table.end(), [](const ProcessEntry& e) { return e.pid == 105; });
        QVERIFY(tricky != table.end());
        QCOMPARE(tricky->ppid, 104); // counted from the last ')', whatever the name holds
        const auto below = descendantsOf(100, table);
        QCOMPARE(std::set<int>(below.begin(), below.end()), (std::set<int>{101, 102, 103, 104, 105}));
        const auto at = [&](int pid) { return std::find(below.begin(), below.end(), pid) - below.begin(); };
        QVERIFY(at(101) < at(102));
        QVERIFY(at(102) < at(103)); // a zombie still to be reaped is listed, after its parent
        QVERIFY(at(104) < at(105));
        QVERIFY(descendantsOf(103, table).empty());
        // Read from the children lists instead, the same set (and parents first); a tree without those lists
        // is walked through the table.
        const auto listed = readDescendants(100, MPWB_FIXTURES_DIR "/proc_tree");
        QCOMPARE(std::set<int>(listed.begin(), listed.end()), std::set<int>(below.begin(), below.end()));
        QVERIFY(std::find(listed.begin(), listed.end(), 101) < std::find(listed.begin(), listed.end(), 102));
        const auto walked = readDescendants(200, MPWB_FIXTURES_DIR "/proc_tree");
        QCOMPARE(walked, std::vector<int>{201});
        QCOMPARE(parseProcessEntry("garbage").pid, 0);
        QCOMPARE(parseProcessEntry("12 (x)").pid, 0);
        QVERIFY((parseProcessEntry("12 (x) S 3 4") == ProcessEntry{12, 3, 'S'}));
        // A cycle (a torn read) ends the walk instead of looping.
        QVERIFY(descendantsOf(1, {{2, 3, 'S'}, {3, 2, 'S'}, {4, 1, 'S'}}).size() <= 3);
    }
};

QTEST_GUILESS_MAIN(TraceFactsTest)
#include "tst_trace_facts.moc"
