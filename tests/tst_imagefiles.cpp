// SPDX-License-Identifier: GPL-3.0-or-later
// Exercise 2, image-filter, one file at a time: damaged files named while the rest complete; large pictures
// filtered and oversized ones refused by their size; a file recognised from its first bytes, never read
// whole; folder entries that are not files named with the reason; an output that cannot be written fails the
// run by name; a run that filtered nothing is not correct.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "image_files.h"
#include "image_filter_runs.h"
#include "process_census.h"
#include "runner_process.h"
#include "sample_images.h"

using namespace mpwb;
using namespace mpwb::exercises;

namespace {

constexpr int kSamples = 8; // the same set as tst_imagefilter's: sample-003.png is a mid-sized picture

// Bytes this process has read through read(2) and friends so far.
qint64 bytesRead() {
    QFile io("/proc/self/io");
    if (!io.open(QIODevice::ReadOnly)) return -1;
    for (const auto& line : io.readAll().split('\n'))
        if (line.startsWith("rchar: ")) return line.mid(7).toLongLong();
    return -1;
}

QByteArray bigEndian32(std::uint32_t v) {
    const char bytes[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    return QByteArray(bytes, 4);
}

// A PNG chunk with its length and checksum, so a hand-made file passes the structure check.
QByteArray pngChunk(const char* type, const QByteArray& data) {
    const QByteArray typed = QByteArray(type, 4) + data;
    std::uint32_t c = 0xffffffffu;
    for (const char byte : typed) {
        c ^= std::uint8_t(byte);
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    return bigEndian32(std::uint32_t(data.size())) + typed + bigEndian32(c ^ 0xffffffffu);
}

} // namespace

class TestImageFiles : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void damagedFilesAreReportedByName();
    void unwritableOutputFileFailsTheRun();
    void largePicturesAreFiltered();
    void oversizedPictureIsRefusedBySize();
    void nonImageIsReadOnlyByItsFirstBytes();
    void entriesThatAreNotFilesAreNamed();
    void nothingFilteredIsNotCorrect();

private:
    QTemporaryDir m_root;
    QString m_input;
    int m_outputs = 0;

    QString freshOutput() { return m_root.filePath(QString("out-%1").arg(m_outputs++)); }
};

void TestImageFiles::initTestCase() {
    std::signal(SIGPIPE, SIG_IGN); // as the programs do: the host writes to workers that may have died
    QVERIFY(m_root.isValid());
    m_input = m_root.filePath("input");
    QVERIFY(QDir().mkpath(m_input));
    writeSampleSet(m_input.toStdString(), kSamples);
}

void TestImageFiles::damagedFilesAreReportedByName() {
    const QString folder = m_root.filePath("mixed");
    QVERIFY(QDir().mkpath(folder + "/a-subfolder"));
    for (int i : {0, 1, 2})
        QVERIFY(QFile::copy(QString("%1/sample-00%2.png").arg(m_input).arg(i),
                            QString("%1/good-%2.png").arg(folder).arg(i)));
    QFile source(m_input + "/sample-003.png");
    QVERIFY(source.open(QIODevice::ReadOnly));
    const auto png = source.readAll();
    const auto write = [&](const QString& name, const QByteArray& bytes) {
        QFile f(folder + "/" + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    };
    auto corrupt = png;
    for (int i = 0; i < 40; ++i)
        corrupt[png.size() / 2 + i] = char(corrupt[png.size() / 2 + i] ^ 0x5a);
    write("corrupt.png", corrupt);
    write("truncated.png", png.left(png.size() / 2));
    write("notes.txt", "these are not pixels\n");
    write(".hidden.png", png); // left out, like the subfolder

    const auto output = freshOutput();
    const auto r = runExercise(
        specFor(Backend::Processes, StartMethod::Fork, 2, 2,
                {{"input", folder.toStdString()}, {"output", output.toStdString()}, {"size", "32"}}));
    QCOMPARE(r.status, std::string("ok"));
    QVERIFY(r.result.correct); // skipped files are the inputs' fault, not the run's
    QCOMPARE(r.items, std::uint64_t(6));
    QCOMPARE(check(r, "files_done").toInt(), 3);
    QCOMPARE(r.result.value, std::string("3 images filtered, 3 skipped"));
    std::map<QString, QString> reasons;
    for (const auto& f : check(r, "files_failed").toArray())
        reasons[f.toObject()["file"].toString()] = f.toObject()["reason"].toString();
    QCOMPARE(reasons.size(), std::size_t(3));
    QVERIFY2(reasons["corrupt.png"].contains("corrupt PNG"), qPrintable(reasons["corrupt.png"]));
    QVERIFY2(reasons["truncated.png"].contains("truncated PNG"), qPrintable(reasons["truncated.png"]));
    QVERIFY2(reasons["notes.txt"].contains("not an image"), qPrintable(reasons["notes.txt"]));
    QCOMPARE(QDir(output).entryList(QDir::Files), QStringList({"good-0.png", "good-1.png", "good-2.png"}));
    QVERIFY(childProcesses(getpid()).empty());
}

// A picture that cannot be written is the run's failure, not the input's: the run stops and names the file.
void TestImageFiles::unwritableOutputFileFailsTheRun() {
    const auto output = freshOutput();
    QVERIFY(QDir().mkpath(output + "/sample-003.png")); // a folder where the picture should go
    const auto r = runExercise(
        specFor(Backend::Processes, StartMethod::Fork, 2, 1,
                {{"input", m_input.toStdString()}, {"output", output.toStdString()}, {"size", "32"}}));
    QCOMPARE(r.status, std::string("error"));
    QVERIFY(r.error);
    QCOMPARE(r.error->kind, std::string("file-failed"));
    QCOMPARE(r.error->file, QString(output + "/sample-003.png").toStdString());
    QVERIFY2(r.error->message.find("The file was sample-003.png.") != std::string::npos,
             r.error->message.c_str());
    QCOMPARE(QDir(output).entryList({".*.incomplete-*"}, QDir::Files | QDir::Hidden), QStringList());
    QVERIFY(childProcesses(getpid()).empty());
}

// Qt's default limit (128 MB a picture) called these "damaged image data"; they are valid and are filtered.
void TestImageFiles::largePicturesAreFiltered() {
    const QString folder = m_root.filePath("large");
    QVERIFY(QDir().mkpath(folder));
    {
        QImage square(6000, 6000, QImage::Format_RGB32); // 144 MB decoded; one colour encodes small and fast
        square.fill(QColor(200, 120, 40));
        QVERIFY(square.save(folder + "/square-6000.png"));
    }
    {
        QImage camera(8000, 6000, QImage::Format_RGB32); // 48 megapixels, as a phone takes them
        camera.fill(QColor(30, 90, 160));
        QVERIFY(camera.save(folder + "/camera-48mp.jpg", "JPEG", 80));
    }
    const auto r = runExercise(specFor(Backend::Processes, StartMethod::Fork, 2, 1,
                                       {{"input", folder.toStdString()},
                                        {"output", freshOutput().toStdString()},
                                        {"size", "64"},
                                        {"filter", "grey"}}));
    QCOMPARE(r.status, std::string("ok"));
    QVERIFY2(check(r, "files_failed").toArray().isEmpty(), r.result.checks.at("files_failed").c_str());
    QCOMPARE(check(r, "files_done").toInt(), 2);
    QVERIFY(r.result.correct);
    QVERIFY(childProcesses(getpid()).empty());
}

// Beyond what a worker is allowed to hold, a picture is refused by its size, read from its header, before a
// pixel is decoded: never called damaged.
void TestImageFiles::oversizedPictureIsRefusedBySize() {
    const QString path = m_root.filePath("huge.png");
    // 8-bit RGB: 1.6 GB decoded, and the decoder is never asked.
    const QByteArray ihdr = bigEndian32(20000) + bigEndian32(20000) + QByteArray("\x08\x02\x00\x00\x00", 5);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
            pngChunk("IDAT", QByteArray(64, 'x')) + pngChunk("IEND", {}));
    f.close();
    const auto read = readImageFile(path.toStdString());
    QVERIFY(std::holds_alternative<std::string>(read));
    const auto why = QString::fromStdString(std::get<std::string>(read));
    QVERIFY2(why.startsWith("too large: 20000 x 20000 pixels (400 megapixels)"), qPrintable(why));
}

// A 2 GiB "video" among the pictures: told apart by its first bytes, and nothing more of it is read.
void TestImageFiles::nonImageIsReadOnlyByItsFirstBytes() {
    const QString path = m_root.filePath("holiday.mp4");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("\x00\x00\x00\x20"
                       "ftypisom",
                       12));
    QVERIFY(f.resize(qint64(2) << 30)); // sparse: it takes no disk
    f.close();
    const auto before = bytesRead();
    QVERIFY(before >= 0);
    const auto read = readImageFile(path.toStdString());
    const auto after = bytesRead();
    QVERIFY(std::holds_alternative<std::string>(read));
    QVERIFY2(std::get<std::string>(read).find("not an image") == 0, std::get<std::string>(read).c_str());
    QVERIFY2(after - before < 64 * 1024, qPrintable(QString("read %1 bytes").arg(after - before)));
    qInfo("a 2 GiB non-image file cost %lld bytes of reading", after - before);
}

