// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A pool of worker processes, started by fork, spawn or a fork server (forkserver), fed chunks over pipes by
// a single-threaded dispatcher that polls every pipe: it keeps each worker two chunks deep (one running, one
// waiting in the pipe, so no worker idles while its next chunk travels), puts results back in input order,
// and notices a dead worker from its pipe closing.

#include <atomic>
#include <memory>
#include <vector>

#include "executor.h"
#include "worker_process.h"

namespace mpwb {

class ProcessPoolExecutor : public Executor {
public:
    explicit ProcessPoolExecutor(ExecutorOptions options);
    ~ProcessPoolExecutor() override;

    void start() override;
    void cancel() override;
    void shutdown() override;
    std::vector<WorkerInfo> workerProcesses() const override;

protected:
    MapOutcome runMap(const MapJob& job, ResultSink& results) override;

private:
    void startOne(int index);
    void stopAll(bool gracefully);

    std::vector<WorkerProcess> m_workers;
    std::shared_ptr<ForkServer> m_server; // forkserver only: lives exactly as long as the workers
    int m_wake[2] = {-1, -1};             // cancel() writes here so poll() wakes up at once
};

} // namespace mpwb
