// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the image-filter suites share: a run's spec, running it in this process, and reading its checks.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <map>
#include <string>

#include "catalogue.h"
#include "run_session.h"

inline mpwb::RunSpec specFor(mpwb::Backend backend, mpwb::StartMethod start, int workers,
                             std::uint64_t chunksize, std::map<std::string, std::string> params) {
    mpwb::RunSpec spec;
    spec.exercise = "image-filter";
    spec.backend = backend;
    spec.startMethod = start;
    spec.workers = workers;
    spec.chunksize = chunksize;
    spec.params = std::move(params);
    spec.cpuInterval = std::chrono::milliseconds(0);
    spec.workerProgram = MPWB_WORKER_PATH;
    return spec;
}

inline mpwb::RunReport runExercise(const mpwb::RunSpec& spec, mpwb::EventSink* events = nullptr) {
    mpwb::RunSession session(*mpwb::findExercise("image-filter"), spec, events);
    return session.run();
}

// A check's JSON text as a value (checks may be strings, numbers or lists).
inline QJsonValue check(const mpwb::RunReport& r, const char* name) {
    const auto text = "[" + r.result.checks.at(name) + "]";
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).array().at(0);
}
