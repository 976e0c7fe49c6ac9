// SPDX-License-Identifier: GPL-3.0-or-later
#include "share_dir.h"

#include <climits>
#include <cstdlib>
#include <unistd.h>
#include <vector>

#include "errors.h"

namespace mpwb {

std::string findShareDir(const std::string& name, const char* envName, const std::string& marker,
                         const std::string& what, const std::string& parameter) {
    std::vector<std::string> looked;
    const auto usable = [&](const std::string& dir, const std::string& how) {
        looked.push_back(dir + " (" + how + ")");
        return ::access((dir + "/" + marker).c_str(), R_OK) == 0;
    };
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing sets the environment once threads run
    if (const char* env = std::getenv(envName); env && *env) {
        if (usable(env, std::string("$") + envName)) return env;
    }
    char buf[PATH_MAX];
    const auto n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        std::string exe(buf, static_cast<std::size_t>(n));
        // bin/../share/mpwb/<name>, said without the "..": the program's path is already resolved.
        const auto bin = exe.substr(0, exe.rfind('/'));
        auto dir = bin.substr(0, bin.rfind('/')) + "/share/mpwb/" + name;
        if (usable(dir, "beside this program")) return dir;
    }
    std::string where;
    for (const auto& l : looked)
        where += (where.empty() ? "" : ", then ") + l;
    throw BadRequest(what + " (a directory holding " + marker + ") was not found; looked in " + where +
                         ". Build the project (it puts it in build/share/mpwb/" + name + ") or set " +
                         envName + " to its directory",
                     parameter);
}

} // namespace mpwb
