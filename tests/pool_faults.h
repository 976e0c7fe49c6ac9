// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the suites of the process pool's faults (tst_pool_stalls, tst_pool_faults) share: a pool's options and
// items, and the checks that nothing of a run is left (its process group, /dev/shm) and that its error is
// named.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <chrono>
#include <thread>
#include <vector>

#include "executor.h"
#include "runner_process.h"

using Clock = std::chrono::steady_clock;

inline mpwb::ExecutorOptions poolOptions(mpwb::StartMethod start, int workers,
                                         std::chrono::milliseconds stallTimeout) {
    mpwb::ExecutorOptions o;
    o.backend = mpwb::Backend::Processes;
    o.startMethod = start;
    o.workers = workers;
    o.workerProgram = MPWB_TEST_WORKER_PATH; // spawned workers need the tests' own tasks (tests/support)
    o.stallTimeout = stallTimeout;
    return o;
}

// `n` items, each the u64 `value` (a task's argument: microseconds to sleep or spin, a number to square).
inline mpwb::VectorItems sameItems(int n, std::uint64_t value) {
    std::vector<mpwb::Bytes> items;
    for (int i = 0; i < n; ++i) {
        mpwb::Bytes b;
        mpwb::ByteWriter(b).put<std::uint64_t>(value);
        items.push_back(b);
    }
    return mpwb::VectorItems(std::move(items));
}

// Every process, zombies included, whose process group is `pgid`: a runner started with setsid and all its
// workers, wherever they were reparented to.
inline std::vector<int> processesInGroup(int pgid) {
    std::vector<int> found;
    for (const auto& name : QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat("/proc/" + name + "/stat");
        if (!stat.open(QIODevice::ReadOnly)) continue;
        const auto text = stat.readAll().toStdString();
        const auto close = text.rfind(')');
        int ppid = 0, group = 0;
        char state = 0;
        if (close != std::string::npos &&
            std::sscanf(text.c_str() + close + 1, " %c %d %d", &state, &ppid, &group) == 3 && group == pgid)
            found.push_back(name.toInt());
    }
    return found;
}

// Waits up to `ms` for the group to empty (the last worker may still be on its way out when the runner ends).
inline bool groupEmpties(int pgid, int ms = 3000) {
    const auto until = Clock::now() + std::chrono::milliseconds(ms);
    while (!processesInGroup(pgid).empty()) {
        if (Clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

// Nothing of a runner started with setsid (its pid is its group) is left: no process of its group, no
// /dev/shm segment it made. (Not all of /dev/shm: other suites may run beside this one.)
inline bool runnerLeftNothing(int group) {
    return groupEmpties(group) && segmentsOf(group).isEmpty();
}

// The "error" object of the runner's --json output.
inline QJsonObject errorOf(const QByteArray& json) {
    return QJsonDocument::fromJson(json).object().value("error").toObject();
}

inline void addStartMethodRows() {
    QTest::addColumn<int>("start");
    QTest::newRow("fork") << int(mpwb::StartMethod::Fork);
    QTest::newRow("spawn") << int(mpwb::StartMethod::Spawn);
    QTest::newRow("forkserver") << int(mpwb::StartMethod::Forkserver);
}

inline double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}
