// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the suites that run Python scripts through `mpwb-run python` share: the Python to use, one traced run
// with its report and its event stream, and readers of that stream.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <set>
#include <vector>

#include "event_stream.h"

// The system's own python3 when there is one: a version manager's shim on PATH adds a second to every start.
inline QString testPython() {
    if (QFileInfo("/usr/bin/python3").isExecutable()) return "/usr/bin/python3";
    return QStandardPaths::findExecutable("python3");
}

inline QString exerciseScript(const QString& file) {
    return QStringLiteral(MPWB_SOURCE_DIR "/exercises/python/") + file;
}
inline QString faultScript(const QString& file) {
    return QStringLiteral(MPWB_FIXTURES_DIR "/python_faults/") + file;
}

struct TracedRun {
    int exitCode = -1; // -1: crashed or had to be killed
    QByteArray out, err;
    QJsonObject report; // the --json report
    std::vector<mpwb::Event> events;
    bool streamWhole =
        false; // the --events file was there, read without error, hello first, run_finished last
};

// `mpwb-run python --json --events FILE [options] SCRIPT [args]`, to its end.
inline TracedRun tracedRun(const QStringList& options, const QString& script, const QStringList& args = {},
                           int timeoutMs = 60000) {
    QTemporaryDir dir;
    const auto file = dir.filePath("run.jsonl");
    QProcess p;
    p.start(MPWB_RUN_PATH, QStringList{"python", "--python", testPython(), "--json", "--events", file} +
                               options + QStringList{script} + args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    TracedRun r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.report = QJsonDocument::fromJson(r.out).object();
    if (QFile::exists(file)) {
        try {
            mpwb::EventStreamReader reader;
            r.events = reader.readFile(file.toStdString());
            r.streamWhole = !r.events.empty() &&
                            std::holds_alternative<mpwb::HelloEvent>(r.events.front().body) &&
                            std::holds_alternative<mpwb::RunFinishedEvent>(r.events.back().body);
        } catch (const std::exception&) {
        }
    }
    return r;
}

template <typename T> std::vector<T> eventsOf(const std::vector<mpwb::Event>& events) {
    std::vector<T> out;
    for (const auto& e : events)
        if (const auto* x = std::get_if<T>(&e.body)) out.push_back(*x);
    return out;
}

inline QString outputOf(const std::vector<mpwb::Event>& events, const std::string& stream) {
    std::string text;
    for (const auto& o : eventsOf<mpwb::OutputEvent>(events))
        if (o.stream == stream) text += o.text;
    return QString::fromStdString(text);
}

inline std::set<int> workerPids(const std::vector<mpwb::Event>& events) {
    std::set<int> pids;
    for (const auto& w : eventsOf<mpwb::WorkerStartedEvent>(events))
        pids.insert(w.pid);
    return pids;
}

// Running and not a zombie.
inline bool processAlive(int pid) {
    QFile stat(QString("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return false;
    return !stat.readAll().contains(") Z ");
}
