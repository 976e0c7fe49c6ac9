// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `mpwb-run python ...` (docs/PYTHON_RUNS.md): the words after "python", checked, run, reported. Returns the
// exit status: 0 the script exited 0, 1 it failed, 2 a bad request, 130 cancelled.

#include <string>
#include <vector>

namespace mpwb {

int commandPython(const std::vector<std::string>& args);

} // namespace mpwb
