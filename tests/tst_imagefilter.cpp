// SPDX-License-Identifier: GPL-3.0-or-later
// Exercise 2, image-filter: the same pictures whatever the backend, workers and chunksize; bad folders
// refused before anything starts; the generated sample set kept beside the outputs, and no folder piling up
// in the temporary folder; no worker left behind. The files of a folder, one by one: tst_imagefiles.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <csignal>
#include <filesystem>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogue.h"
#include "errors.h"
#include "event_stream.h"
#include "image_files.h"
#include "image_filter.h"
#include "image_filter_runs.h"
#include "image_kernels.h"
#include "process_census.h"
#include "run_session.h"
#include "runner_process.h"
#include "sample_images.h"

using namespace mpwb;
using namespace mpwb::exercises;
namespace fs = std::filesystem;

namespace {

constexpr int kSamples = 8; // includes the 64 px and the 2000 x 1500 picture (indices 2 and 5)

// Folders this process made in the temporary folder that still exist.
QStringList ourTemporaryFolders() {
    QStringList found;
    const auto prefix = "mpwb-image-filter-" + std::to_string(getpid()) + "-";
    for (const auto& entry : fs::directory_iterator(fs::temp_directory_path()))
        if (entry.path().filename().string().rfind(prefix, 0) == 0)
            found << QString::fromStdString(entry.path().string());
    return found;
}

int fileCount(const QString& folder) {
    return int(QDir(folder).entryList(QDir::Files).size());
}

// Cancels the run as soon as the first file is done.
class CancelOnFirstChunk : public EventSink {
public:
    RunSession* session = nullptr;
    void record(const Event& e) override {
        if (std::holds_alternative<ChunkEvent>(e.body) && session) session->cancel();
    }
};

} // namespace

class TestImageFilter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void kernelsAreExact();
    void sameDigestWhateverTheBackend_data();
    void sameDigestWhateverTheBackend();
    void generatedSamplesAreKeptBesideOutputs();
    void cancelledRunLeavesNoWorker();
    void sequentialRunUsesOneThread();
    void runnerReportsChecksAndOutputs();
    void badInputIsRefusedWithExitTwo_data();
    void badInputIsRefusedWithExitTwo();
    void unwritableOutputIsRefused();
    void pythonVersionRuns();

private:
    QTemporaryDir m_root;
    QString m_input;
    std::map<std::string, QString> m_reference; // filter -> digest of a sequential run
    int m_outputs = 0;

    QString freshOutput() { return m_root.filePath(QString("out-%1").arg(m_outputs++)); }
};

void TestImageFilter::initTestCase() {
    std::signal(SIGPIPE, SIG_IGN); // as the programs do: the host writes to workers that may have died
    QVERIFY(m_root.isValid());
    m_input = m_root.filePath("input");
    QVERIFY(QDir().mkpath(m_input));
    writeSampleSet(m_input.toStdString(), kSamples);
    for (const auto& filter : filterNames()) {
        const auto r = runExercise(specFor(Backend::Sequential, StartMethod::Fork, 1, 0,
                                           {{"input", m_input.toStdString()},
                                            {"output", freshOutput().toStdString()},
                                            {"size", "40"},
                                            {"radius", "2"},
                                            {"filter", filter}}));
        QCOMPARE(r.status, std::string("ok"));
        m_reference[filter] = check(r, "digest").toString();
        QCOMPARE(m_reference[filter].size(), 16);
    }
    QCOMPARE(std::set<QString>(
                 {m_reference["blur"], m_reference["sharpen"], m_reference["edges"], m_reference["grey"]})
                 .size(),
             std::size_t(4)); // four filters, four different sets of pictures
}

