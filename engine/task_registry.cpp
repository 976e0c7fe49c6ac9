// SPDX-License-Identifier: GPL-3.0-or-later
#include "task_registry.h"

#include "errors.h"

namespace mpwb {

TaskRegistry::TaskRegistry() {
    registerBuiltinTasks(*this);
}

TaskRegistry& TaskRegistry::instance() {
    static TaskRegistry registry;
    return registry;
}

void TaskRegistry::add(TaskInfo info) {
    std::lock_guard lock(m_mutex);
    auto name = info.name;
    m_tasks[name] = std::move(info);
}

const TaskInfo* TaskRegistry::find(std::string_view name) const {
    std::lock_guard lock(m_mutex);
    auto it = m_tasks.find(name);
    return it == m_tasks.end() ? nullptr : &it->second;
}

std::vector<std::string> TaskRegistry::names() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& [name, info] : m_tasks)
        out.push_back(name);
    return out;
}

const TaskInfo& TaskRegistry::require(std::string_view name) const {
    if (const auto* info = find(name)) return *info;
    throw BadRequest(
        "task '" + std::string(name) +
        "' is not registered, so it cannot be sent to a worker. Only functions registered by "
        "name (TaskRegistration at namespace scope) can cross a process boundary, just as Python "
        "can pickle module-level functions but not lambdas.");
}

TaskRegistration::TaskRegistration(std::string name, std::string description, TaskFunction function) {
    TaskRegistry::instance().add({std::move(name), std::move(description), std::move(function)});
}

} // namespace mpwb
