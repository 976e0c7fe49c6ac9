#pragma once
// Exercise 2: filter a folder of pictures. Each file is one item of the map: a worker reads it, decodes it,
// resizes it, applies the chosen filter and writes a PNG of the same base name to the output folder. Files
// that are not readable pictures are reported by name and skipped, as are entries of the folder that are not
// files (a broken link, a named pipe); the rest complete. A picture that cannot be written fails the run.
//
// Item i is the i-th file of inputFiles(input). Without an input folder the run first generates a sample set
// (in the host, before any worker starts) into generated-samples/ inside the output folder, where it stays
// beside the results. Without an output folder everything goes to a new folder in the system's temporary
// folder, named in the result's "output"; the next such run in the same process (the next run of a sweep)
// replaces it.

#include <filesystem>
#include <string>
#include <vector>

#include "exercise.h"

namespace mpwb::exercises {

// An entry of the input folder that is not a file to read (a link to nothing, a named pipe, a device), and why.
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

class ImageFilter : public Exercise {
public:
    std::string id() const override { return "image-filter"; }
    std::string title() const override { return "Filter a folder of images"; }
    std::string summary() const override;
    std::vector<ParameterSpec> parameters() const override;
    // Refuses folders that cannot work (no files to filter, output not writable or the same as the input)
    // before anything starts.
    void checkSpec(const RunSpec& spec) const override;
    std::string pythonSource() const override;
    std::unique_ptr<ExerciseRun> prepare(const ParameterValues& values) const override;
};

} // namespace mpwb::exercises
