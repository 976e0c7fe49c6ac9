// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The body of a worker process, the same whether it was forked or spawned: say Ready, then run chunks until
// told to stop or until the host's pipe closes (the host is gone: nothing left to work for).

namespace mpwb {

struct WorkerPipes {
    int fromHost = -1;
    int toHost = -1;
};

// The first thing a worker process does, forked or spawned, before any task code runs in it:
// - it ignores SIGINT and SIGQUIT: Ctrl-C in a terminal reaches the whole process group, and only the host
//   decides what a Ctrl-C means (a cancel); the host blocks both around fork and spawn, and they are
//   unblocked here only once ignored, so none can slip in between;
// - it dies with its parent (PR_SET_PDEATHSIG), and exits at once if the parent is already gone;
// - its protocol pipes move above fd 2, stdin reads /dev/null and stdout goes to stderr, so that a task's
//   stray printf can corrupt neither the protocol nor the host's event stream on stdout;
// - every other descriptor is closed, so no other worker's pipe is kept open by it.
// Nothing here allocates: a child forked from a multi-threaded host may find the allocator's lock taken.
WorkerPipes becomeWorker(int expectedParent, WorkerPipes pipes);

// Points this child's stdout at its stderr, so that a stray printf cannot write into the host's stdout (the
// runner's event stream), and drops the copy of the host's unwritten stdout buffer that a forked child holds,
// which the first flush would otherwise write a second time. Allocates nothing.
void pointStdoutAtStderr();

// Returns the process exit status to use.
int serveWorker(WorkerPipes pipes);

// Makes this process die with its parent (Linux: PR_SET_PDEATHSIG), and exit at once if the parent is
// already gone. `expectedParent` is the pid the parent had when it started us. (becomeWorker does this too.)
void dieWithParent(int expectedParent);

} // namespace mpwb
