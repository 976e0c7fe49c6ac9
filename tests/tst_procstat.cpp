// SPDX-License-Identifier: GPL-3.0-or-later
// Parsing of /proc text, the utilisation arithmetic, and CpuSampler run against a fake /proc tree.

#include "cpu_sampler.h"
#include "proc_stat.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <random>
#include <stdexcept>

using mpwb::CpuTimes;
using mpwb::ProcessStat;

Q_DECLARE_METATYPE(CpuTimes)
Q_DECLARE_METATYPE(ProcessStat)
Q_DECLARE_METATYPE(std::vector<CpuTimes>)
Q_DECLARE_METATYPE(std::vector<double>)

namespace {

QString fixturePath(const QString& name) {
    return QStringLiteral(MPWB_FIXTURES_DIR) + QLatin1Char('/') + name;
}

QByteArray readFixture(const QString& name) {
    QFile file(fixturePath(name));
    if (!file.open(QIODevice::ReadOnly)) qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

std::string_view view(const QByteArray& bytes) {
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

CpuTimes times(std::uint64_t user, std::uint64_t system, std::uint64_t idle, std::uint64_t iowait = 0,
               std::uint64_t steal = 0) {
    CpuTimes t;
    t.user = user;
    t.system = system;
    t.idle = idle;
    t.iowait = iowait;
    t.steal = steal;
    return t;
}

// Replaces whatever is at `to` with a copy of the fixture tree `from`, as /proc would look at the next
// sample.
bool installTree(const QString& from, const QString& to) {
    if (!QDir(to).removeRecursively() || !QDir().mkpath(to)) return false;
    const QDir source(fixturePath(from));
    QDirIterator it(source.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + QLatin1Char('/') + source.relativeFilePath(file);
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(file, target)) return false;
    }
    return true;
}

std::int64_t ticksToNs(std::uint64_t ticks) {
    return static_cast<std::int64_t>(ticks * 1'000'000'000ULL /
                                     static_cast<std::uint64_t>(sysconf(_SC_CLK_TCK)));
}

const mpwb::WorkerCpu* findWorker(const mpwb::CpuEvent& event, int worker) {
    for (const auto& w : event.workers) {
        if (w.worker == worker) return &w;
    }
    return nullptr;
}

} // namespace

class TestProcStat : public QObject {
    Q_OBJECT

private slots:
    void parseProcStat_data();
    void parseProcStat();
    void parseProcStatRejectsGarbage_data();
    void parseProcStatRejectsGarbage();
    void busyAndTotal();
    void coreUtilisation_data();
    void coreUtilisation();
    void coreUtilisationStaysInRange();
    void parseProcPidStat_data();
    void parseProcPidStat();
    void parseProcPidStatOfThisProcess();
    void parseProcPidStatRejectsGarbage_data();
    void parseProcPidStatRejectsGarbage();
    void samplerFollowsFakeProcTree();
    void samplerFollowsThreadWorkersAndTheHost();
    void samplerWithoutProcStatThrows();
    void samplerThreadDeliversUntilStopped();
    void samplerStopDoesNotWaitForTheInterval();
    void samplerCanBeStoppedFromItsCallback();
};

void TestProcStat::parseProcStat_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("cores");
    QTest::addColumn<int>("checkedCore");
    QTest::addColumn<CpuTimes>("expected");

    QTest::newRow("2 cores, current kernel") << readFixture("proc_stat_2cores.txt") << 2 << 1
                                             << CpuTimes{488427, 35, 360311, 3911216, 49011, 0, 21077, 0};
    QTest::newRow("4 cores with steal time") << readFixture("proc_stat_4cores.txt") << 4 << 3
                                             << CpuTimes{79012, 77, 28102, 1721450, 1761, 0, 803, 52};
    QTest::newRow("Linux 2.4, four counters only")
        << readFixture("proc_stat_linux24.txt") << 2 << 1 << CpuTimes{4506, 6, 1711, 135020, 0, 0, 0, 0};
    QTest::newRow("Linux 2.6.0, seven counters") << QByteArray("cpu  10 1 2 30 4 5 6\ncpu0 10 1 2 30 4 5 6\n")
                                                 << 1 << 0 << CpuTimes{10, 1, 2, 30, 4, 5, 6, 0};
    QTest::newRow("core 1 offline leaves a zero slot")
        << QByteArray("cpu  3 0 3 3\ncpu0 1 0 1 1\ncpu2 1 0 1 1\ncpu3 1 0 1 1\n") << 4 << 1 << CpuTimes{};
    QTest::newRow("tabs and CRLF line ends") << QByteArray("cpu\t1 2 3 4\r\ncpu0\t1 2 3 4 5 6 7 8 9 10\r\n")
                                             << 1 << 0 << CpuTimes{1, 2, 3, 4, 5, 6, 7, 8};
}

