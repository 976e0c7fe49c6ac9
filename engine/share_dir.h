// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Finding what the project ships beside its programs: share/mpwb/<name> next to the bin folder this program
// runs from (the build tree and an installed prefix are laid out alike), or where an environment variable
// points.

#include <string>

namespace mpwb {

// The directory: $<envName> when set and it holds `marker`, else <prefix>/share/mpwb/<name> when that holds
// it. Otherwise throws BadRequest (parameter `parameter`) naming every place looked and what to do.
std::string findShareDir(const std::string& name, const char* envName, const std::string& marker,
                         const std::string& what, const std::string& parameter);

} // namespace mpwb
