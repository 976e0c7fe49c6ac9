// SPDX-License-Identifier: GPL-3.0-or-later
// Output that cannot be written: every failed write is an error named after where it went (kind write-failed,
// exit 1), a run nobody can follow any more is stopped at once, a saved run file is whole or absent, and a
// report that cannot be written says so on standard error. For each fault the four properties: the runner
// ends within its deadline, no process of the run is left, it leaves no /dev/shm segment, and the error is
// named and structured with a non-zero exit.
#include <QtTest>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <set>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "event_stream.h"
#include "image_files.h"
#include "process_census.h"
#include "runner_process.h"
#include "sample_images.h"

using namespace mpwb;

Q_DECLARE_METATYPE(std::function<void()>)

namespace {

constexpr int kDeadlineMs = 20000; // each of these runs ends in well under a second when nothing is wrong

struct Outcome {
    int exitCode = -1; // -1: crashed, or killed at the deadline
    qint64 pid = 0;
    qint64 elapsedMs = 0;
    QByteArray out, err;
};

// Runs mpwb-run; `inChild` adjusts the child between fork and exec (limits, descriptors).
Outcome runRunner(const QStringList& args, const std::function<void()>& inChild = {},
                  const QString& stdoutFile = {}) {
    QProcess p;
    if (inChild) p.setChildProcessModifier(inChild);
    if (!stdoutFile.isEmpty()) p.setStandardOutputFile(stdoutFile);
    QElapsedTimer clock;
    clock.start();
    p.start(MPWB_RUN_PATH, args);
    Outcome o;
    if (!p.waitForStarted()) return o;
    o.pid = p.processId();
    if (!p.waitForFinished(kDeadlineMs)) {
        p.kill();
        p.waitForFinished();
    }
    o.elapsedMs = clock.elapsed();
    o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    o.out = p.readAllStandardOutput();
    o.err = p.readAllStandardError();
    return o;
}

QJsonObject errorOf(const QByteArray& json) {
    return QJsonDocument::fromJson(json).object()["error"].toObject();
}

// Files in `folder` whose name starts with `prefix`: a temporary copy left behind shows up here.
QStringList filesStartingWith(const QString& folder, const QString& prefix) {
    return QDir(folder).entryList({prefix + "*"}, QDir::Files | QDir::Hidden | QDir::System);
}

// A writer whose files cannot grow past `bytes`: the kernel refuses the write that would (EFBIG), as a full
// disk refuses with ENOSPC, without needing a small filesystem. SIGXFSZ is ignored so the write just fails.
void limitFileSize(rlim_t bytes) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{bytes, bytes};
    setrlimit(RLIMIT_FSIZE, &limit);
}

// The four properties every fault here must keep.
void checkFailedCleanly(const Outcome& o, const QString& kind, const QString& file, bool asJson) {
    QVERIFY2(o.exitCode == 1, qPrintable(QString("exit %1; %2").arg(o.exitCode).arg(QString(o.err))));
    QVERIFY2(o.elapsedMs < kDeadlineMs, "the runner did not end by itself");
    QVERIFY2(childProcesses(int(getpid())).empty(), "a process of the run was left"); // we are its subreaper
    QCOMPARE(segmentsOf(o.pid), QStringList());
    if (asJson) {
        const auto error = errorOf(o.out);
        QCOMPARE(error["kind"].toString(), kind);
        QCOMPARE(error["file"].toString(), file);
        QVERIFY(!error["message"].toString().isEmpty());
    } else {
        QVERIFY2(QString(o.out + o.err).contains(file), o.err.constData());
    }
}

const QStringList kShortRun{"run", "sum-squares", "--n", "20000000", "--workers", "2", "--chunksize", "10"};

} // namespace

class TestOutputFaults : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void savedFileIsWholeOrAbsent();
    void savedFileFollowsALink();
    void sinkNoticesAGoneReaderWithoutWriting();
    void sinkReportsAFullDeviceOnce();
    void eventsToFullDevice_data();
    void eventsToFullDevice();
    void eventsFileThatCannotGrow();
    void eventsFileThatCannotBeCreated();
    void reportToFullStandardOutput_data();
    void reportToFullStandardOutput();
    void readerGoingAwayStopsTheRun_data();
    void readerGoingAwayStopsTheRun();
    void cancelledRunIsStillSaved();
    void fullDiskLeavesNoHalfPicture_data();
    void fullDiskLeavesNoHalfPicture();
    void fullFilesystemForRealIfAllowed();

private:
    QTemporaryDir m_dir;
};

