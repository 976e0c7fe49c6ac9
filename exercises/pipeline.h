// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Exercise 3: a pipeline. One producer process, a number of worker processes and one collector process,
// joined by two bounded queues in shared memory ("tasks" and "results"). It is not a map, so it runs itself
// (ExerciseRun::runCustom): the host forks the stages, watches them, and turns their progress and the
// queues' traffic into events; it does none of the stages' work.

#include "exercise.h"

namespace mpwb::exercises {

class Pipeline : public Exercise {
public:
    std::string id() const override { return "pipeline"; }
    std::string title() const override { return "Pipeline over queues"; }
    std::string summary() const override;
    std::vector<ParameterSpec> parameters() const override;
    std::vector<Backend> backends() const override { return {Backend::Processes}; }
    // Fork only: its stages are forked from the host and inherit the queues; checkSpec says so to the others.
    std::vector<StartMethod> startMethods() const override { return {StartMethod::Fork}; }
    bool usesChunksize() const override { return false; }
    int defaultWorkers() const override { return 4; }
    void checkSpec(const RunSpec& spec) const override;
    std::string pythonSource() const override;
    std::unique_ptr<ExerciseRun> prepare(const ParameterValues& values,
                                         const CancelCheck& cancel) const override;
};

} // namespace mpwb::exercises