void TestProcStat::parseProcStat() {
    QFETCH(QByteArray, text);
    QFETCH(int, cores);
    QFETCH(int, checkedCore);
    QFETCH(CpuTimes, expected);

    const auto parsed = mpwb::parseProcStat(view(text));
    QCOMPARE(static_cast<int>(parsed.size()), cores);
    QVERIFY(parsed[static_cast<std::size_t>(checkedCore)] == expected);
}

void TestProcStat::parseProcStatRejectsGarbage_data() {
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only the aggregate line") << QByteArray("cpu  1 2 3 4 5 6 7 8\n");
    QTest::newRow("not /proc/stat at all") << QByteArray("MemTotal: 16303412 kB\nMemFree: 1243 kB\n");
    QTest::newRow("binary noise") << QByteArray("\x7f"
                                                "ELF\x02\x01\x01\0\0\0",
                                                10);
    QTest::newRow("letters in a counter") << QByteArray("cpu0 12 0 3x 40\n");
    QTest::newRow("negative counter") << QByteArray("cpu0 12 0 -3 40\n");
    QTest::newRow("too few counters") << QByteArray("cpu0 12 0 3\n");
    QTest::newRow("core named without a number") << QByteArray("cpuX 1 2 3 4\n");
    QTest::newRow("absurd core number") << QByteArray("cpu99999999 1 2 3 4\n");
    QTest::newRow("same core twice") << QByteArray("cpu0 1 2 3 4\ncpu0 1 2 3 4\n");
}

void TestProcStat::parseProcStatRejectsGarbage() {
    QFETCH(QByteArray, text);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, mpwb::parseProcStat(view(text)));
}

void TestProcStat::busyAndTotal() {
    const CpuTimes t{1, 2, 4, 8, 16, 32, 64, 128};
    QCOMPARE(t.busy(), std::uint64_t(1 + 2 + 4 + 32 + 64 + 128));
    QCOMPARE(t.total(), std::uint64_t(255));
}

void TestProcStat::coreUtilisation_data() {
    QTest::addColumn<std::vector<CpuTimes>>("before");
    QTest::addColumn<std::vector<CpuTimes>>("after");
    QTest::addColumn<std::vector<double>>("expected");

    QTest::newRow("half busy") << std::vector{times(100, 0, 100)} << std::vector{times(140, 10, 150)}
                               << std::vector{50.0};
    QTest::newRow("idle") << std::vector{times(100, 0, 100)} << std::vector{times(100, 0, 200)}
                          << std::vector{0.0};
    QTest::newRow("fully busy") << std::vector{times(100, 0, 100)} << std::vector{times(150, 50, 100)}
                                << std::vector{100.0};
    QTest::newRow("iowait counts as idle")
        << std::vector{times(0, 0, 0, 0)} << std::vector{times(25, 0, 25, 50)} << std::vector{25.0};
    QTest::newRow("steal counts as busy")
        << std::vector{times(0, 0, 0, 0, 0)} << std::vector{times(10, 0, 80, 0, 10)} << std::vector{20.0};
    QTest::newRow("no ticks elapsed")
        << std::vector{times(7, 7, 7)} << std::vector{times(7, 7, 7)} << std::vector{0.0};
    QTest::newRow("all counters reset by hotplug")
        << std::vector{times(5000, 900, 8000)} << std::vector{times(30, 10, 60)} << std::vector{0.0};
    QTest::newRow("iowait steps back on its own")
        << std::vector{times(100, 0, 100, 500)} << std::vector{times(130, 0, 130, 400)} << std::vector{50.0};
    QTest::newRow("idle steps back, busy grows")
        << std::vector{times(100, 0, 900)} << std::vector{times(120, 0, 800)} << std::vector{100.0};
    QTest::newRow("a core went away")
        << std::vector{times(0, 0, 0), times(0, 0, 0), times(0, 0, 0)}
        << std::vector{times(10, 0, 10), times(0, 0, 20)} << std::vector{50.0, 0.0};
    QTest::newRow("a core came online")
        << std::vector{times(0, 0, 0)} << std::vector{times(30, 0, 10), times(5, 0, 5)} << std::vector{75.0};

    const auto before = mpwb::parseProcStat(view(readFixture("proc_tree_before/stat")));
    const auto after = mpwb::parseProcStat(view(readFixture("proc_tree_after/stat")));
    QTest::newRow("fixture pair, 2 cores") << before << after << std::vector{75.0, 10.0};
}