void TestOutputFaults::initTestCase() {
    std::signal(SIGPIPE, SIG_IGN); // as the programs do: a gone reader is EPIPE, not death
    QVERIFY(m_dir.isValid());
    // Workers that outlive their runner are re-parented to us, so childProcesses() finds every leftover.
    QCOMPARE(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
}

void TestOutputFaults::savedFileIsWholeOrAbsent() {
    const auto path = m_dir.filePath("whole.mpwbrun");
    {
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an earlier run\n");
    }
    {
        JsonLinesSink sink(path.toStdString());
        sink.record(Event{0, HelloEvent{kEventFormatVersion, 2, "host", "", "id"}});
        // While the run goes on, the earlier file is untouched and the new lines sit in a temporary file.
        QCOMPARE(QFile(path).size(), qint64(15));
        QCOMPARE(filesStartingWith(m_dir.path(), "whole.mpwbrun.incomplete-").size(), 1);
        QVERIFY(sink.commit());
    }
    QCOMPARE(eventsIn(path).size(), std::size_t(1));
    QCOMPARE(filesStartingWith(m_dir.path(), "whole.mpwbrun.incomplete-"), QStringList());

    // A sink given up without commit (the program threw) leaves the earlier file and nothing else.
    {
        JsonLinesSink sink(path.toStdString());
        sink.record(Event{0, HelloEvent{kEventFormatVersion, 2, "other", "", "id2"}});
    }
    QCOMPARE(eventsIn(path).size(), std::size_t(1));
    QCOMPARE(filesStartingWith(m_dir.path(), "whole.mpwbrun.incomplete-"), QStringList());
}

void TestOutputFaults::savedFileFollowsALink() {
    const auto target = m_dir.filePath("target.mpwbrun"), link = m_dir.filePath("link.mpwbrun");
    QVERIFY(QFile(target).open(QIODevice::WriteOnly));
    QVERIFY(QFile::link(target, link));
    {
        JsonLinesSink sink(link.toStdString());
        sink.record(Event{0, HelloEvent{kEventFormatVersion, 2, "host", "", "id"}});
        QVERIFY(sink.commit());
    }
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(eventsIn(target).size(), std::size_t(1));
}

void TestOutputFaults::sinkNoticesAGoneReaderWithoutWriting() {
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    std::atomic<int> told{0};
    {
        JsonLinesSink sink(fds[1]);
        sink.setFailureHandler([&told] { ++told; });
        ::close(fds[0]);
        QTRY_COMPARE_WITH_TIMEOUT(told.load(), 1, 5000);
        QVERIFY(sink.readerGone());
        QVERIFY(QString::fromStdString(sink.errorText()).contains("nobody reads it"));
        sink.record(Event{0, HelloEvent{}}); // dropped; not told twice
        QVERIFY(!sink.commit());
    }
    QCOMPARE(told.load(), 1);
    ::close(fds[1]);
}

void TestOutputFaults::sinkReportsAFullDeviceOnce() {
    std::atomic<int> told{0};
    JsonLinesSink sink(std::string("/dev/full"));
    sink.setFailureHandler([&told] { ++told; });
    for (int i = 0; i < 3; ++i)
        sink.record(Event{i, HelloEvent{}});
    QCOMPARE(told.load(), 1);
    QCOMPARE(sink.writeError(), ENOSPC);
    QVERIFY(!sink.commit());
    const auto text = QString::fromStdString(sink.errorText());
    QVERIFY2(text.contains("/dev/full") && text.contains("No space left"), qPrintable(text));
}

void TestOutputFaults::eventsToFullDevice_data() {
    QTest::addColumn<QStringList>("args");
    QTest::newRow("run, fork") << kShortRun + QStringList{"--start", "fork"};
    QTest::newRow("run, spawn") << kShortRun + QStringList{"--start", "spawn"};
    QTest::newRow("run, threads") << kShortRun + QStringList{"--backend", "threads"};
    QTest::newRow("sweep") << QStringList{"sweep",     "sum-squares", "--n",       "2000000",
                                          "--workers", "1,2",         "--repeats", "1"};
    QTest::newRow("compare") << QStringList{"compare", "sum-squares", "--n", "2000000", "--workers", "2"};
}

void TestOutputFaults::eventsToFullDevice() {
    QFETCH(QStringList, args);
    const auto o = runRunner(args + QStringList{"--events", "/dev/full", "--json"});
    checkFailedCleanly(o, "write-failed", "/dev/full", true);
    QVERIFY2(errorOf(o.out)["message"].toString().contains("No space left"), o.out.constData());
    const auto text = runRunner(args + QStringList{"--events", "/dev/full"});
    checkFailedCleanly(text, "write-failed", "/dev/full", false);
}

// A disk that fills up partway: the run stops, names the file, and leaves no cut-off recording (and no
// temporary file) behind; an earlier recording of the same name is kept as it was.
void TestOutputFaults::eventsFileThatCannotGrow() {
    for (const bool earlier : {false, true}) {
        const auto path = m_dir.filePath(earlier ? "kept.mpwbrun" : "lost.mpwbrun");
        if (earlier) {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("earlier\n");
        }
        const auto o =
            runRunner(kShortRun + QStringList{"--cpu-interval-ms", "10", "--events", path, "--json"},
                      [] { limitFileSize(2048); });
        checkFailedCleanly(o, "write-failed", path, true);
        QVERIFY2(errorOf(o.out)["message"].toString().contains("incomplete copy was deleted"),
                 o.out.constData());
        QCOMPARE(QFileInfo::exists(path), earlier);
        if (earlier) QCOMPARE(QFileInfo(path).size(), qint64(8));
        QCOMPARE(filesStartingWith(m_dir.path(), QFileInfo(path).fileName() + ".incomplete-"), QStringList());
    }
}

void TestOutputFaults::eventsFileThatCannotBeCreated() {
    const auto path = m_dir.filePath("no-such-folder/run.mpwbrun");
    const auto o = runRunner(kShortRun + QStringList{"--events", path, "--json"});
    checkFailedCleanly(o, "write-failed", path, true);
    const auto text = runRunner(kShortRun + QStringList{"--events", path});
    checkFailedCleanly(text, "write-failed", path, false);
}

void TestOutputFaults::reportToFullStandardOutput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::newRow("run --json") << kShortRun + QStringList{"--json"};
    QTest::newRow("run, text") << kShortRun;
    QTest::newRow("compare --json") << QStringList{"compare", "sum-squares", "--n", "2000000", "--json"};
}

