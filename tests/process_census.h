// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Counts the processes whose parent is a given pid, straight from /proc, so tests can check that nothing
// is left behind (zombies included: an unreaped child still counts).

#include <QDir>
#include <QFile>
#include <QString>
#include <vector>

#include "proc_stat.h"

inline std::vector<int> childProcesses(int parent) {
    std::vector<int> children;
    const auto entries = QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const auto& name : entries) {
        bool isPid = false;
        const int pid = name.toInt(&isPid);
        if (!isPid) continue;
        QFile stat("/proc/" + name + "/stat");
        if (!stat.open(QIODevice::ReadOnly)) continue;
        const auto text = stat.readAll().toStdString();
        // The parent pid is the second field after the parenthesised command name.
        const auto close = text.rfind(')');
        if (close == std::string::npos) continue;
        int ppid = 0;
        char state = 0;
        if (std::sscanf(text.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent)
            children.push_back(pid);
    }
    return children;
}
