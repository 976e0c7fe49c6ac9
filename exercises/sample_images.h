// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The sample set the image-filter exercise uses when no input folder is given: pictures of gradients,
// shapes and noise in varied sizes (64 px to 2000 x 1500, most of them small), so the work per file is
// uneven, as in a real folder of photos. The same index gives the same picture on every machine.

#include <filesystem>
#include <string>
#include <vector>

#include "exercise.h"
#include "image_kernels.h"

namespace mpwb::exercises {

inline constexpr int kLargestSample = 2000;
inline constexpr int kSmallestSample = 64;

// Picture number `index` of the set. `cancel` is asked every few rows (the largest picture takes a good
// fraction of a second to paint): throws RunCancelled.
Pixels sampleImage(int index, const CancelCheck& cancel = {});

// Writes pictures 0 .. count-1 as sample-000.png ... into `folder` (which must exist); returns the paths.
// Throws std::runtime_error when a file cannot be written, RunCancelled when `cancel` says so (between
// pictures or while one is painted: no picture is left half-written by it).
std::vector<std::filesystem::path> writeSampleSet(const std::filesystem::path& folder, int count,
                                                  const CancelCheck& cancel = {});

} // namespace mpwb::exercises
