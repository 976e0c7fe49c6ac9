// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small events and streams shared by the event-stream suites (tst_eventstream, tst_chunkaggregator).

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <QString>

#include "event_json.h"
#include "event_stream.h"

namespace mpwb::fixtures {

constexpr auto kU64Max = std::numeric_limits<std::uint64_t>::max();
constexpr auto kI64Max = std::numeric_limits<std::int64_t>::max();
constexpr auto kI64Min = std::numeric_limits<std::int64_t>::min();
constexpr auto kIntMax = std::numeric_limits<int>::max();
constexpr auto kIntMin = std::numeric_limits<int>::min();

inline Event hello(const std::string& runId = "00c0ffee00c0ffee") {
    return Event{0, HelloEvent{kEventFormatVersion, 8, "box 6.1.0", "0.1.0", runId}};
}

inline Event chunk(int worker, std::uint64_t first, std::uint64_t items, std::int64_t start, std::int64_t end,
                   int core = 0) {
    ChunkEvent c;
    c.worker = worker;
    c.core = core;
    c.firstItem = first;
    c.items = items;
    c.dispatchNs = start - 10;
    c.startNs = start;
    c.endNs = end;
    c.bytesIn = items * 8;
    c.bytesOut = items * 4;
    c.encodeNs = 3;
    c.decodeNs = 2;
    return Event{end + 1, c};
}

inline Event finished() {
    return Event{99'000'000, RunFinishedEvent{"ok", 99'000'000}};
}

inline std::string streamOf(const std::vector<Event>& events) {
    std::string text;
    for (const auto& e : events)
        text += toJsonLine(e) + '\n';
    return text;
}

// Reads a stream that is expected to be refused and returns the reason.
inline QString refusal(std::string_view text) {
    try {
        EventStreamReader reader;
        reader.readString(text);
    } catch (const EventFormatError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

inline std::uint64_t totalItems(const std::vector<Event>& events, std::uint64_t* chunks = nullptr) {
    std::uint64_t items = 0;
    std::uint64_t count = 0;
    for (const auto& e : events)
        if (const auto* c = std::get_if<ChunkEvent>(&e.body)) {
            items += c->items;
            count += c->merged;
        }
    if (chunks) *chunks = count;
    return items;
}

inline bool isChunk(const Event& e) {
    return std::holds_alternative<ChunkEvent>(e.body);
}

} // namespace mpwb::fixtures
