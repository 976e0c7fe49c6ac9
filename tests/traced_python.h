// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Real python3 runs with the tracer (engine/tracer, docs/PYTHON_RUNS.md), seen from the runner's side: bind
// the facts socket, run the script with the built tracer first on PYTHONPATH, collect every fact of its tree
// until it ends, and read the facts' fields with their types checked.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <boost/json.hpp>
#include <csignal>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

namespace traced_python {

namespace json = boost::json;

inline const QString kPython = QStringLiteral("/usr/bin/python3");

inline QString exercise(const char* name) {
    return QStringLiteral(MPWB_SOURCE_DIR "/exercises/python/") + name;
}
inline QString fixture(const char* name) {
    return QStringLiteral(MPWB_FIXTURES_DIR "/python/") + name;
}

// The runner's end of the facts socket: a bound Unix datagram socket, read without blocking.
class FactSocket {
public:
    explicit FactSocket(const QString& path) : m_path(path.toStdString()) {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        if (m_fd < 0 || m_path.size() >= sizeof(address.sun_path)) return;
        std::copy(m_path.begin(), m_path.end(), address.sun_path);
        const int buffer = 4 << 20;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
        if (::bind(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) close();
    }
    ~FactSocket() { close(); }
    FactSocket(const FactSocket&) = delete;
    FactSocket& operator=(const FactSocket&) = delete;

    bool isOpen() const { return m_fd >= 0; }
    // The runner going away: the socket closed and its name gone.
    void close() {
        if (m_fd < 0) return;
        ::close(m_fd);
        ::unlink(m_path.c_str());
        m_fd = -1;
    }
    // Every datagram waiting now; one that is not a JSON object is counted in `malformed`.
    void drain(std::vector<json::object>& facts, int& malformed) {
        std::vector<char> buffer(65536);
        while (m_fd >= 0) {
            const ssize_t n = ::recv(m_fd, buffer.data(), buffer.size(), 0);
            if (n < 0) return;
            json::error_code ec;
            json::value v = json::parse(json::string_view(buffer.data(), static_cast<size_t>(n)), ec);
            if (ec || !v.is_object())
                ++malformed;
            else
                facts.push_back(std::move(v.as_object()));
        }
    }

private:
    std::string m_path;
    int m_fd = -1;
};

struct Run {
    int exitCode = -1; // -1: crashed or killed
    qint64 pid = 0;
    QByteArray out, err;
    std::vector<json::object> facts;
    int malformed = 0;
    bool killed = false; // it hung: its whole process group was killed

