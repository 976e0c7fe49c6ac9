// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Frames between the host and a worker process, over two pipes. Every frame is
//   [u32 payload length][u8 type][payload]
// host -> worker:  Chunk {u64 chunk, u64 first, u64 count, i32 worker, u8 flags, string task,
//                         count x [u32 len][item]} | Shutdown
// worker -> host:  Ready {i32 pid, i64 monotonic ns} |
//                  ChunkStarted {u64 chunk, i64 start, i32 core}  (only when the Chunk's flags ask for it) |
//                  ChunkDone {u64 chunk, i64 start, i64 end, i32 core, i64 decode ns, i64 encode ns,
//                             count x [u32 len][result]} |
//                  ChunkFailed {u64 chunk, u64 item, string message} |
//                  Progress {u64 chunk, u64 items of it completed}  (only when the Chunk's flags ask for it)
// `worker` is the worker's index in the pool (task code may want to know who it is, e.g. to say who holds a
// lock). A ChunkStarted is asked for only for chunks the event stream shows, so a run at chunksize 1 does not
// pay a message per chunk for it. Progress is asked for only when the host watches for stalls, and is sent at
// most every 250 ms while a chunk runs (see ItemProgress).

#include <cstdint>
#include <string>

#include "bytes.h"

namespace mpwb::wire {

enum class FrameType : std::uint8_t {
    Chunk = 1,
    Shutdown = 2,
    Ready = 10,
    ChunkDone = 11,
    ChunkFailed = 12,
    ChunkStarted = 13,
    Progress = 14
};

// Bits of a Chunk frame's flags.
inline constexpr std::uint8_t kReportStart = 1;
inline constexpr std::uint8_t kReportProgress = 2;

inline constexpr std::size_t kHeaderSize = sizeof(std::uint32_t) + sizeof(std::uint8_t);
inline constexpr std::uint32_t kMaxFrame = 1u << 30; // a sanity bound: anything larger is corruption

// Appends a header whose length is patched by endFrame(); returns the header's offset.
std::size_t beginFrame(Bytes& out, FrameType type);
void endFrame(Bytes& out, std::size_t headerAt);

// Looks for one complete frame at the front of `buffer`. Returns false if more bytes are needed; throws
// DecodeError on an impossible header.
bool peekFrame(const Bytes& buffer, std::size_t offset, FrameType& type, std::uint32_t& payloadLength);

// Blocking helpers for the worker side, which has nothing else to do while it waits.
bool readFully(int fd, std::uint8_t* data, std::size_t size); // false on EOF before the first byte
void writeFully(int fd, const std::uint8_t* data, std::size_t size);

} // namespace mpwb::wire