void TestProcStat::coreUtilisation() {
    QFETCH(std::vector<CpuTimes>, before);
    QFETCH(std::vector<CpuTimes>, after);
    QFETCH(std::vector<double>, expected);

    const auto percent = mpwb::coreUtilisation(before, after);
    QCOMPARE(percent.size(), expected.size());
    for (std::size_t i = 0; i < percent.size(); ++i)
        QCOMPARE(percent[i], expected[i]);
}

void TestProcStat::coreUtilisationStaysInRange() {
    // Counters jumping both ways at random must never produce a value outside 0..100.
    std::mt19937_64 random(20240521);
    std::uniform_int_distribution<std::uint64_t> counter(0, 1000);
    const auto randomTimes = [&] {
        return CpuTimes{counter(random), counter(random), counter(random), counter(random),
                        counter(random), counter(random), counter(random), counter(random)};
    };
    for (int round = 0; round < 2000; ++round) {
        const auto percent = mpwb::coreUtilisation({randomTimes()}, {randomTimes()});
        QCOMPARE(percent.size(), std::size_t(1));
        QVERIFY2(percent[0] >= 0.0 && percent[0] <= 100.0, qPrintable(QString::number(percent[0])));
    }
}

void TestProcStat::parseProcPidStat_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<ProcessStat>("expected");

    QTest::newRow("plain name") << readFixture("proc_pid_stat_plain.txt")
                                << ProcessStat{31337, 'R', 1234, 56, 3, "mpwb-worker"};
    QTest::newRow("name with spaces and parentheses")
        << readFixture("proc_pid_stat_tricky_comm.txt")
        << ProcessStat{4711, 'S', 98765, 4321, 7, "a) (b c) ) x"};
    QTest::newRow("empty name") << QByteArray("12 () Z 1 12 12 0 -1 0 0 0 0 0 5 6 0 0")
                                << ProcessStat{12, 'Z', 5, 6, -1, ""};
    QTest::newRow("old kernel without processor field")
        << QByteArray("77 (sh) S 1 77 77 0 -1 0 0 0 0 0 11 22 0 0 20 0 1 0 5 0 0\n")
        << ProcessStat{77, 'S', 11, 22, -1, "sh"};
}

void TestProcStat::parseProcPidStat() {
    QFETCH(QByteArray, text);
    QFETCH(ProcessStat, expected);

    const ProcessStat parsed = mpwb::parseProcPidStat(view(text));
    QCOMPARE(parsed.pid, expected.pid);
    QCOMPARE(parsed.state, expected.state);
    QCOMPARE(parsed.utimeTicks, expected.utimeTicks);
    QCOMPARE(parsed.stimeTicks, expected.stimeTicks);
    QCOMPARE(parsed.lastCore, expected.lastCore);
    QCOMPARE(QString::fromStdString(parsed.comm), QString::fromStdString(expected.comm));
}

void TestProcStat::parseProcPidStatOfThisProcess() {
    QFile file(QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly)) QSKIP("no /proc on this system");
    const QByteArray text = file.readAll();

    const ProcessStat parsed = mpwb::parseProcPidStat(view(text));
    QCOMPARE(parsed.pid, static_cast<int>(getpid()));
    QCOMPARE(parsed.state, 'R');
    QVERIFY(parsed.lastCore >= 0);
    QVERIFY(parsed.lastCore < static_cast<int>(sysconf(_SC_NPROCESSORS_CONF)));
}

void TestProcStat::parseProcPidStatRejectsGarbage_data() {
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no parentheses") << QByteArray("42 bash S 1 42 42 0 -1 0 0 0 0 0 1 2");
    QTest::newRow("parentheses the wrong way round") << QByteArray("42 )bash( S 1 42 42 0 -1 0 0 0 0 0 1 2");
    QTest::newRow("pid not a number") << QByteArray("abc (bash) S 1 42 42 0 -1 0 0 0 0 0 1 2");
    QTest::newRow("missing pid") << QByteArray("(bash) S 1 42 42 0 -1 0 0 0 0 0 1 2");
    QTest::newRow("cut off after the name") << QByteArray("42 (bash) S 1 42");
    QTest::newRow("state of two letters") << QByteArray("42 (bash) SS 1 42 42 0 -1 0 0 0 0 0 1 2");
    QTest::newRow("utime not a number") << QByteArray("42 (bash) S 1 42 42 0 -1 0 0 0 0 0 x 2");
}

