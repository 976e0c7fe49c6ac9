// SPDX-License-Identifier: GPL-3.0-or-later
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

#include "exercise.h"
#include "image_folder.h"

namespace mpwb::exercises {

class ImageFilter : public Exercise {
public:
    std::string id() const override { return "image-filter"; }
    std::string title() const override { return "Filter a folder of images"; }
    std::string summary() const override;
    std::vector<ParameterSpec> parameters() const override;
    // Refuses folders that cannot work (no files to filter, output not writable or the same as the input)
    // before anything starts.
    void checkSpec(const RunSpec& spec) const override;
    // One picture of 100 megapixels (the largest accepted) takes several seconds on a busy machine.
    std::chrono::milliseconds defaultStallTimeout() const override { return std::chrono::seconds(30); }
    std::string pythonSource() const override;
    std::unique_ptr<ExerciseRun> prepare(const ParameterValues& values,
                                         const CancelCheck& cancel) const override;
};

} // namespace mpwb::exercises