// A broken link, a named pipe and a link to a device are not silently left out: each is named with why, in
// the result (in the stream as well) and in mpwb-run's --json, and the pictures beside them are filtered.
void TestImageFiles::entriesThatAreNotFilesAreNamed() {
    const QString folder = m_root.filePath("special");
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::copy(m_input + "/sample-000.png", folder + "/good.png"));
    QVERIFY(QFile::link(folder + "/gone.png", folder + "/broken-link.png"));
    QCOMPARE(::mkfifo((folder + "/pipe.png").toLocal8Bit().constData(), 0644), 0);
    QVERIFY(QFile::link("/dev/null", folder + "/device.png"));
    VectorSink events;
    const auto r =
        runExercise(specFor(Backend::Processes, StartMethod::Fork, 2, 1,
                            {{"input", folder.toStdString()}, {"output", freshOutput().toStdString()}}),
                    &events);
    QCOMPARE(r.status, std::string("ok"));
    QCOMPARE(r.items, std::uint64_t(1));
    QVERIFY(r.result.correct);
    const std::map<QString, QString> expected{
        {"broken-link.png", "does not exist"}, {"pipe.png", "a named pipe"}, {"device.png", "a device"}};
    std::map<QString, QString> reasons;
    for (const auto& f : check(r, "files_failed").toArray())
        reasons[f.toObject()["file"].toString()] = f.toObject()["reason"].toString();
    for (const auto& [name, why] : expected)
        QVERIFY2(reasons[name].contains(why), qPrintable(name + ": " + reasons[name]));
    // The stream's result event carries them too.
    const auto streamed = events.events();
    const auto result = std::find_if(streamed.rbegin(), streamed.rend(), [](const Event& e) {
        return std::holds_alternative<ResultEvent>(e.body);
    });
    QVERIFY(result != streamed.rend());
    QCOMPARE(std::get<ResultEvent>(result->body).checks.at("files_failed"),
             r.result.checks.at("files_failed"));
    const auto j = runTool({"run", "image-filter", "--input", folder, "--output", freshOutput(), "--json"});
    QCOMPARE(j.exitCode, 0);
    const auto failed = QJsonDocument::fromJson(j.out).object()["files_failed"].toArray();
    QCOMPARE(failed.size(), 3);
    QVERIFY(childProcesses(getpid()).empty());
}

// 0 of 1 files filtered is not what was asked: not correct, and mpwb-run says so with exit status 1.
void TestImageFiles::nothingFilteredIsNotCorrect() {
    const QString folder = m_root.filePath("no-pictures");
    QVERIFY(QDir().mkpath(folder));
    QFile notes(folder + "/notes.txt");
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("no pixels here\n");
    notes.close();
    const auto r =
        runExercise(specFor(Backend::Sequential, StartMethod::Fork, 1, 0,
                            {{"input", folder.toStdString()}, {"output", freshOutput().toStdString()}}));
    QCOMPARE(r.status, std::string("ok"));
    QVERIFY(!r.result.correct);
    QVERIFY2(r.result.value.find("no picture came out") != std::string::npos, r.result.value.c_str());
    const auto j = runTool({"run", "image-filter", "--input", folder, "--output", freshOutput(), "--json"});
    QCOMPARE(j.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(j.out).object()["correct"].toBool(true), false);
}

QTEST_GUILESS_MAIN(TestImageFiles)
#include "tst_imagefiles.moc"
