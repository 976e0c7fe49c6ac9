// SPDX-License-Identifier: GPL-3.0-or-later
#include "process_tree.h"

#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <unistd.h>

namespace mpwb {

ProcessEntry parseProcessEntry(std::string_view line) {
    ProcessEntry e;
    const auto open = line.find('(');
    const auto close = line.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {};
    const std::string head(line.substr(0, open));
    char* end = nullptr;
    const long pid = std::strtol(head.c_str(), &end, 10);
    if (end == head.c_str() || pid <= 0) return {};
    std::string tail(line.substr(close + 1));
    const char* p = tail.c_str();
    while (*p == ' ')
        ++p;
    if (!*p) return {};
    const char state = *p++;
    char* after = nullptr;
    const long ppid = std::strtol(p, &after, 10);
    if (after == p || ppid < 0) return {};
    e.pid = static_cast<int>(pid);
    e.ppid = static_cast<int>(ppid);
    e.state = state;
    return e;
}

std::vector<int> descendantsOf(int root, const std::vector<ProcessEntry>& table) {
    std::multimap<int, int> children;
    for (const auto& e : table)
        if (e.pid != e.ppid) children.emplace(e.ppid, e.pid);
    std::vector<int> out;
    std::vector<int> frontier{root};
    // Breadth first, so a parent is listed (and signalled) before the children it might start again.
    while (!frontier.empty()) {
        std::vector<int> next;
        for (int parent : frontier) {
            const auto [lo, hi] = children.equal_range(parent);
            for (auto it = lo; it != hi; ++it) {
                if (it->second == root) continue;
                out.push_back(it->second);
                next.push_back(it->second);
            }
        }
        frontier = std::move(next);
        if (out.size() > table.size()) break; // a cycle can only come from a torn read; never loop on it
    }
    return out;
}

namespace {

// The children of every thread of `pid`; false when the process has no task directory.
bool childrenOf(int pid, const std::string& procRoot, std::vector<int>& out) {
    const auto tasks = procRoot + "/" + std::to_string(pid) + "/task";
    DIR* dir = opendir(tasks.c_str());
    if (!dir) return false;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): readdir on a stream only this call uses is safe in glibc
    while (const dirent* d = readdir(dir)) {
        if (d->d_name[0] < '1' || d->d_name[0] > '9') continue;
        const int fd = ::open((tasks + "/" + d->d_name + "/children").c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        std::string text;
        char buf[4096];
        for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
            text.append(buf, static_cast<std::size_t>(n));
        ::close(fd);
        const char* p = text.c_str();
        for (char* end = nullptr;; p = end) {
            const long child = std::strtol(p, &end, 10);
            if (end == p) break;
            if (child > 0) out.push_back(static_cast<int>(child));
        }
    }
    closedir(dir);
    return true;
}

} // namespace

std::vector<int> readDescendants(int root, const std::string& procRoot) {
    std::vector<int> out;
    const auto rootTask =
        procRoot + "/" + std::to_string(root) + "/task/" + std::to_string(root) + "/children";
    if (::access(rootTask.c_str(), R_OK) != 0) return descendantsOf(root, readProcessTable(procRoot));
    std::vector<int> frontier{root};
    while (!frontier.empty() && out.size() < 100'000) {
        std::vector<int> next;
        for (int pid : frontier)
            childrenOf(pid, procRoot, next);
        out.insert(out.end(), next.begin(), next.end());
        frontier = std::move(next);
    }
    return out;
}

std::vector<ProcessEntry> readProcessTable(const std::string& procRoot) {
    std::vector<ProcessEntry> table;
    DIR* dir = opendir(procRoot.c_str());
    if (!dir) return table;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): readdir on a stream only this call uses is safe in glibc
    while (const dirent* d = readdir(dir)) {
        if (d->d_name[0] < '1' || d->d_name[0] > '9') continue;
        const std::string path = procRoot + "/" + d->d_name + "/stat";
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        char buf[1024];
        const ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n <= 0) continue;
        const auto e = parseProcessEntry(std::string_view(buf, static_cast<std::size_t>(n)));
        if (e.pid > 0) table.push_back(e);
    }
    closedir(dir);
    return table;
}

} // namespace mpwb
