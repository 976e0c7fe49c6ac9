// SPDX-License-Identifier: GPL-3.0-or-later
#include "image_folder.h"

#include <algorithm>
#include <map>
#include <optional>

#include "errors.h"

namespace fs = std::filesystem;

namespace mpwb::exercises {
namespace {

// Why a visible entry that is not a regular file (after following links) cannot be an input.
std::optional<std::string> whyNotAFile(const fs::directory_entry& entry) {
    std::error_code ec;
    const auto status = entry.status(ec); // follows links
    if (ec && entry.is_symlink()) {
        std::error_code linkError;
        const auto target = fs::read_symlink(entry.path(), linkError);
        return "a link to " + (linkError ? std::string("nothing readable") : "'" + target.string() + "'") +
               ", which does not exist";
    }
    if (ec) return "cannot be examined: " + ec.message();
    switch (status.type()) {
    case fs::file_type::regular:
    case fs::file_type::directory: // subfolders are left out by design, not skipped
        return std::nullopt;
    case fs::file_type::fifo:
        return std::string("a named pipe, not a file: reading it could wait forever");
    case fs::file_type::character:
    case fs::file_type::block:
        return std::string("a device, not a file");
    case fs::file_type::socket:
        return std::string("a socket, not a file");
    default:
        return std::string("not a regular file");
    }
}

} // namespace

std::vector<fs::path> inputFiles(const fs::path& folder, std::vector<SkippedEntry>* skipped) {
    std::vector<fs::path> files;
    std::vector<SkippedEntry> others;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code typeError;
        if (it->is_regular_file(typeError)) {
            files.push_back(it->path());
        } else if (auto why = whyNotAFile(*it)) {
            others.push_back({name, *why});
        }
    }
    if (ec) throw BadRequest("--input: cannot list '" + folder.string() + "': " + ec.message(), "input");
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return a.filename().string() < b.filename().string();
    });
    std::sort(others.begin(), others.end(),
              [](const SkippedEntry& a, const SkippedEntry& b) { return a.name < b.name; });
    if (skipped) *skipped = std::move(others);
    return files;
}

std::vector<std::string> outputNames(const std::vector<fs::path>& inputs) {
    std::map<std::string, int> stems;
    for (const auto& p : inputs)
        ++stems[p.stem().string()];
    std::vector<std::string> names;
    names.reserve(inputs.size());
    for (const auto& p : inputs)
        names.push_back((stems[p.stem().string()] > 1 ? p.filename().string() : p.stem().string()) + ".png");
    return names;
}

} // namespace mpwb::exercises
