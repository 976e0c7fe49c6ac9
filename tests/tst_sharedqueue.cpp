// SPDX-License-Identifier: GPL-3.0-or-later
// The queue between processes: order kept, every item delivered exactly once whatever the number of
// producers and consumers, back-pressure instead of drops, and a clear outcome (closed, broken) instead of a
// hang when something goes wrong. No segment outlives a test.
#include <QtTest>

#include <atomic>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "process_census.h"
#include "shared_queue.h"

using namespace mpwb;

namespace {

// Exit codes of the children, so a failure says what the child saw.
constexpr int kOk = 0, kSawClosed = 10, kSawBroken = 11, kSawStopped = 12, kWrongData = 13, kThrew = 14;

QStringList ourSegments() {
    return QDir("/dev/shm")
        .entryList({QString::fromStdString(segmentNamePrefix(getpid())) + "*"}, QDir::Files | QDir::System);
}

// Forks a child that runs `body` and leaves with its result, never returning into Qt Test.
template <typename F> pid_t forkChild(F body) {
    const pid_t pid = fork();
    if (pid == 0) {
        int code = kThrew;
        try {
            code = body();
        } catch (const QueueBroken&) {
            code = kSawBroken;
        } catch (...) {
        }
        _exit(code);
    }
    return pid;
}

// The child's exit code, or -1 if it did not end in time (it is then killed and reaped: never a hang).
int exitCodeOf(pid_t pid, int timeoutMs = 10000) {
    int status = 0;
    for (int waited = 0; waited < timeoutMs; waited += 5) {
        if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
        QThread::msleep(5);
    }
    ::kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

bool stillRunning(pid_t pid) {
    int status = 0;
    return waitpid(pid, &status, WNOHANG) == 0;
}

Bytes message(std::uint32_t seq, std::size_t size) {
    Bytes b(size);
    for (std::size_t i = 0; i < size; ++i)
        b[i] = static_cast<std::uint8_t>(seq * 31 + i);
    if (size >= 4) std::memcpy(b.data(), &seq, 4);
    return b;
}

QueueStatus putValue(SharedQueue& q, std::uint64_t v) {
    return q.put(&v, sizeof v);
}

} // namespace

class TestSharedQueue : public QObject {
    Q_OBJECT
private slots:
    void cleanup();
    void keepsOrderAcrossTheRingsEnd();
    void keepsOrderBetweenTwoProcesses();
    void deliversEveryItemExactlyOnce_data();
    void deliversEveryItemExactlyOnce();
    void fullQueueBlocksAndResumes_data();
    void fullQueueBlocksAndResumes();
    void stopCheckEndsAWait();
    void closeDrainsThenUnblocksEveryone();
    void holderKilledWithTheLockBreaksTheQueue();
    void breakWithReachesEveryWaiter();
    void refusesMessagesThatCannotFit();
};

void TestSharedQueue::cleanup() {
    QCOMPARE(ourSegments(), QStringList());
    QVERIFY(childProcesses(getpid()).empty());
}

// Room for 3 messages of up to 36 bytes, messages of 0 to 36 bytes: frames wrap around the ring's end.
void TestSharedQueue::keepsOrderAcrossTheRingsEnd() {
    SharedQueue q("order", 3, 3 * 36);
    Bytes got;
    std::uint32_t next = 0;
    for (std::uint32_t seq = 0; seq < 2000; ++seq) {
        QCOMPARE(q.put(message(seq, seq % 37)), QueueStatus::Ok);
        if (seq % 3 == 2)
            while (q.sample().depth > 0) {
                QCOMPARE(q.get(got), QueueStatus::Ok);
                QCOMPARE(got, message(next, next % 37));
                ++next;
            }
    }
    const auto s = q.sample();
    QCOMPARE(s.puts, quint64(2000));
    QCOMPARE(s.gets, quint64(next));
    QCOMPARE(s.capacity, qint64(3));
}

void TestSharedQueue::keepsOrderBetweenTwoProcesses() {
    SharedQueue q("order", 8, 8 * 64);
    constexpr std::uint32_t kItems = 50'000;
    const pid_t producer = forkChild([&] {
        for (std::uint32_t seq = 0; seq < kItems; ++seq)
            if (q.put(message(seq, 4 + seq % 60)) != QueueStatus::Ok) return kSawClosed;
        return kOk;
    });
    Bytes got;
    for (std::uint32_t seq = 0; seq < kItems; ++seq) {
        QCOMPARE(q.get(got), QueueStatus::Ok);
        if (got != message(seq, 4 + seq % 60)) QFAIL(qPrintable(QString("item %1 out of order").arg(seq)));
    }
    QCOMPARE(exitCodeOf(producer), kOk);
    QCOMPARE(q.sample().bytesGot, q.sample().bytesPut);
}

void TestSharedQueue::deliversEveryItemExactlyOnce_data() {
    QTest::addColumn<int>("producers");
    QTest::addColumn<int>("consumers");
    QTest::addColumn<int>("bound");
    QTest::newRow("1 to 3, bound 1") << 1 << 3 << 1;
    QTest::newRow("3 to 1, bound 2") << 3 << 1 << 2;
    QTest::newRow("3 to 3, bound 64") << 3 << 3 << 64;
}

void TestSharedQueue::deliversEveryItemExactlyOnce() {
    QFETCH(int, producers);
    QFETCH(int, consumers);
    QFETCH(int, bound);
    constexpr std::uint64_t kEach = 10'000;
    const std::uint64_t total = kEach * producers;
    SharedQueue q("work", bound, bound * 8);
    SharedSegment tally(total * sizeof(std::atomic<std::uint32_t>));
    tally.unlinkNow();
    auto* hits = static_cast<std::atomic<std::uint32_t>*>(tally.data());
    for (std::uint64_t i = 0; i < total; ++i)
        new (&hits[i]) std::atomic<std::uint32_t>(0);
    std::vector<pid_t> senders, takers;
    for (int p = 0; p < producers; ++p)
        senders.push_back(forkChild([&, p] {
            for (std::uint64_t i = 0; i < kEach; ++i)
                if (putValue(q, p * kEach + i) != QueueStatus::Ok) return kSawClosed;
            return kOk;
        }));
    for (int c = 0; c < consumers; ++c)
        takers.push_back(forkChild([&] {
            Bytes got;
            while (q.get(got) == QueueStatus::Ok) {
                std::uint64_t v = 0;
                if (got.size() != sizeof v) return kWrongData;
                std::memcpy(&v, got.data(), sizeof v);
                if (v >= total) return kWrongData;
                hits[v].fetch_add(1);
            }
            return kOk; // closed and drained
        }));
    for (pid_t pid : senders)
        QCOMPARE(exitCodeOf(pid, 30000), kOk);
    q.close();
    for (pid_t pid : takers)
        QCOMPARE(exitCodeOf(pid, 30000), kOk);
    for (std::uint64_t i = 0; i < total; ++i)
        if (hits[i].load() != 1)
            QFAIL(qPrintable(QString("item %1 arrived %2 times").arg(i).arg(hits[i].load())));
    const auto s = q.sample();
    QCOMPARE(s.puts, total);
    QCOMPARE(s.gets, total);
    QCOMPARE(s.depth, qint64(0));
}

void TestSharedQueue::fullQueueBlocksAndResumes_data() {
    QTest::addColumn<int>("items");
    QTest::addColumn<int>("bytes");
    QTest::addColumn<int>("size");
    QTest::newRow("bound of 4 items") << 4 << 400 << 8;
    QTest::newRow("bound of 100 bytes") << 100 << 100 << 40;
}

// A put into a full queue waits (it never drops) and goes through as soon as a get makes room.
void TestSharedQueue::fullQueueBlocksAndResumes() {
    QFETCH(int, items);
    QFETCH(int, bytes);
    QFETCH(int, size);
    SharedQueue q("bounded", items, bytes);
    int fitted = 0;
    while (q.sample().depth < items && q.sample().bytesPut + size <= quint64(bytes)) {
        QCOMPARE(q.put(message(fitted, size)), QueueStatus::Ok);
        ++fitted;
    }
    const pid_t writer = forkChild([&] { return q.put(message(fitted, size)) == QueueStatus::Ok ? kOk : 1; });
    QThread::msleep(200);
    QVERIFY(stillRunning(writer));
    QCOMPARE(q.sample().puts, quint64(fitted));
    Bytes got;
    QCOMPARE(q.get(got), QueueStatus::Ok);
    QCOMPARE(exitCodeOf(writer), kOk);
    const auto s = q.sample();
    QCOMPARE(s.depth, qint64(fitted));
    QVERIFY(s.putBlockedNs >= 100'000'000); // the writer's wait is counted as back-pressure
    for (int seq = 1; seq <= fitted; ++seq) {
        QCOMPARE(q.get(got), QueueStatus::Ok);
        QCOMPARE(got, message(seq, size));
    }
}

void TestSharedQueue::stopCheckEndsAWait() {
    SharedQueue q("stoppable", 1, 8);
    Bytes got;
    int asked = 0;
    QCOMPARE(q.get(got, [&] { return ++asked == 3; }), QueueStatus::Stopped);
    QCOMPARE(putValue(q, 1), QueueStatus::Ok);
    QCOMPARE(q.put(&asked, sizeof asked, [] { return true; }), QueueStatus::Stopped);
    QCOMPARE(q.sample().puts, quint64(1));
    QVERIFY(q.sample().getBlockedNs > 0);
}

void TestSharedQueue::closeDrainsThenUnblocksEveryone() {
    SharedQueue empty("empty", 2, 16), full("full", 1, 8);
    QCOMPARE(putValue(full, 7), QueueStatus::Ok);
    const auto waitingGet = [](SharedQueue& q) {
        Bytes got;
        return q.get(got) == QueueStatus::Closed ? kSawClosed : kOk;
    };
    const pid_t reader = forkChild([&] { return waitingGet(empty); });
    const pid_t writer =
        forkChild([&] { return putValue(full, 8) == QueueStatus::Closed ? kSawClosed : kOk; });
    QThread::msleep(100);
    QVERIFY(stillRunning(reader) && stillRunning(writer));
    empty.close();
    full.close();
    QCOMPARE(exitCodeOf(reader, 2000), kSawClosed);
    QCOMPARE(exitCodeOf(writer, 2000), kSawClosed);
    // What was put before the close is still there to take; only then does get say closed.
    Bytes got;
    QCOMPARE(full.get(got), QueueStatus::Ok);
    QCOMPARE(got.size(), sizeof(std::uint64_t));
    QCOMPARE(full.get(got), QueueStatus::Closed);
    QCOMPARE(putValue(full, 9), QueueStatus::Closed);
    QVERIFY(full.closed() && !full.broken());
}

// The stop check runs under the queue's lock, so dying inside it is dying with the lock held.
void TestSharedQueue::holderKilledWithTheLockBreaksTheQueue() {
    SharedQueue q("jobs", 1, 8);
    QCOMPARE(putValue(q, 1), QueueStatus::Ok);
    const pid_t waiter = forkChild([&] { return putValue(q, 2) == QueueStatus::Ok ? kOk : kSawClosed; });
    QThread::msleep(50);
    const pid_t victim = forkChild([&] {
        return q.put(&q, 1, [] { return raise(SIGKILL) == 0; }) == QueueStatus::Ok ? kOk : kSawStopped;
    });
    int status = 0;
    waitpid(victim, &status, 0);
    QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    QCOMPARE(exitCodeOf(waiter, 3000), kSawBroken); // the blocked writer learns it, within a slice or two
    QVERIFY(q.broken());
    Bytes got;
    try {
        (void)q.get(got);
        QFAIL("a get from a broken queue must throw");
    } catch (const QueueBroken& e) {
        const QString text = e.what();
        QVERIFY2(text.contains("'jobs'") && text.contains("died while holding its lock"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(QueueBroken, (void)putValue(q, 3));
}

void TestSharedQueue::breakWithReachesEveryWaiter() {
    SharedQueue q("results", 4, 64);
    std::vector<pid_t> readers;
    for (int i = 0; i < 3; ++i)
        readers.push_back(forkChild([&] {
            Bytes got;
            return q.get(got) == QueueStatus::Ok ? kOk : kSawClosed;
        }));
    QThread::msleep(100);
    q.breakWith("the collector died");
    for (pid_t pid : readers)
        QCOMPARE(exitCodeOf(pid, 2000), kSawBroken);
    try {
        (void)putValue(q, 1);
        QFAIL("a put into a broken queue must throw");
    } catch (const QueueBroken& e) {
        QCOMPARE(QString(e.what()), QString("the queue 'results' is broken: the collector died"));
    }
}

void TestSharedQueue::refusesMessagesThatCannotFit() {
    SharedQueue q("small", 2, 10);
    QCOMPARE(q.maxMessageBytes(), std::size_t(10));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (void)q.put(Bytes(11)));
    QCOMPARE(q.put(Bytes(0)), QueueStatus::Ok); // an empty message is a message (a sentinel, say)
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SharedQueue("none", 0, 10));
}

QTEST_GUILESS_MAIN(TestSharedQueue)
#include "tst_sharedqueue.moc"
