#include "event_stream.h"

#include "event_json.h"

#include <cerrno>
#include <csignal>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace mpwb {

namespace {

// A stream with a line this long has lost its newlines; better to say so than to buffer without end.
constexpr std::size_t kMaxLineBytes = 16u << 20;
// Enough to tell what was skipped without letting a big file from a newer version fill memory with warnings.
constexpr std::size_t kMaxWarnings = 100;

// Writing to a pipe whose reader has gone raises SIGPIPE, which kills the process by default. Blocking it on
// this thread for the duration of the write turns it into a plain EPIPE without touching the process-wide
// disposition that the rest of the program may rely on.
class SigpipeBlock {
public:
    SigpipeBlock() {
        sigemptyset(&m_pipe);
        sigaddset(&m_pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &m_pipe, &m_old);
        sigset_t pending;
        sigemptyset(&pending);
        sigpending(&pending);
        m_wasPending = sigismember(&pending, SIGPIPE) == 1;
    }
    ~SigpipeBlock() { pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;

    // Our failed write left a SIGPIPE pending; take it so that unblocking does not deliver it. One that was
    // already pending belongs to someone else and is left alone.
    void discardOurs() {
        if (m_wasPending) return;
        const timespec zero{};
        while (sigtimedwait(&m_pipe, nullptr, &zero) == -1 && errno == EINTR) {
        }
    }

private:
    sigset_t m_pipe;
    sigset_t m_old;
    bool m_wasPending = false;
};

bool isRegularFile(int fd) {
    struct stat st {};
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

class FdCloser {
public:
    explicit FdCloser(int fd) : m_fd(fd) {}
    ~FdCloser() { ::close(m_fd); }
    FdCloser(const FdCloser&) = delete;
    FdCloser& operator=(const FdCloser&) = delete;

private:
    int m_fd;
};

} // namespace

// ---- JsonLinesSink ----

JsonLinesSink::JsonLinesSink(int fd) : m_fd(fd) {}

JsonLinesSink::JsonLinesSink(const std::string& path)
    : m_fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)), m_ownsFd(true) {
    if (m_fd < 0) throw std::system_error(errno, std::generic_category(), "cannot write events to " + path);
}

JsonLinesSink::~JsonLinesSink() {
    if (m_ownsFd && m_fd >= 0) ::close(m_fd);
}

void JsonLinesSink::record(const Event& event) {
    std::string line = toJsonLine(event); // outside the lock: only the write itself needs to be serialized
    line += '\n';
    std::lock_guard lock(m_mutex);
    writeLine(line);
}

void JsonLinesSink::writeLine(const std::string& line) {
    if (m_error) return;
    SigpipeBlock sigpipe;
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n > 0) {
            p += n;
            left -= static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // Someone handed us a non-blocking descriptor: wait as a blocking write would.
            pollfd pfd{m_fd, POLLOUT, 0};
            ::poll(&pfd, 1, -1);
        } else {
            m_error = n < 0 ? errno : EIO;
            if (m_error == EPIPE) sigpipe.discardOurs();
            return;
        }
    }
}

void JsonLinesSink::flush() {
    std::lock_guard lock(m_mutex);
    if (!m_error && isRegularFile(m_fd)) ::fdatasync(m_fd);
}

int JsonLinesSink::writeError() const {
    std::lock_guard lock(m_mutex);
    return m_error;
}

bool JsonLinesSink::readerGone() const {
    return writeError() == EPIPE;
}

// ---- EventStreamReader ----

std::vector<Event> EventStreamReader::readFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot read events from " + path);
    FdCloser closer(fd);
    std::vector<Event> events;
    char buf[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::system_error(errno, std::generic_category(), "cannot read events from " + path);
        if (n == 0) break;
        auto some = feed(std::string_view(buf, static_cast<std::size_t>(n)));
        events.insert(events.end(), std::make_move_iterator(some.begin()),
                      std::make_move_iterator(some.end()));
    }
    auto last = finish();
    events.insert(events.end(), std::make_move_iterator(last.begin()), std::make_move_iterator(last.end()));
    return events;
}

std::vector<Event> EventStreamReader::readString(std::string_view text) {
    auto events = feed(text);
    auto last = finish();
    events.insert(events.end(), std::make_move_iterator(last.begin()), std::make_move_iterator(last.end()));
    return events;
}

std::vector<Event> EventStreamReader::feed(std::string_view bytes) {
    m_partial.append(bytes);
    std::size_t start = 0;
    for (std::size_t end = m_partial.find('\n'); end != std::string::npos;
         end = m_partial.find('\n', start)) {
        const std::string_view line(m_partial.data() + start, end - start);
        start = end + 1;
        try {
            readLine(line);
        } catch (...) {
            m_partial.erase(0, start); // the bad line is consumed; what follows it can still be read
            throw;
        }
    }
    m_partial.erase(0, start);
    if (m_partial.size() > kMaxLineBytes) {
        m_partial.clear();
        throw EventFormatError("line " + std::to_string(m_lineNumber + 1) + ": no end of line after " +
                               std::to_string(kMaxLineBytes) + " bytes");
    }
    return takeEvents();
}

std::vector<Event> EventStreamReader::finish() {
    if (!m_partial.empty()) {
        const std::string line = std::exchange(m_partial, {});
        readLine(line);
    }
    return takeEvents();
}

void EventStreamReader::readLine(std::string_view line) {
    ++m_lineNumber;
    const std::string where = "line " + std::to_string(m_lineNumber) + ": ";
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;

    std::string whyNot;
    std::optional<Event> event;
    try {
        event = fromJsonLine(line, &whyNot, m_format ? m_format : kEventFormatVersion);
    } catch (const EventFormatError& e) {
        throw EventFormatError(where + e.what());
    }
    if (!event) {
        if (m_warnings.size() < kMaxWarnings)
            m_warnings.push_back(where + "skipped " + whyNot);
        else if (m_warnings.size() == kMaxWarnings)
            m_warnings.push_back("more lines were skipped; only the first " + std::to_string(kMaxWarnings) +
                                 " are listed");
        return;
    }
    // Without a hello first there is no version to judge the rest by. A later hello starts the next run.
    if (const auto* hello = std::get_if<HelloEvent>(&event->body)) {
        m_format = hello->formatVersion;
        ++m_runs;
    } else if (m_format == 0) {
        throw EventFormatError(where + "expected a hello event first, found " + eventTypeName(event->body));
    }
    m_events.push_back(std::move(*event));
}

std::vector<Event> EventStreamReader::takeEvents() {
    return std::exchange(m_events, {});
}

std::vector<std::vector<Event>> splitRuns(std::vector<Event> events) {
    std::vector<std::vector<Event>> runs;
    for (auto& e : events) {
        if (std::holds_alternative<HelloEvent>(e.body)) runs.emplace_back();
        if (!runs.empty()) runs.back().push_back(std::move(e));
    }
    return runs;
}

// ---- VectorSink ----

void VectorSink::record(const Event& event) {
    std::lock_guard lock(m_mutex);
    m_events.push_back(event);
}

std::vector<Event> VectorSink::events() const {
    std::lock_guard lock(m_mutex);
    return m_events;
}

std::vector<Event> VectorSink::take() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_events, {});
}

std::size_t VectorSink::size() const {
    std::lock_guard lock(m_mutex);
    return m_events.size();
}

} // namespace mpwb
