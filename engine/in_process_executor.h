// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The backends that run tasks inside this process: sequential (the calling thread does everything),
// threads (truly parallel native threads) and gil-threads (the same threads, but task code must hold one
// InterpreterLock, as Python code must hold the GIL).

#include <atomic>
#include <memory>

#include "executor.h"
#include "interpreter_lock.h"

namespace mpwb {

class InProcessExecutor : public Executor {
public:
    explicit InProcessExecutor(ExecutorOptions options);
    ~InProcessExecutor() override;

    void start() override;
    void cancel() override { m_cancelled.store(true); }
    void shutdown() override {}

protected:
    MapOutcome runMap(const MapJob& job, ResultSink& results) override;

private:
    MapOutcome runSequential(const MapJob& job, ResultSink& results);
    MapOutcome runThreads(const MapJob& job, ResultSink& results);

    std::unique_ptr<InterpreterLock> m_gil;
};

} // namespace mpwb