void TestProcStat::parseProcPidStatRejectsGarbage() {
    QFETCH(QByteArray, text);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, mpwb::parseProcPidStat(view(text)));
}

void TestProcStat::samplerFollowsFakeProcTree() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(QStringLiteral("proc"));
    QVERIFY(installTree(QStringLiteral("proc_tree_before"), root));

    mpwb::CpuSampler sampler(root.toStdString());
    sampler.setWorkers({{0, 4242}, {1, 4243}, {2, 4244}, {3, 4245}});

    // First sample: no interval yet, so every percentage is 0; pid 4244 does not exist yet.
    const mpwb::CpuEvent first = sampler.sampleOnce();
    QCOMPARE(first.cores, (std::vector<double>{0.0, 0.0}));
    QCOMPARE(first.workers.size(), std::size_t(3));
    QVERIFY(!findWorker(first, 2));
    const mpwb::WorkerCpu* busy = findWorker(first, 0);
    QVERIFY(busy);
    QCOMPARE(busy->pid, 4242);
    QCOMPARE(busy->cpuPercent, 0.0);
    QCOMPARE(busy->cpuNs, ticksToNs(1000 + 20));
    QCOMPARE(busy->lastCore, 1);

    // Second sample: 4243 has exited, 4244 has started, 4242 burned 1000 s of CPU (far more than the
    // wall time of this test, so it must read as one full core).
    QVERIFY(installTree(QStringLiteral("proc_tree_after"), root));
    const mpwb::CpuEvent second = sampler.sampleOnce();
    QCOMPARE(second.cores, (std::vector<double>{75.0, 10.0}));
    QCOMPARE(second.workers.size(), std::size_t(3));
    QVERIFY(!findWorker(second, 1));

    busy = findWorker(second, 0);
    QVERIFY(busy);
    QCOMPARE(busy->cpuPercent, 100.0);
    QCOMPARE(busy->cpuNs, ticksToNs(101000 + 20));
    QCOMPARE(busy->lastCore, 0);

    const mpwb::WorkerCpu* newcomer = findWorker(second, 2);
    QVERIFY(newcomer);
    QCOMPARE(newcomer->pid, 4244);
    QCOMPARE(newcomer->cpuPercent, 0.0);
    QCOMPARE(newcomer->cpuNs, ticksToNs(40 + 2));
    QCOMPARE(newcomer->lastCore, 1);

    const mpwb::WorkerCpu* sleeper = findWorker(second, 3);
    QVERIFY(sleeper);
    QCOMPARE(sleeper->cpuPercent, 0.0);
    QCOMPARE(sleeper->cpuNs, ticksToNs(300 + 7));
}

