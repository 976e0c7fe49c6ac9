// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tasks are functions registered by name at namespace scope. Only a name crosses a process boundary, so a
// worker (forked or spawned) finds the same function in its own copy of the registry. Anything that is not
// registered cannot be sent, which is the C++ counterpart of "lambdas can't be pickled".

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bytes.h"
#include "task_context.h"

namespace mpwb {

// Reads one serialized item, writes one serialized result. Throwing fails the run, naming the item.
using TaskFunction = std::function<void(ByteReader& item, ByteWriter& result, TaskContext& context)>;

struct TaskInfo {
    std::string name;
    std::string description;
    TaskFunction function;
};

class TaskRegistry {
public:
    static TaskRegistry& instance();

    void add(TaskInfo info);
    const TaskInfo* find(std::string_view name) const;
    std::vector<std::string> names() const;

    // Throws BadRequest with an explanation when the name is unknown.
    const TaskInfo& require(std::string_view name) const;

private:
    TaskRegistry();
    mutable std::mutex m_mutex;
    std::map<std::string, TaskInfo, std::less<>> m_tasks;
};

// Declare one at namespace scope:  const TaskRegistration kMyTask{"exercise/task", "what it does", fn};
struct TaskRegistration {
    TaskRegistration(std::string name, std::string description, TaskFunction function);
};

void registerBuiltinTasks(TaskRegistry& registry);

} // namespace mpwb
