// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A chunk on the wire is its items (or results) one after another, each as [u32 length][bytes]. The same
// layout is used in-process, so every backend runs task code through exactly the same path.

#include <cstdint>
#include <stdexcept>
#include <string>

#include "bytes.h"
#include "chunk_plan.h"
#include "map_job.h"
#include "task_registry.h"

namespace mpwb {

class ItemProgress;

// A task threw: which item, and what it said.
class TaskFailure : public std::runtime_error {
public:
    TaskFailure(std::uint64_t item, const std::string& message) : std::runtime_error(message), m_item(item) {}
    std::uint64_t item() const { return m_item; }

private:
    std::uint64_t m_item;
};

// The map was cancelled between two items of a chunk (TaskContext::cancelled): its results are dropped.
struct ChunkCancelled {};

void encodeChunkItems(const ItemSource& items, ChunkRange range, Bytes& out);

// Runs `task` over `count` framed items starting at item index `first`, appending framed results. `progress`
// (may be null) hears of every completed item. Throws ChunkCancelled after an item when the context says so.
void runChunkItems(const TaskInfo& task, ByteReader& items, std::uint64_t first, std::uint64_t count,
                   Bytes& results, TaskContext& context, ItemProgress* progress = nullptr);

// Hands framed results to the sink, item by item.
void deliverChunkResults(const std::uint8_t* data, std::size_t size, ChunkRange range, ResultSink& sink);

} // namespace mpwb
