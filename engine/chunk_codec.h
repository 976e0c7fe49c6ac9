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

// A task threw: which item, and what it said.
class TaskFailure : public std::runtime_error {
public:
    TaskFailure(std::uint64_t item, const std::string& message) : std::runtime_error(message), m_item(item) {}
    std::uint64_t item() const { return m_item; }

private:
    std::uint64_t m_item;
};

// Tells a worker process's host, now and then, how far a chunk has got, so the host can tell a slow chunk
// from a stalled worker. Reading the clock after every item would cost more than a tiny item itself: it is
// read every `stride` items, the stride adapting so that reads come every few milliseconds, and a report goes
// out at most every `intervalNs`. Between reads an item costs one decrement.
class ItemProgress {
public:
    explicit ItemProgress(std::int64_t intervalNs) : m_intervalNs(intervalNs) {}
    virtual ~ItemProgress() = default;

    // A chunk begins at `nowNs`: the host counts its hand-over as progress already.
    void beginChunk(std::uint64_t chunk, std::int64_t nowNs);
    void itemDone(std::uint64_t doneInChunk) {
        if (--m_countdown == 0) readClock(doneInChunk);
    }

protected:
    virtual void report(std::uint64_t chunk, std::uint64_t doneInChunk) = 0;

private:
    void readClock(std::uint64_t doneInChunk);

    std::int64_t m_intervalNs;
    std::uint64_t m_chunk = 0;
    std::uint64_t m_stride = 1;
    std::uint64_t m_countdown = 1;
    std::int64_t m_lastReadNs = 0;
    std::int64_t m_lastReportNs = 0;
};

void encodeChunkItems(const ItemSource& items, ChunkRange range, Bytes& out);

// Runs `task` over `count` framed items starting at item index `first`, appending framed results. `progress`
// (may be null) hears of every completed item.
void runChunkItems(const TaskInfo& task, ByteReader& items, std::uint64_t first, std::uint64_t count,
                   Bytes& results, TaskContext& context, ItemProgress* progress = nullptr);

// Hands framed results to the sink, item by item.
void deliverChunkResults(const std::uint8_t* data, std::size_t size, ChunkRange range, ResultSink& sink);

} // namespace mpwb