void TestImageFilter::kernelsAreExact() {
    TaskContext context;
    // 3 -> 2 pixels: the middle source pixel is shared half and half, so the means are exact.
    Pixels row(3, 1);
    for (int x = 0; x < 3; ++x)
        row.row(0)[4 * x] = static_cast<std::uint8_t>(x * 90); // 0, 90, 180
    const auto small = resizeLongestSide(row, 2, context);
    QCOMPARE(small.width, 2);
    QCOMPARE(int(small.row(0)[0]), 30);  // (2*0 + 1*90) / 3
    QCOMPARE(int(small.row(0)[4]), 150); // (1*90 + 2*180) / 3
    // Enlarging keeps a flat picture flat, and the other side in proportion.
    Pixels flat(10, 5);
    std::fill(flat.rgba.begin(), flat.rgba.end(), 77);
    const auto big = resizeLongestSide(flat, 33, context);
    QCOMPARE(big.height, 17); // 5 * 33 / 10, rounded
    QVERIFY(std::all_of(big.rgba.begin(), big.rgba.end(), [](auto v) { return v == 77; }));
    QCOMPARE(boxBlur(flat, 3, context).rgba, flat.rgba);
    // One changed value changes the digest.
    auto other = flat;
    other.rgba[17] ^= 1;
    QVERIFY(pixelDigest(other) != pixelDigest(flat));
    QCOMPARE(hex64(0xabc), std::string("0000000000000abc"));
    // A PNG cut short, or with a flipped bit, is named as such without asking libpng.
    const auto png = m_input + "/sample-001.png";
    QFile f(png);
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto bytes = f.readAll();
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.constData());
    QVERIFY(!pngDamage(data, bytes.size()));
    QVERIFY(pngDamage(data, bytes.size() - 20)->find("truncated PNG") == 0);
    bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x10);
    data = reinterpret_cast<const std::uint8_t*>(bytes.constData());
    QVERIFY(pngDamage(data, bytes.size())->find("fails its checksum") != std::string::npos);
}

void TestImageFilter::sameDigestWhateverTheBackend_data() {
    QTest::addColumn<int>("backend");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("chunksize");
    QTest::addColumn<QString>("filter");
    const int fork = int(StartMethod::Fork), spawn = int(StartMethod::Spawn);
    const int threads = int(Backend::Threads), gil = int(Backend::GilThreads),
              procs = int(Backend::Processes);
    QTest::newRow("threads, 2 workers, chunksize 1") << threads << fork << 2 << 1 << "blur";
    QTest::newRow("threads, 3 workers, chunksize 7, sharpen") << threads << fork << 3 << 7 << "sharpen";
    QTest::newRow("gil-threads, 2 workers, chunksize 1, edges") << gil << fork << 2 << 1 << "edges";
    QTest::newRow("fork, 1 worker, chunksize 7") << procs << fork << 1 << 7 << "blur";
    QTest::newRow("fork, 2 workers, chunksize 1") << procs << fork << 2 << 1 << "blur";
    QTest::newRow("fork, 3 workers, chunksize 7, grey") << procs << fork << 3 << 7 << "grey";
    QTest::newRow("fork, 3 workers, chunksize 1, sharpen") << procs << fork << 3 << 1 << "sharpen";
    QTest::newRow("spawn, 2 workers, chunksize 1") << procs << spawn << 2 << 1 << "blur";
    QTest::newRow("spawn, 3 workers, chunksize 7, edges") << procs << spawn << 3 << 7 << "edges";
}

void TestImageFilter::sameDigestWhateverTheBackend() {
    QFETCH(int, backend);
    QFETCH(int, start);
    QFETCH(int, workers);
    QFETCH(int, chunksize);
    QFETCH(QString, filter);
#if defined(__SANITIZE_THREAD__)
    if (Backend(backend) == Backend::Processes) QSKIP("ThreadSanitizer cannot follow a fork");
#endif
    const auto output = freshOutput();
    const auto r = runExercise(specFor(Backend(backend), StartMethod(start), workers, chunksize,
                                       {{"input", m_input.toStdString()},
                                        {"output", output.toStdString()},
                                        {"size", "40"},
                                        {"radius", "2"},
                                        {"filter", filter.toStdString()}}));
    QCOMPARE(r.status, std::string("ok"));
    QVERIFY(r.result.correct);
    QCOMPARE(check(r, "files_done").toInt(), kSamples);
    QCOMPARE(check(r, "files_failed").toArray().size(), 0);
    QCOMPARE(check(r, "digest").toString(), m_reference[filter.toStdString()]);
    QCOMPARE(fileCount(output), kSamples);
    QVERIFY(childProcesses(getpid()).empty());
}

