// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The main() of a spawned worker program: mpwb-worker, and the tests' mpwb-test-worker, which differ only in
// the tasks they know.

namespace mpwb {

// Reads `--serve --parent PID`, becomes a worker (becomeWorker: protocol pipes on stdin and stdout moved away
// first), calls `registerTasks`, and serves chunks. With `--fork-server --parent PID` instead, it becomes a
// fork server (fork_server_loop.h) on the socket it was handed as stdin and stdout. `program` names the
// program in its messages. Returns the process exit status.
int runWorkerMain(int argc, char** argv, const char* program, void (*registerTasks)());

} // namespace mpwb
