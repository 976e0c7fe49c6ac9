// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_tree_cpu.h"

#include <fstream>
#include <sstream>
#include <unistd.h>

#include "proc_stat.h"
#include "process_tree.h"

namespace mpwb {

TreeCpu::TreeCpu(std::string procRoot)
    : m_root(std::move(procRoot)), m_ticksPerSecond(sysconf(_SC_CLK_TCK)) {}

double TreeCpu::sample(int root, const std::set<int>& workers) {
    const auto now = std::chrono::steady_clock::now();
    std::map<int, std::uint64_t> current;
    std::uint64_t ticks = 0;
    for (int pid : readDescendants(root, m_root)) {
        if (workers.count(pid)) continue;
        std::ifstream in(m_root + "/" + std::to_string(pid) + "/stat");
        std::stringstream text;
        text << in.rdbuf();
        try {
            const auto s = parseProcPidStat(text.str());
            const auto total = s.utimeTicks + s.stimeTicks;
            current[pid] = total;
            const auto before = m_previous.find(pid);
            ticks += before == m_previous.end() ? total : total - std::min(total, before->second);
        } catch (const std::exception&) { // it ended while being read
        }
    }
    const bool first = m_when == std::chrono::steady_clock::time_point{};
    const double seconds = std::chrono::duration<double>(now - m_when).count();
    m_previous = std::move(current);
    m_when = now;
    if (first || seconds <= 0 || m_ticksPerSecond <= 0) return 0;
    return 100.0 * static_cast<double>(ticks) / static_cast<double>(m_ticksPerSecond) / seconds;
}

} // namespace mpwb
