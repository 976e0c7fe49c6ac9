// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a failed run's error says to a student, by its kind: a short headline for the progress bar ("Stalled",
// "A worker could not start") and a sentence of what to try, so a stall or a full disk never reads like a bug
// of the workbench. The engine's own message says what failed; these words add what to do about it.

#include <QString>

#include "events.h"

namespace mpwb {

// "Stalled", "A worker died", "Could not write", ...: a few words for the bar ("Stalled at 40%").
QString failureHeadline(const ErrorEvent& error);

// What to try next, one or two sentences; empty when the message says it all (a cancel). `stallTimeoutMs`
// is the run's stall timeout from run_started (0: unknown), so a stall can say how long was waited.
QString failureAdvice(const ErrorEvent& error, std::int64_t stallTimeoutMs);

// The mpwb: link of the lesson that explains this kind of failure (the main guard, what can be pickled);
// empty when no lesson does.
QString failureLesson(const ErrorEvent& error);

// The result panel's rich text for a failed run: the headline, the engine's message (escaped), the fields
// that name what failed (worker, pid, chunk, file, parameter), the advice and the lesson's link if any.
QString failureHtml(const ErrorEvent& error, std::int64_t stallTimeoutMs);

} // namespace mpwb