void TestOutputFaults::reportToFullStandardOutput() {
    QFETCH(QStringList, args);
    const auto o = runRunner(args, {}, "/dev/full");
    QCOMPARE(o.exitCode, 1);
    QVERIFY2(o.err.contains("cannot write the report to standard output: No space left"), o.err.constData());
    QVERIFY(childProcesses(int(getpid())).empty());
    QCOMPARE(segmentsOf(o.pid), QStringList());
}

void TestOutputFaults::readerGoingAwayStopsTheRun_data() {
    QTest::addColumn<QString>("start");
    QTest::newRow("fork") << "fork";
    QTest::newRow("spawn") << "spawn";
}

// The reader of --events - reads until the work is under way, then closes its end while the workers are deep
// in one long chunk each and nothing is being written: the run must stop now, not when the work is done.
void TestOutputFaults::readerGoingAwayStopsTheRun() {
    QFETCH(QString, start);
    int fds[2];
    QCOMPARE(::pipe2(fds, O_CLOEXEC), 0);
    const int writeEnd = fds[1];
    QProcess p;
    p.setChildProcessModifier([writeEnd] { ::dup2(writeEnd, 1); });
    // About a minute of work in two chunks, and no CPU samples: no event is due for a long time.
    p.start(MPWB_RUN_PATH, {"run", "sum-squares", "--n", "200000000000", "--workers", "2", "--chunksize",
                            "50000", "--start", start, "--cpu-interval-ms", "0", "--events", "-"});
    QVERIFY(p.waitForStarted());
    ::close(writeEnd);
    std::string text;
    std::set<int> workers;
    char buffer[4096];
    while (text.find("chunk_started") == std::string::npos) {
        const auto n = ::read(fds[0], buffer, sizeof buffer);
        QVERIFY2(n > 0, "the stream ended before the work began");
        text.append(buffer, std::size_t(n));
    }
    EventStreamReader reader;
    for (const auto& e : reader.feed(text))
        if (const auto* w = std::get_if<WorkerStartedEvent>(&e.body)) workers.insert(w->pid);
    QCOMPARE(workers.size(), std::size_t(2));
    QElapsedTimer clock;
    clock.start();
    ::close(fds[0]);
    QVERIFY2(p.waitForFinished(kDeadlineMs), "the run went on for nobody");
    const auto stoppedMs = clock.elapsed();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 1);
    const auto err = p.readAllStandardError();
    QVERIFY2(err.contains("nobody reads it any more"), err.constData());
    QVERIFY2(stoppedMs < 5000, qPrintable(QString("stopped after %1 ms").arg(stoppedMs)));
    for (int pid : workers)
        QVERIFY2(processGone(pid), qPrintable(QString("worker pid %1 was left").arg(pid)));
    QVERIFY(childProcesses(int(getpid())).empty());
    QCOMPARE(segmentsOf(p.processId()), QStringList());
    qInfo("%s: the runner stopped %lld ms after its reader went away", qPrintable(start), stoppedMs);
}

