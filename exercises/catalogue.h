// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The exercises this build knows, in teaching order.

#include <string>
#include <vector>

#include "exercise.h"

namespace mpwb {

const std::vector<const Exercise*>& exerciseCatalogue();
const Exercise* findExercise(const std::string& id);

} // namespace mpwb