    std::vector<const json::object*> of(const char* kind) const {
        std::vector<const json::object*> found;
        for (const auto& f : facts)
            if (f.at("k").is_string() && f.at("k").as_string() == kind) found.push_back(&f);
        return found;
    }
};

enum class Trace { On, Off, CloseAfterHello };

// Whether a process of process group `group` still runs (a zombie waiting for its reaper does not).
inline bool groupRunning(qint64 group) {
    const auto pids = QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& pid : pids) {
        QFile stat("/proc/" + pid + "/stat");
        if (!stat.open(QIODevice::ReadOnly)) continue;
        const QByteArray line = stat.readAll();
        // pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its closing parenthesis.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 2 && fields[2].toLongLong() == group && fields[0] != "Z") return true;
    }
    return false;
}

// Runs python3 SCRIPT ARGS; with Trace::On the facts of the whole tree are collected until it ends. Untraced
// (Trace::Off), nothing reads MPWB_START_METHOD: the interpreter's default start method is used.
inline Run runPython(const QStringList& args, const QString& startMethod = {}, Trace trace = Trace::On) {
    QTemporaryDir dir;
    FactSocket socket(dir.filePath("facts"));
    Run run;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("PYTHONPATH");
    env.remove("MPWB_TRACE_SOCKET");
    env.remove("MPWB_TRACE_ROOT");
    env.remove("MPWB_START_METHOD");
    if (trace != Trace::Off) {
        env.insert("PYTHONPATH", MPWB_TRACER_DIR);
        env.insert("MPWB_TRACE_SOCKET", dir.filePath("facts"));
    }
    if (!startMethod.isEmpty()) env.insert("MPWB_START_METHOD", startMethod);
    p.setProcessEnvironment(env);
    // Its own process group, so that a run that hangs (or leaves a process behind) is ended whole.
    p.setChildProcessModifier([] { ::setpgid(0, 0); });
    p.start(kPython, args);
    if (!p.waitForStarted()) return run;
    run.pid = p.processId();
    QElapsedTimer clock;
    clock.start();
    qint64 scriptEnded = -1; // when the script's own process ended
    while (true) {
        p.waitForFinished(20);
        const bool scriptRunning = p.state() != QProcess::NotRunning;
        socket.drain(run.facts, run.malformed);
        if (trace == Trace::CloseAfterHello && !run.facts.empty()) socket.close();
        if (scriptRunning) {
            if (clock.elapsed() < 120000) continue;
        } else {
            if (scriptEnded < 0) scriptEnded = clock.elapsed();
            if (!groupRunning(run.pid)) break;
            QThread::msleep(20);
            if (clock.elapsed() - scriptEnded < 10000) continue; // the rest of the tree (resource tracker)
        }
        ::kill(-static_cast<pid_t>(run.pid), SIGKILL); // it hung, or left a process behind
        p.waitForFinished();
        run.killed = true;
        break;
    }
    socket.drain(run.facts, run.malformed); // the tree has ended: every fact it sent is queued by now
    if (run.killed) {
        // What its resource tracker would have removed: the shared memory and semaphores it reported.
        for (const auto& f : run.facts)
            if (f.at("k") == json::string_view("segment") && f.contains("name") && f.at("name").is_string())
                QFile::remove("/dev/shm" + QString::fromUtf8(f.at("name").as_string().c_str()));
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

// Output with what changes from run to run masked: durations, and the unlocked counter's lost updates.
inline QString stable(const QByteArray& out) {
    QString text = QString::fromUtf8(out);
    text.replace(QRegularExpression(R"(\d+\.\d+ s\b)"), "T s");
    text.replace(QRegularExpression(R"(none: expected (\d+), final \d+, lost -?\d+)"), "none: expected \\1");
    return text;
}

inline bool isInt(const json::object& f, const char* key) {
    return f.contains(key) && f.at(key).is_int64();
}
inline bool isString(const json::object& f, const char* key) {
    return f.contains(key) && f.at(key).is_string();
}
inline bool isBool(const json::object& f, const char* key) {
    return f.contains(key) && f.at(key).is_bool();
}
inline QString text(const json::object& f, const char* key) {
    return isString(f, key) ? QString::fromUtf8(f.at(key).as_string().c_str()) : QString();
}
inline std::int64_t number(const json::object& f, const char* key) {
    return isInt(f, key) ? f.at(key).as_int64() : -1;
}

// The fields the runner relies on, with their types, for every kind it knows.
inline QString malformedFact(const json::object& f) {
    if (!isString(f, "k") || number(f, "pid") <= 0 || number(f, "t") <= 0) return "no k, pid or t";
    const QString k = text(f, "k");
    std::vector<const char*> ints, strings, bools;
    if (k == "hello") {
        strings = {"python", "executable", "start_method"};
        ints = {"ppid"};
        bools = {"gil", "main"};
    } else if (k == "process_started") {
        ints = {"child", "asked_t"};
        strings = {"start_method", "name", "role"};
    } else if (k == "process_ready") {
        strings = {"name"};
    } else if (k == "process_ended") {
        ints = {"child", "exitcode"};
    } else if (k == "dispatch") {
        strings = {"key", "call"};
        ints = {"items", "bytes", "encode_ns"};
    } else if (k == "chunk") {
        strings = {"key"};
        ints = {"start", "end", "items", "bytes_in", "decode_ns", "bytes_out", "encode_ns"};
    } else if (k == "queue") {
        strings = {"queue"};
        ints = {"capacity",  "depth",     "puts",           "gets",
                "bytes_put", "bytes_got", "put_blocked_ns", "get_blocked_ns"};
    } else if (k == "counter") {
        strings = {"name"};
        ints = {"value", "writes", "locked_writes"};
    } else if (k == "lock") {
        strings = {"name"};
        bools = {"holding"};
        ints = {"waiting", "acquisitions", "waited_ns"};
    } else if (k == "segment") {
        strings = {"action", "name"};
        ints = {"bytes"};
    } else if (k == "unpicklable") {
        strings = {"what", "where", "message", "lesson"};
    } else if (k == "main_guard") {
        strings = {"where", "start_method"};
    } else if (k == "exception") {
        strings = {"type", "message", "file", "traceback"};
        ints = {"line"};
    } else {
        return "unknown kind " + k;
    }
    for (const char* key : ints)
        if (!isInt(f, key)) return k + " without the number " + key;
    for (const char* key : strings)
        if (!isString(f, key)) return k + " without the text " + key;
    for (const char* key : bools)
        if (!isBool(f, key)) return k + " without the flag " + key;
    return {};
}

} // namespace traced_python