void TestProcStat::samplerFollowsThreadWorkersAndTheHost() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(QStringLiteral("proc"));
    QVERIFY(installTree(QStringLiteral("proc_tree_before"), root));

    // The host is <root>/self (pid 4000); its threads 4001 and, as a sequential run's worker, 4000 itself.
    mpwb::CpuSampler sampler(root.toStdString());
    sampler.setWorkers({{0, 4242}});
    sampler.addThreadWorker(5, 4001);
    sampler.addThreadWorker(7, 4000);
    sampler.addThreadWorker(8, 4009); // no such thread: left out

    const mpwb::CpuEvent first = sampler.sampleOnce();
    QCOMPARE(first.hostCpuPercent, 0.0); // no interval yet
    QCOMPARE(first.workers.size(), std::size_t(3));
    QVERIFY(!findWorker(first, 8));
    QCOMPARE(findWorker(first, 0)->inHost, false);
    const mpwb::WorkerCpu* thread = findWorker(first, 5);
    QVERIFY(thread);
    QCOMPARE(thread->pid, 4001);
    QVERIFY(thread->inHost);
    QCOMPARE(thread->lastCore, 1);
    // Its figures count from when it was added, not from when the thread was made.
    QCOMPARE(thread->cpuNs, std::int64_t(0));
    QCOMPARE(thread->cpuPercent, 0.0);
    QVERIFY(findWorker(first, 7)->inHost);

    // The host and thread 4001 each burned 1000 s of CPU: the host reads as every core (two) busy, the
    // thread as one core; the host's main thread did nothing.
    QVERIFY(installTree(QStringLiteral("proc_tree_after"), root));
    const mpwb::CpuEvent second = sampler.sampleOnce();
    QCOMPARE(second.hostCpuPercent, 200.0);
    thread = findWorker(second, 5);
    QVERIFY(thread);
    QCOMPARE(thread->cpuPercent, 100.0);
    QCOMPARE(thread->cpuNs, ticksToNs(100000));
    QCOMPARE(thread->lastCore, 0);
    QCOMPARE(findWorker(second, 7)->cpuPercent, 0.0);
    QCOMPARE(findWorker(second, 7)->cpuNs, std::int64_t(0));

    // A new map's thread takes over worker 5: one entry for it, counting afresh.
    sampler.addThreadWorker(5, 4002);
    const mpwb::CpuEvent third = sampler.sampleOnce();
    int fives = 0;
    for (const auto& w : third.workers)
        fives += w.worker == 5;
    QCOMPARE(fives, 1);
    QCOMPARE(findWorker(third, 5)->pid, 4002);
    QCOMPARE(findWorker(third, 5)->cpuNs, std::int64_t(0));
    QCOMPARE(third.hostCpuPercent, 0.0); // nothing changed since the last sample

    // Without its own stat file the host is not measured, which is not the same as idle.
    QVERIFY(QDir(root + QStringLiteral("/self")).removeRecursively());
    const mpwb::CpuEvent fourth = sampler.sampleOnce();
    QVERIFY(std::isnan(fourth.hostCpuPercent));
    QVERIFY(!findWorker(fourth, 5));
}

void TestProcStat::samplerWithoutProcStatThrows() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    mpwb::CpuSampler sampler(dir.path().toStdString());
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, sampler.sampleOnce());
}

void TestProcStat::samplerThreadDeliversUntilStopped() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(QStringLiteral("proc"));
    QVERIFY(installTree(QStringLiteral("proc_tree_before"), root));

    mpwb::CpuSampler sampler(root.toStdString(), std::chrono::milliseconds(5));
    std::atomic<int> samples = 0;
    std::atomic<int> samplesWithWorker = 0;
    sampler.start([&](const mpwb::CpuEvent& event) {
        ++samples;
        if (event.cores.size() == 2 && findWorker(event, 7)) ++samplesWithWorker;
    });
    QVERIFY(sampler.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(samples >= 3, 10000);

    // Workers may change while the thread runs.
    sampler.setWorkers({{7, 4245}});
    QTRY_VERIFY_WITH_TIMEOUT(samplesWithWorker >= 2, 10000);

    sampler.stop();
    QVERIFY(!sampler.isRunning());
    const int afterStop = samples;
    QTest::qWait(50);
    QCOMPARE(samples.load(), afterStop);
    sampler.stop(); // a second stop is harmless
}

void TestProcStat::samplerStopDoesNotWaitForTheInterval() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(QStringLiteral("proc"));
    QVERIFY(installTree(QStringLiteral("proc_tree_before"), root));

    mpwb::CpuSampler sampler(root.toStdString(), std::chrono::hours(1));
    std::atomic<int> samples = 0;
    sampler.start([&](const mpwb::CpuEvent&) { ++samples; });
    QElapsedTimer timer;
    timer.start();
    sampler.stop();
    QVERIFY2(timer.elapsed() < 5000, "stop() waited for the sampling interval");
    QCOMPARE(samples.load(), 0);
}

void TestProcStat::samplerCanBeStoppedFromItsCallback() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(QStringLiteral("proc"));
    QVERIFY(installTree(QStringLiteral("proc_tree_before"), root));

    mpwb::CpuSampler sampler(root.toStdString(), std::chrono::milliseconds(5));
    std::atomic<int> samples = 0;
    sampler.start([&](const mpwb::CpuEvent&) {
        ++samples;
        sampler.stop();
    });
    QTRY_VERIFY_WITH_TIMEOUT(!sampler.isRunning(), 10000);
    QTest::qWait(30);
    QCOMPARE(samples.load(), 1);
}

QTEST_GUILESS_MAIN(TestProcStat)
#include "tst_procstat.moc"
