// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What mpwb-run prints at the end: a few readable lines, or one JSON object with --json.

#include <cstdio>
#include <string>

#include "compare_session.h"
#include "exercise.h"
#include "run_session.h"
#include "sweep_session.h"

namespace mpwb {

std::string runReportText(const RunSpec& spec, const RunReport& report);
std::string runReportJson(const RunSpec& spec, const RunReport& report);
std::string sweepReportText(const SweepReport& report);
std::string sweepReportJson(const SweepReport& report);
std::string compareReportText(const CompareReport& report);
std::string compareReportJson(const CompareReport& report);
std::string errorJson(const std::string& kind, const std::string& message);
// {"error": {...}} with every field of the error that applies, as in a report's "error".
std::string errorReportJson(const ErrorEvent& error);
// Writes a report and flushes it. False when it could not be written (a full disk, a closed pipe), after
// saying so on standard error: a run whose outcome went nowhere must not look like a success.
bool writeReport(const std::string& text, std::FILE* to);
std::string catalogueText();
std::string catalogueJson();

} // namespace mpwb