// Without an input folder the run makes the same pictures writeSampleSet makes, so the digests agree, and
// keeps them beside the outputs. A default output folder appears under the temporary folder; the next run
// with a default output (as in a sweep) replaces it rather than adding another.
void TestImageFilter::generatedSamplesAreKeptBesideOutputs() {
    const auto r =
        runExercise(specFor(Backend::Processes, StartMethod::Fork, 2, 3,
                            {{"samples", std::to_string(kSamples)}, {"size", "40"}, {"radius", "2"}}));
    QCOMPARE(r.status, std::string("ok"));
    QCOMPARE(check(r, "digest").toString(), m_reference["blur"]);
    const auto output = check(r, "output").toString();
    QCOMPARE(ourTemporaryFolders(), QStringList{output});
    QCOMPARE(fileCount(output), kSamples);
    QCOMPARE(fileCount(output + "/generated-samples"), kSamples);
    QVERIFY(std::holds_alternative<Pixels>(
        readImageFile(QString(output + "/generated-samples/sample-005.png").toStdString())));

    const auto again = runExercise(specFor(Backend::Sequential, StartMethod::Fork, 1, 0, {{"samples", "1"}}));
    const auto next = check(again, "output").toString();
    QCOMPARE(ourTemporaryFolders(), QStringList{next});
    QVERIFY(next != output && !QDir(output).exists());
    QVERIFY(QDir(next).removeRecursively());
    QVERIFY(childProcesses(getpid()).empty());
}

void TestImageFilter::cancelledRunLeavesNoWorker() {
#if defined(__SANITIZE_THREAD__)
    QSKIP("ThreadSanitizer cannot follow a fork");
#endif
    CancelOnFirstChunk canceller;
    const auto output = freshOutput();
    RunSession session(*findExercise("image-filter"),
                       specFor(Backend::Processes, StartMethod::Fork, 2, 1,
                               {{"samples", "40"}, {"output", output.toStdString()}, {"size", "256"}}),
                       &canceller);
    canceller.session = &session;
    const auto r = session.run();
    QCOMPARE(r.status, std::string("cancelled"));
    QCOMPARE(fileCount(output + "/generated-samples"), 40); // made before any worker started
    QVERIFY(childProcesses(getpid()).empty());
}

