// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The field list of every event, shared by the JSON writer (event_json.cpp) and reader (event_json_read.cpp)
// so the two cannot disagree. Internal to those two files.

#include <array>
#include <type_traits>
#include <variant>

#include "events.h"

namespace mpwb::event_fields {

// Indexed like EventBody's alternatives.
inline constexpr std::array<const char*, 20> kTypeNames = {
    "hello",   "run_started", "worker_started",   "chunk",         "cpu",
    "result",  "error",       "sweep_point",      "run_finished",  "queue",
    "counter", "file",        "chunk_dispatched", "chunk_started", "gil",
    "lock",    "segment",     "sweep_started",    "output",        "worker_ended"};
static_assert(kTypeNames.size() == std::variant_size_v<EventBody>);

// The field list of each event, written once and used by both the writer and the reader so the two cannot
// disagree. E may be const (writing) or not (reading). A third argument is the format version that added the
// field: streams of an older version may lack it, and the reader then keeps the default.
template <typename E, typename F> void forEachField(E& e, F& f) {
    using T = std::remove_const_t<E>;
    if constexpr (std::is_same_v<T, HelloEvent>) {
        f("format_version", e.formatVersion);
        f("cores", e.cores);
        f("machine", e.machine);
        f("engine_version", e.engineVersion);
        f("run_id", e.runId, 3);
    } else if constexpr (std::is_same_v<T, RunStartedEvent>) {
        f("exercise", e.exercise);
        f("backend", e.backend);
        f("start_method", e.startMethod);
        f("workers", e.workers);
        f("chunksize", e.chunksize);
        f("items", e.items);
        f("params", e.params);
        f("run_id", e.runId, 3);
        f("stall_timeout_ms", e.stallTimeoutMs, 4);
    } else if constexpr (std::is_same_v<T, WorkerStartedEvent>) {
        f("worker", e.worker);
        f("pid", e.pid);
        f("start_method", e.startMethod);
        f("startup_ns", e.startupNs);
    } else if constexpr (std::is_same_v<T, ChunkEvent>) {
        f("worker", e.worker);
        f("core", e.core);
        f("first_item", e.firstItem);
        f("items", e.items);
        f("dispatch_ns", e.dispatchNs);
        f("start_ns", e.startNs);
        f("end_ns", e.endNs);
        f("bytes_in", e.bytesIn);
        f("bytes_out", e.bytesOut);
        f("encode_ns", e.encodeNs);
        f("decode_ns", e.decodeNs);
        f("merged", e.merged);
        f("work_ns", e.workNs, 5);
    } else if constexpr (std::is_same_v<T, WorkerCpu>) {
        f("worker", e.worker);
        f("pid", e.pid);
        f("cpu_percent", e.cpuPercent);
        f("cpu_ns", e.cpuNs);
        f("last_core", e.lastCore);
        f("in_host", e.inHost, 3);
    } else if constexpr (std::is_same_v<T, CpuEvent>) {
        f("cores", e.cores);
        f("workers", e.workers);
        f("host_cpu_percent", e.hostCpuPercent, 3);
    } else if constexpr (std::is_same_v<T, ResultEvent>) {
        f("value", e.value);
        f("checks", e.checks);
        f("correct", e.correct);
    } else if constexpr (std::is_same_v<T, ErrorEvent>) {
        f("kind", e.kind);
        f("message", e.message);
        f("worker", e.worker);
        f("pid", e.pid);
        f("item", e.item);
        f("signal", e.signal);
        f("exit_code", e.exitCode);
        f("chunk_first", e.chunkFirst);
        f("chunk_items", e.chunkItems);
        f("chunk", e.chunk, 4);
        f("file", e.file, 4);
        f("parameter", e.parameter, 4);
    } else if constexpr (std::is_same_v<T, SweepPointEvent>) {
        f("backend", e.backend);
        f("workers", e.workers);
        f("chunksize", e.chunksize);
        f("repeat", e.repeat);
        f("wall_ns", e.wallNs);
    } else if constexpr (std::is_same_v<T, RunFinishedEvent>) {
        f("status", e.status);
        f("wall_ns", e.wallNs);
    } else if constexpr (std::is_same_v<T, QueueEvent>) {
        f("queue", e.queue);
        f("depth", e.depth);
        f("capacity", e.capacity);
        f("puts", e.puts);
        f("gets", e.gets);
        f("bytes_put", e.bytesPut);
        f("bytes_got", e.bytesGot);
        f("put_blocked_ns", e.putBlockedNs);
        f("get_blocked_ns", e.getBlockedNs);
    } else if constexpr (std::is_same_v<T, CounterEvent>) {
        f("mode", e.mode);
        f("value", e.value);
        f("increments", e.increments);
    } else if constexpr (std::is_same_v<T, FileEvent>) {
        f("item", e.item);
        f("input", e.input);
        f("output", e.output);
        f("ok", e.ok);
        f("message", e.message);
    } else if constexpr (std::is_same_v<T, ChunkDispatchedEvent>) {
        f("worker", e.worker);
        f("first_item", e.firstItem);
        f("items", e.items);
        f("bytes_in", e.bytesIn);
        f("skipped", e.skipped);
    } else if constexpr (std::is_same_v<T, ChunkStartedEvent>) {
        f("worker", e.worker);
        f("first_item", e.firstItem);
        f("items", e.items);
        f("core", e.core);
    } else if constexpr (std::is_same_v<T, GilEvent>) {
        f("start_ns", e.startNs);
        f("end_ns", e.endNs);
        f("holder", e.holder);
        f("acquisitions", e.acquisitions);
        f("handovers", e.handovers);
        f("held_ns", e.heldNs);
        f("waited_ns", e.waitedNs);
    } else if constexpr (std::is_same_v<T, LockEvent>) {
        f("lock", e.lock);
        f("holder", e.holder);
        f("waiting", e.waiting);
        f("acquisitions", e.acquisitions);
        f("waited_ns", e.waitedNs);
    } else if constexpr (std::is_same_v<T, SegmentEvent>) {
        f("action", e.action);
        f("name", e.name);
        f("bytes", e.bytes);
        f("worker", e.worker);
        f("pid", e.pid);
    } else if constexpr (std::is_same_v<T, SweepStartedEvent>) {
        f("exercise", e.exercise);
        f("backend", e.backend);
        f("start_method", e.startMethod);
        f("workers", e.workers);
        f("chunksizes", e.chunksizes);
        f("repeats", e.repeats);
        f("params", e.params);
        f("run_id", e.runId);
    } else if constexpr (std::is_same_v<T, OutputEvent>) {
        f("stream", e.stream);
        f("text", e.text);
    } else if constexpr (std::is_same_v<T, WorkerEndedEvent>) {
        f("worker", e.worker);
        f("pid", e.pid);
        f("exit_code", e.exitCode);
        f("signal", e.signal);
        f("by_parent", e.byParent);
    } else {
        static_assert(!sizeof(T), "every event type needs its field list here");
    }
}

} // namespace mpwb::event_fields
