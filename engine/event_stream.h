#pragma once
// Moving event streams in and out of files and pipes as JSON Lines (docs/EVENTS.md).

#include "events.h"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mpwb {

// Writes one line per event, each with a single write(2), so a live reader never sees half a line from two
// threads at once. A reader that goes away (EPIPE) is not an error of the run: the sink just stops writing.
class JsonLinesSink : public EventSink {
public:
    explicit JsonLinesSink(int fd); // not owned: stays open after the sink is gone
    // Creates or truncates the file; throws std::system_error if it cannot.
    explicit JsonLinesSink(const std::string& path);
    ~JsonLinesSink() override;

    JsonLinesSink(const JsonLinesSink&) = delete;
    JsonLinesSink& operator=(const JsonLinesSink&) = delete;

    void record(const Event& event) override;
    // Lines are never held back; this only asks the kernel to put a file's lines on disk.
    void flush();

    // 0 while writes succeed, otherwise the errno of the first failure (EPIPE: the reader went away).
    int writeError() const;
    bool readerGone() const;

private:
    void writeLine(const std::string& line);

    mutable std::mutex m_mutex;
    int m_fd = -1;
    bool m_ownsFd = false;
    int m_error = 0;
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
