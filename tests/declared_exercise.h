// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An exercise as the real engine declares it (its parameters, backends, start methods), for suites that
// build pages from it. Empty when the runner does not list it, which the suite's checks then catch.

#include <QString>

#include "engine_host.h"
#include "exercise_catalogue.h"

inline mpwb::ExerciseDeclaration declaredExercise(const QString& id) {
    mpwb::EngineHost host(MPWB_RUN_PATH);
    QString why;
    const auto list = mpwb::parseExerciseList(host.listExercises(&why), &why);
    for (const auto& e : list)
        if (e.id == id) return e;
    return {};
}
