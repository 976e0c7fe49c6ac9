// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A bounded queue of byte messages between processes: a ring buffer of variable-length frames in a shared
// segment, guarded by a robust mutex. Many processes may put and get at once (forked after the queue was
// made). A put waits while the queue is full (back-pressure: nothing is ever dropped), a get while it is
// empty; both wait in short slices, so a close, a broken queue or the caller's stop check ends the wait
// within ~50 ms, and no wait can hang on a process that died.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "bytes.h"
#include "events.h"
#include "shared_segment.h"

namespace mpwb {

// The queue can no longer be trusted: a process died holding its lock, or its owner broke it (e.g. a stage
// of a pipeline died). The message names the queue and the reason.
class QueueBroken : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class QueueStatus {
    Ok,
    Closed,  // put: the queue was closed, the message was not put; get: closed and nothing left to take
    Stopped, // the caller's stop check said so while waiting; nothing was put or taken
};

class SharedQueue {
public:
    using StopCheck = std::function<bool()>;

    // A new queue named `name` (for messages and events) holding at most `maxItems` messages of together at
    // most `capacityBytes` bytes. Throws std::runtime_error or std::invalid_argument.
    SharedQueue(std::string name, std::size_t maxItems, std::size_t capacityBytes);
    SharedQueue(const SharedQueue&) = delete;
    SharedQueue& operator=(const SharedQueue&) = delete;

    const std::string& name() const { return m_name; }
    std::size_t maxItems() const;
    // The largest message a put accepts.
    std::size_t maxMessageBytes() const;
    // Removes the segment's name; the queue keeps working here and in children forked later.
    void unlinkNow() { m_segment.unlinkNow(); }
    // The shared memory the queue lives in, e.g. to report it.
    const SharedSegment& segment() const { return m_segment; }

    // Puts one message, waiting while the queue is full. Throws QueueBroken, or std::invalid_argument for a
    // message larger than maxMessageBytes(). `stop` is asked between wait slices, with the queue's lock
    // held: it must be quick.
    [[nodiscard]] QueueStatus put(const void* data, std::size_t size, const StopCheck& stop = {});
    [[nodiscard]] QueueStatus put(const Bytes& message, const StopCheck& stop = {}) {
        return put(message.data(), message.size(), stop);
    }
    // Takes the oldest message into `message`, waiting while the queue is empty. Throws QueueBroken.
    [[nodiscard]] QueueStatus get(Bytes& message, const StopCheck& stop = {});

    // From now on puts fail with Closed; gets take what is left, then report Closed. Wakes every waiter.
    void close();
    // Marks the queue broken: every waiter and every later put or get throws QueueBroken with `reason`.
    // Safe to call when a process died holding the lock: it never takes the lock.
    void breakWith(const std::string& reason);
    bool closed() const;
    bool broken() const;

    // Totals so far and the depth now, read without the lock (for sampling while others work).
    QueueEvent sample() const;

private:
    struct Header;
    Header& header() const { return *m_header; }
    [[noreturn]] void throwBroken() const;
    void lockOrBreak();
    template <typename Ready> QueueStatus waitUntil(bool forPut, Ready ready, const StopCheck& stop);
    void copyIn(std::uint64_t position, const void* data, std::size_t size) const;
    void copyOut(std::uint64_t position, void* data, std::size_t size) const;

    std::string m_name;
    SharedSegment m_segment;
    Header* m_header = nullptr;
    std::uint8_t* m_ring = nullptr;
};

} // namespace mpwb
