// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One Python program from a lesson (an example, a practice starter) run as a student would run it: saved as
// a file in a folder of its own and started there with python3, standard error merged into its output.

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

struct ProgramRun {
    bool finished = false; // false: it was still running at the limit and was killed
    int exitCode = -1;     // -1: it crashed or was killed
    QByteArray output;
};

inline QString pythonForPrograms() {
    return QStandardPaths::findExecutable("python3");
}

// Runs `code` as fileName; a program still running after limitMs is killed (a limit, not a timing).
inline ProgramRun runPythonProgram(const QString& code, const QString& fileName, int limitMs) {
    ProgramRun run;
    QTemporaryDir dir;
    QFile file(dir.filePath(fileName));
    if (!dir.isValid() || !file.open(QIODevice::WriteOnly)) return run;
    file.write(code.toUtf8());
    file.close();
    QProcess p;
    p.setWorkingDirectory(dir.path());
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(pythonForPrograms(), {fileName});
    if (!p.waitForStarted()) return run;
    run.finished = p.waitForFinished(limitMs);
    if (!run.finished) {
        p.kill();
        p.waitForFinished();
    }
    run.output = p.readAll();
    if (run.finished && p.exitStatus() == QProcess::NormalExit) run.exitCode = p.exitCode();
    return run;
}
