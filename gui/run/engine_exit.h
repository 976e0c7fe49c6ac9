// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the engine host (mpwb-run) ended, in words a student understands: killed by a signal (named, as in
// SIGKILL or SIGSEGV) or exited with a code, and what to try next. "Status -1" tells a student nothing.

#include <QString>

namespace mpwb {

// The engine's own exit codes (engine/programs/mpwb_run.cpp).
constexpr int kEngineExitFailed = 1, kEngineExitBadRequest = 2, kEngineExitCancelled = 130;

// "SIGSEGV" for a signal number, or "signal 42" for one without a usual name.
QString signalName(int signal);
// What became of the engine and what to try. `killedBy` is the signal that ended it (0: it exited with
// `exitCode` on its own).
QString engineEndWords(int killedBy, int exitCode);

} // namespace mpwb
