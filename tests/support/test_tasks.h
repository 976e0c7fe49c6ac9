// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tasks that exist only for the tests: ones that fail (throw, end the worker, never return),
// one that writes to stdout, and simulated I/O and CPU work of a chosen length. The shipped programs do not
// know them; the suites register them in their own process, and mpwb-test-worker for spawned workers.

namespace mpwb {

class TaskRegistry;

void registerTestTasks(TaskRegistry& registry);

} // namespace mpwb
