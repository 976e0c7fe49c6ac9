// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The six ways of running a map that the executor suites check alike, one row each.

#include <QtTest>

#include "executor.h"

struct BackendChoice {
    mpwb::Backend backend;
    mpwb::StartMethod start;
    const char* name;
};
inline const BackendChoice kBackends[] = {
    {mpwb::Backend::Sequential, mpwb::StartMethod::Fork, "sequential"},
    {mpwb::Backend::Threads, mpwb::StartMethod::Fork, "threads"},
    {mpwb::Backend::GilThreads, mpwb::StartMethod::Fork, "gil-threads"},
    {mpwb::Backend::Processes, mpwb::StartMethod::Fork, "processes-fork"},
    {mpwb::Backend::Processes, mpwb::StartMethod::Spawn, "processes-spawn"},
    {mpwb::Backend::Processes, mpwb::StartMethod::Forkserver, "processes-forkserver"}};

// ThreadSanitizer cannot follow a fork, so its build checks the thread backends only.
inline void skipProcessesUnderTsan(mpwb::Backend b) {
#if defined(__SANITIZE_THREAD__)
    if (b == mpwb::Backend::Processes) QSKIP("process backends are not checked under ThreadSanitizer");
#else
    Q_UNUSED(b);
#endif
}

inline mpwb::ExecutorOptions optionsFor(mpwb::Backend b, mpwb::StartMethod s, int workers,
                                        mpwb::EventSink* events = nullptr) {
    skipProcessesUnderTsan(b);
    mpwb::ExecutorOptions o;
    o.backend = b;
    o.startMethod = s;
    o.workers = workers;
    o.workerProgram = MPWB_TEST_WORKER_PATH; // spawned workers need the tests' own tasks (tests/support)
    o.events = events;
    return o;
}
