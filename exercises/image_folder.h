// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The input folder of image-filter: which of its entries are the files to filter, which are skipped and why,
// and the name each output gets.

#include <filesystem>
#include <string>
#include <vector>

namespace mpwb::exercises {

// An entry of the input folder that is not a file to read (a link to nothing, a named pipe, a device), and
// why.
struct SkippedEntry {
    std::string name;
    std::string reason;
};

// The files a run works on, in item order: the regular files directly inside `folder` (symbolic links
// followed), hidden ones (".name") left out, sorted by name byte by byte. The other visible entries except
// subfolders go to `skipped`, by name and why, so none is left out silently. Throws BadRequest if the folder
// cannot be listed.
std::vector<std::filesystem::path> inputFiles(const std::filesystem::path& folder,
                                              std::vector<SkippedEntry>* skipped = nullptr);

// The output name of each input, in the same order: its base name with ".png"; when two inputs share a base
// name (a.jpg, a.png), each keeps its whole name instead (a.jpg.png, a.png.png), so no output overwrites
// another.
std::vector<std::string> outputNames(const std::vector<std::filesystem::path>& inputs);

} // namespace mpwb::exercises
