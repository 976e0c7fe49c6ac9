// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What "mpwb-run run <exercise> --help" prints: that exercise's own parameters (range or choices, default,
// help) and the options common to every exercise, with what each applies to and its default here.

#include <string>

#include "exercise.h"

namespace mpwb {

// `command` is run, sweep or compare: the worker and chunksize options read differently in a sweep.
std::string exerciseHelpText(const Exercise& exercise, const std::string& command);

} // namespace mpwb
