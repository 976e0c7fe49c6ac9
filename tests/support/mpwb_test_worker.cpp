// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-test-worker: the spawned worker of the test suites. It is mpwb-worker plus the tests' own tasks (the
// ones that fail, stall or print), so that no shipped program carries them.
#include "catalogue.h"
#include "task_registry.h"
#include "test_tasks.h"
#include "worker_main.h"

int main(int argc, char** argv) {
    return mpwb::runWorkerMain(argc, argv, "mpwb-test-worker", [] {
        mpwb::exerciseCatalogue();
        mpwb::registerTestTasks(mpwb::TaskRegistry::instance());
    });
}
