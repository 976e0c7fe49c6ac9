// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the suites that drive the built mpwb-run share: run it to the end and collect its output, tell
// whether a process is gone, list a host's shared-memory segments, and read the workers a stream names.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStringList>
#include <map>
#include <vector>

#include "event_stream.h"
#include "shared_segment.h"

struct Finished {
    int exitCode = -1; // -1: it crashed or had to be killed
    QByteArray out, err;
};

inline Finished runTool(const QStringList& args, int timeoutMs = 120000) {
    QProcess p;
    p.start(MPWB_RUN_PATH, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

inline bool processGone(int pid) {
    QFile stat(QString("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return true;
    return stat.readAll().contains(") Z "); // a zombie no longer runs anything
}

// The /dev/shm entries of segments that process `pid` created.
inline QStringList segmentsOf(qint64 pid) {
    return QDir("/dev/shm")
        .entryList({QString::fromStdString(mpwb::segmentNamePrefix(static_cast<int>(pid))) + "*"},
                   QDir::Files | QDir::System);
}

// Every event of a stream file so far. While its run goes on, the stream is in a temporary file beside it
// (PATH.incomplete-XXXXXX, renamed to PATH once complete), and may end mid-line: that line waits.
inline std::vector<mpwb::Event> eventsIn(const QString& path) {
    QString current = path;
    if (!QFileInfo::exists(path)) {
        const QFileInfo info(path);
        const auto live = info.dir().entryList({info.fileName() + ".incomplete-*"}, QDir::Files);
        if (!live.isEmpty()) current = info.dir().filePath(live.first());
    }
    QFile f(current);
    if (!f.open(QIODevice::ReadOnly)) return {};
    mpwb::EventStreamReader reader;
    return reader.feed(f.readAll().toStdString());
}

// Worker number -> pid, from the worker_started events of a stream file.
inline std::map<int, int> workerPidsIn(const QString& path) {
    std::map<int, int> pids;
    for (const auto& e : eventsIn(path))
        if (const auto* w = std::get_if<mpwb::WorkerStartedEvent>(&e.body)) pids[w->worker] = w->pid;
    return pids;
}
