// SPDX-License-Identifier: GPL-3.0-or-later
#include "chunk_codec.h"

#include <cstring>
#include <exception>

#include "item_progress.h"

namespace mpwb {
namespace {

// Writes a length placeholder, lets `fill` append the payload, then patches the length in.
template <typename Fill> void framed(Bytes& out, Fill&& fill) {
    const auto at = out.size();
    out.resize(at + sizeof(std::uint32_t));
    fill();
    const auto length = static_cast<std::uint32_t>(out.size() - at - sizeof(std::uint32_t));
    std::memcpy(out.data() + at, &length, sizeof length);
}

} // namespace

void encodeChunkItems(const ItemSource& items, ChunkRange range, Bytes& out) {
    ByteWriter writer(out);
    const auto before = out.size();
    for (std::uint64_t i = 0; i < range.count; ++i) {
        framed(out, [&] { items.encode(range.first + i, writer); });
        // Items of one map are usually alike: size the buffer once from the first instead of regrowing it.
        if (i == 0) out.reserve(before + (out.size() - before) * range.count + 64);
    }
}

void runChunkItems(const TaskInfo& task, ByteReader& items, std::uint64_t first, std::uint64_t count,
                   Bytes& results, TaskContext& context, ItemProgress* progress) {
    ByteWriter writer(results);
    for (std::uint64_t i = 0; i < count; ++i) {
        const auto length = items.get<std::uint32_t>();
        ByteReader item(items.take(length), length);
        try {
            framed(results, [&] { task.function(item, writer, context); });
        } catch (const std::exception& e) {
            throw TaskFailure(first + i, e.what());
        } catch (...) {
            throw TaskFailure(first + i, "the task threw something that is not a std::exception");
        }
        context.checkpoint();
        if (progress) progress->itemDone(i + 1);
        if (context.cancelled()) throw ChunkCancelled{};
    }
}

void deliverChunkResults(const std::uint8_t* data, std::size_t size, ChunkRange range, ResultSink& sink) {
    ByteReader reader(data, size);
    for (std::uint64_t i = 0; i < range.count; ++i) {
        const auto length = reader.get<std::uint32_t>();
        ByteReader result(reader.take(length), length);
        sink.accept(range.first + i, result);
    }
    if (!reader.atEnd()) throw DecodeError("a chunk's results had bytes left over after its last item");
}

} // namespace mpwb
