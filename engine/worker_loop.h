#pragma once
// The body of a worker process, the same whether it was forked or spawned: say Ready, then run chunks until
// told to stop or until the host's pipe closes (the host is gone: nothing left to work for).

namespace mpwb {

// Returns the process exit status to use.
int serveWorker(int fromHost, int toHost);

// Makes this process die with its parent (Linux: PR_SET_PDEATHSIG), and exit at once if the parent is
// already gone. `expectedParent` is the pid the parent had when it started us.
void dieWithParent(int expectedParent);

} // namespace mpwb
