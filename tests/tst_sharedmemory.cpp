// SPDX-License-Identifier: GPL-3.0-or-later
// Shared memory between processes: segments are named per process and never outlive their owner, and a
// process that dies holding the shared mutex is reported to the next locker instead of hanging it.
#include <QtTest>

#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process_census.h"
#include "robust_mutex.h"
#include "shared_segment.h"

using namespace mpwb;

namespace {

QStringList ourSegments() {
    return QDir("/dev/shm")
        .entryList({QString::fromStdString(segmentNamePrefix(getpid())) + "*"}, QDir::Files | QDir::System);
}

bool exists(const std::string& name) {
    return QFile::exists("/dev/shm" + QString::fromStdString(name));
}

// Runs `body` in a forked child and returns its wait status. The child never returns into Qt Test.
template <typename F> int inChild(F body) {
    const pid_t pid = fork();
    if (pid == 0) {
        int code = 99;
        try {
            code = body();
        } catch (...) {
        }
        _exit(code);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

struct Shared {
    RobustMutex mutex;
    SharedCondition condition;
    std::uint64_t counter = 0; // guarded by mutex, deliberately not atomic
    std::atomic<int> flag{0};
};

} // namespace

class TestSharedMemory : public QObject {
    Q_OBJECT
private slots:
    void cleanup();
    void segmentsHaveUniqueNamesAndAreRemoved();
    void unlinkedSegmentIsStillSharedWithChildren();
    void attachMapsTheSameMemory();
    void childCannotRemoveItsParentsSegment();
    void staleSegmentsOfDeadProcessesAreRemoved();
    void mutexExcludesOtherProcesses();
    void ownerDeathIsReportedOnce_data();
    void ownerDeathIsReportedOnce();
    void conditionWakesAnotherProcess();
    void conditionWaitTimesOut();
};

void TestSharedMemory::cleanup() {
    QCOMPARE(ourSegments(), QStringList());
    QVERIFY(childProcesses(getpid()).empty());
}

void TestSharedMemory::segmentsHaveUniqueNamesAndAreRemoved() {
    std::string first, second;
    {
        SharedSegment a(4096), b(100);
        first = a.name();
        second = b.name();
        QVERIFY(first != second);
        QVERIFY(first.rfind("/" + segmentNamePrefix(getpid()), 0) == 0);
        QVERIFY(a.linked() && exists(first) && exists(second));
        QCOMPARE(b.size(), std::size_t(100));
        const auto* bytes = static_cast<const unsigned char*>(a.data());
        QVERIFY(std::all_of(bytes, bytes + a.size(), [](unsigned char c) { return c == 0; }));
        SharedSegment moved(std::move(b));
        QCOMPARE(moved.name(), second);
        QCOMPARE(ourSegments().size(), 2);
    }
    QVERIFY(!exists(first));
    QVERIFY(!exists(second));
}

void TestSharedMemory::unlinkedSegmentIsStillSharedWithChildren() {
    SharedSegment s(sizeof(std::uint64_t));
    auto* value = static_cast<std::uint64_t*>(s.data());
    *value = 41;
    s.unlinkNow();
    QVERIFY(!s.linked());
    QVERIFY(!exists(s.name()));
    const int status = inChild([&] {
        *value += 1;
        return 0;
    });
    QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    QCOMPARE(*value, std::uint64_t(42));
}

void TestSharedMemory::attachMapsTheSameMemory() {
    SharedSegment owner(64);
    {
        auto other = SharedSegment::attach(owner.name());
        QCOMPARE(other.size(), std::size_t(64));
        static_cast<char*>(other.data())[3] = 'x';
        QVERIFY(!other.linked()); // it never unlinks what it did not create
    }
    QCOMPARE(static_cast<char*>(owner.data())[3], 'x');
    QVERIFY(exists(owner.name()));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, SharedSegment::attach("/mpwb-0-no-such-segment"));
}

// A forked child that (wrongly) ran destructors would otherwise pull the name out from under its parent.
void TestSharedMemory::childCannotRemoveItsParentsSegment() {
    SharedSegment s(16);
    const int status = inChild([&] {
        s.unlinkNow();
        return 0;
    });
    QVERIFY(WIFEXITED(status));
    QVERIFY(exists(s.name()));
}

void TestSharedMemory::staleSegmentsOfDeadProcessesAreRemoved() {
    // A process that is certainly gone: our own child, already reaped. Its segment is what a SIGKILL leaves.
    const pid_t dead = fork();
    if (dead == 0) _exit(0);
    waitpid(dead, nullptr, 0);
    const std::string stale = "/" + segmentNamePrefix(dead) + "0-1";
    const int fd = shm_open(stale.c_str(), O_CREAT | O_RDWR, 0600);
    QVERIFY(fd >= 0);
    ::close(fd);
    SharedSegment live(8); // creating a segment sweeps; our own live one must survive the sweep
    QVERIFY(!exists(stale));
    QVERIFY(exists(live.name()));
    removeStaleSegments();
    QVERIFY(exists(live.name()));
}

void TestSharedMemory::mutexExcludesOtherProcesses() {
    SharedSegment s(sizeof(Shared));
    s.unlinkNow();
    auto* shared = new (s.data()) Shared;
    constexpr int kProcesses = 3, kIncrements = 50'000;
    std::vector<pid_t> pids;
    for (int p = 0; p < kProcesses; ++p) {
        const pid_t pid = fork();
        if (pid == 0) {
            for (int i = 0; i < kIncrements; ++i) {
                if (shared->mutex.lock()) _exit(3);
                ++shared->counter;
                shared->mutex.unlock();
            }
            _exit(0);
        }
        pids.push_back(pid);
    }
    for (pid_t pid : pids) {
        int status = 0;
        waitpid(pid, &status, 0);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    QCOMPARE(shared->counter, std::uint64_t(kProcesses) * kIncrements);
}

void TestSharedMemory::ownerDeathIsReportedOnce_data() {
    QTest::addColumn<bool>("killed");
    QTest::newRow("owner exits holding it") << false;
    QTest::newRow("owner is SIGKILLed holding it") << true;
}

void TestSharedMemory::ownerDeathIsReportedOnce() {
    QFETCH(bool, killed);
    SharedSegment s(sizeof(Shared));
    s.unlinkNow();
    auto* shared = new (s.data()) Shared;
    const int status = inChild([&] {
        if (shared->mutex.lock()) return 3;
        ++shared->counter;
        if (killed) raise(SIGKILL);
        return 0; // leaves without unlocking
    });
    QCOMPARE(WIFSIGNALED(status), killed);
    QCOMPARE(shared->counter, std::uint64_t(1));
    QVERIFY(shared->mutex.lock()); // told: the owner died
    shared->mutex.unlock();
    QVERIFY(!shared->mutex.lock()); // repaired: an ordinary lock from now on
    shared->mutex.unlock();
}

void TestSharedMemory::conditionWakesAnotherProcess() {
    SharedSegment s(sizeof(Shared));
    s.unlinkNow();
    auto* shared = new (s.data()) Shared;
    const pid_t pid = fork();
    if (pid == 0) {
        // Long slices: only a notify, not the timeout, can wake it in time.
        if (shared->mutex.lock()) _exit(3);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (shared->flag.load() == 0 && std::chrono::steady_clock::now() < deadline)
            if (shared->condition.waitFor(shared->mutex, std::chrono::seconds(10))) _exit(4);
        const int seen = shared->flag.load();
        shared->mutex.unlock();
        _exit(seen == 1 ? 0 : 5);
    }
    QThread::msleep(100); // let the child go to sleep
    const auto start = std::chrono::steady_clock::now();
    QVERIFY(!shared->mutex.lock());
    shared->flag.store(1);
    shared->condition.notifyAll();
    shared->mutex.unlock();
    int status = 0;
    waitpid(pid, &status, 0);
    QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

void TestSharedMemory::conditionWaitTimesOut() {
    SharedSegment s(sizeof(Shared));
    auto* shared = new (s.data()) Shared;
    QVERIFY(!shared->mutex.lock());
    const auto start = std::chrono::steady_clock::now();
    QVERIFY(!shared->condition.waitFor(shared->mutex, std::chrono::milliseconds(30)));
    QVERIFY(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(25));
    shared->mutex.unlock(); // held again after the wait
}

QTEST_GUILESS_MAIN(TestSharedMemory)
#include "tst_sharedmemory.moc"