// A cancel is not a write failure: the recording of a cancelled run is complete, and saved.
void TestOutputFaults::cancelledRunIsStillSaved() {
    const auto path = m_dir.filePath("cancelled.mpwbrun");
    QProcess p;
    p.start(MPWB_RUN_PATH, {"run", "sum-squares", "--n", "200000000000", "--workers", "2", "--events", path});
    QVERIFY(p.waitForStarted());
    // Cancel once the workers are at it (the live stream, still in its temporary file, shows them working).
    QTRY_VERIFY_WITH_TIMEOUT(eventsIn(path).size() > 4, kDeadlineMs);
    QVERIFY(!QFileInfo::exists(path));
    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(kDeadlineMs));
    QCOMPARE(p.exitCode(), 130);
    const auto events = eventsIn(path);
    QVERIFY(!events.empty());
    const auto* last = std::get_if<RunFinishedEvent>(&events.back().body);
    QVERIFY(last);
    QCOMPARE(last->status, std::string("cancelled"));
    QCOMPARE(filesStartingWith(m_dir.path(), "cancelled.mpwbrun.incomplete-"), QStringList());
    QVERIFY(childProcesses(int(getpid())).empty());
}

void TestOutputFaults::fullDiskLeavesNoHalfPicture_data() {
    QTest::addColumn<QString>("start");
    QTest::newRow("fork") << "fork";
    QTest::newRow("spawn") << "spawn";
}

// Pictures that cannot be written whole stop the run with file-failed naming the output file; what is in the
// output folder afterwards is only whole pictures, and no temporary file.
void TestOutputFaults::fullDiskLeavesNoHalfPicture() {
    QFETCH(QString, start);
    const auto input = m_dir.filePath("pictures");
    if (!QDir(input).exists()) {
        QVERIFY(QDir().mkpath(input));
        mpwb::exercises::writeSampleSet(input.toStdString(), 4);
    }
    const auto output = m_dir.filePath("filtered-" + start);
    const auto o = runRunner({"run", "image-filter", "--input", input, "--output", output, "--size", "1024",
                              "--start", start, "--workers", "2", "--chunksize", "1", "--json"},
                             [] { limitFileSize(64 * 1024); });
    const auto error = errorOf(o.out);
    QVERIFY2(error["file"].toString().startsWith(output + "/"), o.out.constData());
    checkFailedCleanly(o, "file-failed", error["file"].toString(), true);
    QVERIFY2(error["message"].toString().contains("File too large"), o.out.constData());
    QCOMPARE(QDir(output).entryList(QDir::Files | QDir::Hidden).filter(".incomplete-"), QStringList());
    for (const auto& name : QDir(output).entryList({"*.png"}, QDir::Files))
        QVERIFY2(std::holds_alternative<mpwb::exercises::Pixels>(
                     mpwb::exercises::readImageFile(QString(output + "/" + name).toStdString())),
                 qPrintable(name + " was left half-written"));
}

// The same with ENOSPC from a real 1 MiB filesystem, mounted in a mount namespace of the runner's own (so it
// vanishes with it): where mounting is not allowed, this is skipped.
void TestOutputFaults::fullFilesystemForRealIfAllowed() {
    const auto shell = QStandardPaths::findExecutable("unshare");
    if (shell.isEmpty()) QSKIP("no unshare(1) here");
    const auto mountPoint = m_dir.filePath("small-disk");
    QVERIFY(QDir().mkpath(mountPoint));
    // The disk is nearly full before the run starts (8 KiB free); afterwards the shell lists what is left
    // on it, before the namespace goes.
    const auto script =
        QString("mount -t tmpfs -o size=1m mpwb-test '%1' || exit 77; "
                "head -c 1040384 /dev/zero > '%1/filler'; "
                "\"$0\" \"$@\" --events '%1/run.mpwbrun' --json; rc=$?; ls -a '%1' >&2; exit $rc")
            .arg(mountPoint);
    QProcess p;
    p.start(shell, {"-m", "--propagation", "private", "sh", "-c", script, MPWB_RUN_PATH, "run", "sum-squares",
                    "--n", "200000000", "--workers", "2", "--chunksize", "1", "--cpu-interval-ms", "1"});
    QVERIFY(p.waitForFinished(kDeadlineMs));
    if (p.exitCode() == 77) QSKIP("mounting a small filesystem is not allowed here");
    const auto out = p.readAllStandardOutput(), err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 1);
    const auto error = errorOf(out);
    QCOMPARE(error["kind"].toString(), QString("write-failed"));
    QCOMPARE(error["file"].toString(), mountPoint + "/run.mpwbrun");
    QVERIFY2(error["message"].toString().contains("No space left"), out.constData());
    QVERIFY2(err.contains("filler") && !err.contains("run.mpwbrun"),
             err.constData()); // no file, no temporary copy
    QVERIFY(childProcesses(int(getpid())).empty());
}

QTEST_GUILESS_MAIN(TestOutputFaults)
#include "tst_output_faults.moc"
