// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Moving event streams in and out of files and pipes as JSON Lines (docs/EVENTS.md).

#include "events.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace mpwb {

// Writes one line per event, each with a single write(2), so a live reader never sees half a line from two
// threads at once. A write that fails (a full disk, a reader that went away) ends the stream: later events
// are dropped, writeError() says why, and the failure handler is told once, so the program can stop a run
// that nobody can follow any more. SIGPIPE is the program's business: a program that writes to a pipe ignores
// it (mpwb-run does) and the sink sees EPIPE.
class JsonLinesSink : public EventSink {
public:
    // Streams to `fd`, which stays open after the sink is gone; `name` says where, in messages ("-" for
    // standard output). On a pipe or a socket a reader that goes away is noticed even while nothing is
    // written.
    explicit JsonLinesSink(int fd, std::string name = "-");
    // A saved run: the lines go to a temporary file beside `path` that commit() renames to `path`, so the
    // file is either the whole stream or not there (an existing file stays as it was until then). A path that
    // is not a regular file (/dev/null, a device, a named pipe) is written directly. Throws std::system_error
    // naming the path when the file cannot be created.
    explicit JsonLinesSink(const std::string& path);
    // Without a successful commit() the temporary file is removed.
    ~JsonLinesSink() override;

    JsonLinesSink(const JsonLinesSink&) = delete;
    JsonLinesSink& operator=(const JsonLinesSink&) = delete;

    void record(const Event& event) override;
    // Lines are never held back; this only asks the kernel to put a file's lines on disk.
    void flush();
    // The stream is complete: puts a file's lines on disk, closes it and renames it into place. False if any
    // write failed, now or before; then the temporary file is removed and writeError() says why. Later events
    // are dropped.
    bool commit();

    // Called once, on whichever thread saw the first failure (possibly right away if it already happened).
    // It must not record events; cancelling a run is what it is for.
    void setFailureHandler(std::function<void()> handler);

    // 0 while writes succeed, otherwise the errno of the first failure (EPIPE: the reader went away).
    int writeError() const;
    bool readerGone() const;
    // Where the lines go: the path given, or the name given with the descriptor.
    const std::string& destination() const { return m_name; }
    // A sentence naming the destination and the failure; empty while there is none.
    std::string errorText() const;

private:
    void writeLine(const std::string& line);
    void fail(int error); // under m_mutex
    void notifyFailure();
    void watchReader();
    void stopWatching();

    mutable std::mutex m_mutex;
    int m_fd = -1;
    bool m_ownsFd = false;
    std::string m_name;
    std::string m_target;    // the file commit() renames the temporary file to (m_name, links followed)
    std::string m_temporary; // the file being written; empty when written directly
    std::atomic<int> m_error{0};
    bool m_removedTemporary = false;
    std::function<void()> m_onFailure;
    bool m_failureNotified = false;
    int m_wake[2] = {-1, -1}; // wakes the reader watch to stop it
    std::thread m_watch;
};

// Turns JSON Lines back into events, from a file, a string, or a pipe read piece by piece. One reader per
// stream: it checks that the stream starts with hello and counts lines for its error messages. A stream may
// hold several runs one after another, each starting with its own hello (a comparison of backends): every
// hello is checked, and the lines after it are read by its format version.
class EventStreamReader {
public:
    // Throws std::system_error if the file cannot be read, EventFormatError ("line N: ...") if a line is bad.
    std::vector<Event> readFile(const std::string& path);
    std::vector<Event> readString(std::string_view text);

    // Incremental use: returns the events of the lines completed by these bytes and keeps the rest. When a
    // line is bad it throws; events of earlier lines from the same call are returned by the next call.
    std::vector<Event> feed(std::string_view bytes);
    // The stream has ended: reads a last line that had no newline.
    std::vector<Event> finish();

    // Lines that were skipped, e.g. "line 7: skipped unknown event type \"queue\"".
    std::vector<std::string> warnings() const { return m_warnings; }
    std::uint64_t linesRead() const { return m_lineNumber; }
    // format_version of the latest hello, 0 before the first.
    int formatVersion() const { return m_format; }
    // How many hellos, that is runs, have been read so far.
    int runsRead() const { return m_runs; }

private:
    void readLine(std::string_view line);
    std::vector<Event> takeEvents();

    std::string m_partial;
    std::vector<Event> m_events;
    std::vector<std::string> m_warnings;
    std::uint64_t m_lineNumber = 0;
    int m_format = 0; // of the run being read
    int m_runs = 0;
};

// Cuts the events of a stream into its runs, at each hello. Events before the first hello (there are none in
// a stream the reader accepted) are dropped.
std::vector<std::vector<Event>> splitRuns(std::vector<Event> events);

// Keeps every event in memory, for tests and for runners that report at the end.
class VectorSink : public EventSink {
public:
    void record(const Event& event) override;
    std::vector<Event> events() const;
    // Hands over what was collected and starts empty again.
    std::vector<Event> take();
    std::size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::vector<Event> m_events;
};

} // namespace mpwb