// "Sequential" must mean one core, and a host about to fork must hold no extra thread: no picture may be
// converted on Qt's global thread pool.
void TestImageFilter::sequentialRunUsesOneThread() {
    const auto threads = [] {
        return QDir("/proc/self/task").entryList(QDir::Dirs | QDir::NoDotAndDotDot).size();
    };
    const auto before = threads();
    const auto r =
        runExercise(specFor(Backend::Sequential, StartMethod::Fork, 1, 0,
                            {{"input", m_input.toStdString()}, {"output", freshOutput().toStdString()}}));
    QCOMPARE(r.status, std::string("ok"));
    QCOMPARE(threads(), before);
}
// mpwb-run --json carries the checks next to the common fields, and the digest is the digest of the pictures
// on disk: reading the outputs back gives it again.
void TestImageFilter::runnerReportsChecksAndOutputs() {
    const auto output = freshOutput();
    const auto r = runTool({"run", "image-filter", "--input", m_input, "--output", output, "--size", "40",
                            "--radius", "2", "--workers", "2", "--chunksize", "1", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o["files_done"].toInt(), kSamples);
    QVERIFY(o["files_failed"].isArray());
    QCOMPARE(o["digest"].toString(), m_reference["blur"]);
    QCOMPARE(o["checks"].toObject()["output"].toString(), QFileInfo(output).absoluteFilePath());
    std::uint64_t digest = kFnvOffset;
    for (const auto& name : QDir(output).entryList(QDir::Files, QDir::Name)) {
        const auto read = readImageFile(QString(output + "/" + name).toStdString());
        QVERIFY(std::holds_alternative<Pixels>(read));
        const auto d = pixelDigest(std::get<Pixels>(read));
        std::uint8_t bytes[8];
        for (int i = 0; i < 8; ++i)
            bytes[i] = static_cast<std::uint8_t>(d >> (8 * i));
        const auto n = name.toStdString();
        digest = fnv1a64(bytes, 8, fnv1a64(n.c_str(), n.size() + 1, digest));
    }
    QCOMPARE(QString::fromStdString(hex64(digest)), m_reference["blur"]);
}

void TestImageFilter::badInputIsRefusedWithExitTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    const QString root = m_root.path();
    QDir().mkpath(root + "/empty");
    QDir().mkpath(root + "/only-hidden/sub");
    QFile(root + "/only-hidden/.x").open(QIODevice::WriteOnly);
    QFile plain(root + "/plain.txt");
    plain.open(QIODevice::WriteOnly);
    plain.write("x");
    plain.close();
    QTest::newRow("missing folder") << QStringList{"--input", root + "/nowhere"} << "does not exist";
    QTest::newRow("file instead of folder") << QStringList{"--input", root + "/plain.txt"} << "is a file";
    QTest::newRow("empty folder") << QStringList{"--input", root + "/empty"} << "no files to filter";
    QTest::newRow("only hidden files")
        << QStringList{"--input", root + "/only-hidden"} << "no files to filter";
    QTest::newRow("zero samples") << QStringList{"--samples", "0"} << "--samples must be between 1 and";
    QTest::newRow("output is a file") << QStringList{"--output", root + "/plain.txt"} << "is a file";
    QTest::newRow("output under a file")
        << QStringList{"--output", root + "/plain.txt/out"} << "not a folder";
    QTest::newRow("output is the input")
        << QStringList{"--input", m_input, "--output", m_input} << "another folder than --input";
    QTest::newRow("unknown filter") << QStringList{"--filter", "smear"} << "blur, sharpen, edges, grey";
    QTest::newRow("size too small") << QStringList{"--size", "8"} << "--size";
}

void TestImageFilter::badInputIsRefusedWithExitTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const auto r = runTool(QStringList{"run", "image-filter"} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString(r.err).contains(mentions), r.err.constData());
    const auto j = runTool(QStringList{"run", "image-filter"} + args + QStringList{"--json"});
    QCOMPARE(j.exitCode, 2);
    QVERIFY2(
        QJsonDocument::fromJson(j.out).object()["error"].toObject()["message"].toString().contains(mentions),
        j.out.constData());
}

void TestImageFilter::unwritableOutputIsRefused() {
    if (geteuid() == 0) QSKIP("root may write anywhere");
    const QString locked = m_root.filePath("locked");
    QVERIFY(QDir().mkpath(locked));
    QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner);
    for (const auto& output : {locked, QString(locked + "/new")}) {
        try {
            RunSession session(*findExercise("image-filter"),
                               specFor(Backend::Sequential, StartMethod::Fork, 1, 0,
                                       {{"input", m_input.toStdString()}, {"output", output.toStdString()}}),
                               nullptr);
            QFAIL("an unwritable output folder was accepted");
        } catch (const BadRequest& e) {
            QVERIFY2(QString(e.what()).contains("not writable"), e.what());
        }
    }
    QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

// The plain Python program the lesson shows runs as it is, and its digest does not depend on the pool.
void TestImageFilter::pythonVersionRuns() {
    const auto python = QStandardPaths::findExecutable("python3");
    if (python.isEmpty()) QSKIP("python3 is not installed");
    QString first;
    for (const QStringList& pool : {QStringList{"1", "1"}, QStringList{"2", "3"}}) {
        QProcess p;
        p.start(python,
                QStringList{QString(MPWB_SOURCE_DIR) + "/exercises/python/image_filter.py", "6", "32", "1"} +
                    pool);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const auto out = QString(p.readAllStandardOutput());
        QVERIFY2(out.contains("skipped notes.txt") && out.contains("6 images filtered, 1 skipped"),
                 qPrintable(out));
        const auto digest = out.section("digest ", 1).left(16);
        if (first.isEmpty()) first = digest;
        QCOMPARE(digest, first);
    }
}

QTEST_GUILESS_MAIN(TestImageFilter)
#include "tst_imagefilter.moc"
