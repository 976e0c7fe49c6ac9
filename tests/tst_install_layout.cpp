// SPDX-License-Identifier: GPL-3.0-or-later
// The installed tree, as `cmake --install` lays it out, moved to another folder: mpwb-run finds its worker
// relative to where it now is, says every place it looked when the worker is gone, and nothing of the
// build (tests, benchmarks, helper programs) comes along.
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Finished {
    int exitCode = -1;
    QByteArray out, err;
};

Finished run(const QString& program, const QStringList& args, const QProcessEnvironment& env) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

// No MPWB_WORKER: the lookup under test is the one an installed program makes on its own.
QProcessEnvironment withoutWorkerOverride() {
    auto env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("MPWB_WORKER"));
    return env;
}

} // namespace

class TestInstallLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void spawnedWorkersAreFoundInTheMovedTree();
    void aMissingWorkerNamesEveryPlaceLooked();
    void onlyTheProgramsAreInstalled();

private:
    QTemporaryDir m_dir;
    QString m_prefix; // the installed tree after its move
};

void TestInstallLayout::initTestCase() {
    const auto cmake = QStandardPaths::findExecutable(QStringLiteral("cmake"));
    if (cmake.isEmpty()) QSKIP("cmake is needed to install the build");
    QVERIFY(m_dir.isValid());
    // The build folder is the one whose bin/ holds the mpwb-run under test.
    QDir build = QFileInfo(QStringLiteral(MPWB_RUN_PATH)).dir();
    QVERIFY(build.cdUp());
    const auto installed = m_dir.filePath(QStringLiteral("installed"));
    QProcess install;
    install.start(cmake, {QStringLiteral("--install"), build.path(), QStringLiteral("--prefix"), installed});
    QVERIFY(install.waitForFinished(120000));
    QVERIFY2(install.exitCode() == 0, install.readAllStandardError().constData());
    const auto moved = m_dir.filePath(QStringLiteral("moved"));
    QVERIFY(QDir().rename(installed, moved));
    m_prefix = QFileInfo(moved).canonicalFilePath(); // as /proc/self/exe will name it
}

void TestInstallLayout::spawnedWorkersAreFoundInTheMovedTree() {
    const auto finished =
        run(m_prefix + QStringLiteral("/bin/mpwb-run"),
            {QStringLiteral("run"), QStringLiteral("sum-squares"), QStringLiteral("--backend"),
             QStringLiteral("processes"), QStringLiteral("--start"), QStringLiteral("spawn"),
             QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--json")},
            withoutWorkerOverride());
    QVERIFY2(finished.exitCode == 0, finished.out.constData());
    QCOMPARE(QJsonDocument::fromJson(finished.out).object().value(QStringLiteral("status")).toString(),
             QStringLiteral("ok"));
}

void TestInstallLayout::aMissingWorkerNamesEveryPlaceLooked() {
    QDirIterator workers(m_prefix, {QStringLiteral("mpwb-worker")}, QDir::Files,
                         QDirIterator::Subdirectories);
    QVERIFY2(workers.hasNext(), "mpwb-worker is not installed");
    const auto worker = workers.next();
    const QString bin = m_prefix + QStringLiteral("/bin/");
    QVERIFY(!worker.startsWith(bin)); // beside the runner, it would be found before the installed place
    const QString hidden = worker + QStringLiteral(".hidden");
    QVERIFY(QFile::rename(worker, hidden));
    const auto finished = run(bin + QStringLiteral("mpwb-run"),
                              {QStringLiteral("run"), QStringLiteral("sum-squares"),
                               QStringLiteral("--backend"), QStringLiteral("processes"),
                               QStringLiteral("--start"), QStringLiteral("spawn"), QStringLiteral("--json")},
                              withoutWorkerOverride());
    QVERIFY(QFile::rename(hidden, worker));
    QCOMPARE(finished.exitCode, 1);
    const auto message = QJsonDocument::fromJson(finished.out)
                             .object()
                             .value(QStringLiteral("error"))
                             .toObject()
                             .value(QStringLiteral("message"))
                             .toString();
    QVERIFY2(message.contains(QStringLiteral("does not exist")) &&
                 message.contains(QStringLiteral("MPWB_WORKER")) &&
                 message.contains(QString(bin + QStringLiteral("mpwb-worker"))) && message.contains(worker),
             qPrintable(message));
}

void TestInstallLayout::onlyTheProgramsAreInstalled() {
    QStringList programs;
    QDirIterator it(m_prefix, QDir::Files | QDir::Executable, QDirIterator::Subdirectories);
    while (it.hasNext())
        programs << QDir(m_prefix).relativeFilePath(it.next());
    programs.sort();
    // The app is there only when the build made it; tests, benchmarks and build helpers never are.
    QStringList expected{QStringLiteral("bin/mpwb-run")};
    if (QFileInfo::exists(m_prefix + QStringLiteral("/bin/mpwb"))) expected << QStringLiteral("bin/mpwb");
    expected.sort();
    QCOMPARE(programs.filter(QStringLiteral("bin/")), expected);
    QCOMPARE(programs.filter(QStringLiteral("mpwb-worker")).size(), 1);
    QCOMPARE(programs.size(), expected.size() + 1);
}

QTEST_GUILESS_MAIN(TestInstallLayout)
#include "tst_install_layout.moc"
