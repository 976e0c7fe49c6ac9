// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a Python run ended, in words for the page: what it did when it finished, what failed and what to try
// (failure_words) when it did not, and that everything was stopped when it was cancelled.

#include <QString>

#include "run_data.h"

namespace mpwb {

// exitCode is mpwb-run's (0 ok, 1 the script failed, 2 refused, 130 cancelled, -1 killed); errorText what
// it wrote on standard error.
QString pythonOutcomeHtml(const RunData& run, int exitCode, bool cancelled, const QString& errorText);

} // namespace mpwb
