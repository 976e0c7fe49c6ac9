// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which processes descend from a given one, read from /proc. The parsing and the walk are pure functions on
// text and tables, so they are tested on fixtures; readProcessTable() is the only part that reads files.

#include <string>
#include <string_view>
#include <vector>

namespace mpwb {

struct ProcessEntry {
    int pid = 0;
    int ppid = 0;
    char state = '?'; // Z: a zombie, ended but not yet reaped

    bool operator==(const ProcessEntry&) const = default;
};

// One /proc/PID/stat line; nullopt-like: pid 0 when the text is not such a line (the command name may hold
// spaces and parentheses, so the fields are counted from the last ')').
ProcessEntry parseProcessEntry(std::string_view statLine);

// Every process of the table whose chain of parents leads to `root` (root itself left out), parents before
// their children. Zombies are included: they still have to be reaped.
std::vector<int> descendantsOf(int root, const std::vector<ProcessEntry>& table);

// The same set read from the tree itself, /proc/PID/task/TID/children, so a sampler reads a few files rather
// than one per process of the machine. The kernel calls those lists unreliable for processes that are not
// stopped (a child reparented during the read can be missed): good enough for CPU samples, not for killing;
// the keeper walks the whole table. Without those files (a kernel built without them) it walks the table.
std::vector<int> readDescendants(int root, const std::string& procRoot = "/proc");

// Every process /proc (or a fixture tree laid out like it) lists now; processes that end while it is read
// are simply missing.
std::vector<ProcessEntry> readProcessTable(const std::string& procRoot = "/proc");

} // namespace mpwb
