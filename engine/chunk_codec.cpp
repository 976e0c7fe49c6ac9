#include "chunk_codec.h"

#include <algorithm>
#include <cstring>
#include <exception>

#include "clock.h"

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

// Clock reads are aimed this far apart: rare enough to cost nothing next to the items between them, often
// enough that a report is at most this late.
constexpr std::int64_t kClockReadNs = 5'000'000;

} // namespace

void ItemProgress::beginChunk(std::uint64_t chunk, std::int64_t nowNs) {
    m_chunk = chunk;
    m_lastReadNs = m_lastReportNs = nowNs;
    m_countdown = m_stride; // the stride learnt on earlier chunks carries over: items of one map are alike
}

void ItemProgress::readClock(std::uint64_t doneInChunk) {
    const auto now = monotonicNs();
    const auto since = std::max<std::int64_t>(now - m_lastReadNs, 1);
    // Aim the next read kClockReadNs ahead from what the last stride took: grow slowly (items may be cheap
    // only for a while), shrink at once (a slow item must not hide the next report for long).
    if (since < kClockReadNs / 2)
        m_stride = std::min<std::uint64_t>(m_stride * 2, 1u << 20);
    else if (since > kClockReadNs * 2)
        m_stride = std::max<std::uint64_t>(1, m_stride * kClockReadNs / since);
    m_countdown = m_stride;
    m_lastReadNs = now;
    if (now - m_lastReportNs >= m_intervalNs) {
        m_lastReportNs = now;
        report(m_chunk, doneInChunk);
    }
}

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
