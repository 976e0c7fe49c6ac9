// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_stream.h"

#include "event_json.h"
#include "fd_closer.h"

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
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

bool isRegularFile(int fd) {
    struct stat st {};
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

bool isPipeOrSocket(int fd) {
    struct stat st {};
    return fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

} // namespace

// ---- JsonLinesSink ----

JsonLinesSink::JsonLinesSink(int fd, std::string name) : m_fd(fd), m_name(std::move(name)) {
    if (isPipeOrSocket(m_fd)) watchReader();
}

JsonLinesSink::JsonLinesSink(const std::string& path) : m_ownsFd(true), m_name(path) {
    const auto refuse = [&path](int error, const std::string& why) {
        throw std::system_error(error, std::generic_category(), "cannot write events to " + path + why);
    };
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    // Devices, pipes and the descriptors under /dev and /proc (/dev/stdout) cannot be replaced by a rename,
    // and nothing is kept in them to protect: they are written as they are (appended to, where /dev/stdout
    // is a file the shell opened for us).
    const bool special = path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0;
    if ((exists && !S_ISREG(st.st_mode)) || special) {
        const int how = !exists ? O_CREAT : S_ISREG(st.st_mode) ? O_APPEND : 0;
        m_fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | how, 0644);
        if (m_fd < 0) refuse(errno, "");
        if (isPipeOrSocket(m_fd)) watchReader();
        return;
    }
    // A symbolic link keeps pointing at the run file: the file it names is the one replaced.
    m_target = path;
    if (exists)
        if (char* real = ::realpath(path.c_str(), nullptr)) {
            m_target = real;
            std::free(real);
        }
    std::string name = m_target + ".incomplete-XXXXXX";
    m_fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (m_fd < 0 && errno == ENAMETOOLONG) { // a name near the limit has no room for the suffix
        const auto slash = m_target.rfind('/');
        name = (slash == std::string::npos ? std::string() : m_target.substr(0, slash + 1)) +
               ".mpwb-incomplete-XXXXXX";
        m_fd = ::mkostemp(name.data(), O_CLOEXEC);
    }
    if (m_fd < 0) {
        const int error = errno;
        refuse(error,
               error == ENOENT || error == ENOTDIR ? "" : " (no temporary file could be made beside it)");
    }
    m_temporary = name;
    ::fchmod(m_fd, exists ? (st.st_mode & 07777) : 0644); // mkostemp makes it private to us
}

JsonLinesSink::~JsonLinesSink() {
    stopWatching();
    if (m_ownsFd && m_fd >= 0) ::close(m_fd);
    if (!m_temporary.empty()) ::unlink(m_temporary.c_str());
}

void JsonLinesSink::record(const Event& event) {
    std::string line = toJsonLine(event); // outside the lock: only the write itself needs to be serialized
    line += '\n';
    bool failed = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_error.load() || m_fd < 0) return;
        writeLine(line);
        failed = m_error.load() != 0;
    }
    if (failed) notifyFailure();
}

void JsonLinesSink::writeLine(const std::string& line) {
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
            fail(n < 0 ? errno : EIO);
            return;
        }
    }
}

void JsonLinesSink::fail(int error) {
    int none = 0;
    m_error.compare_exchange_strong(none, error);
}

void JsonLinesSink::notifyFailure() {
    std::function<void()> handler;
    {
        std::lock_guard lock(m_mutex);
        if (m_failureNotified || !m_onFailure) return;
        m_failureNotified = true;
        handler = m_onFailure;
    }
    handler();
}

void JsonLinesSink::setFailureHandler(std::function<void()> handler) {
    {
        std::lock_guard lock(m_mutex);
        m_onFailure = std::move(handler);
    }
    if (m_error.load()) notifyFailure();
}

void JsonLinesSink::flush() {
    bool failed = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_error.load() || m_fd < 0 || !isRegularFile(m_fd)) return;
        if (::fdatasync(m_fd) != 0) fail(errno);
        failed = m_error.load() != 0;
    }
    if (failed) notifyFailure();
}

bool JsonLinesSink::commit() {
    stopWatching();
    std::lock_guard lock(m_mutex);
    if (m_fd >= 0) {
        // A full disk or a failing device may only say so when the data is put on disk or the file closed.
        if (!m_error.load() && isRegularFile(m_fd) && ::fdatasync(m_fd) != 0) fail(errno);
        if (m_ownsFd && ::close(m_fd) != 0) fail(errno);
        m_fd = -1;
    }
    if (!m_temporary.empty()) {
        if (!m_error.load() && ::rename(m_temporary.c_str(), m_target.c_str()) != 0) fail(errno);
        if (m_error.load()) {
            ::unlink(m_temporary.c_str());
            m_removedTemporary = true;
        }
        m_temporary.clear();
    }
    return m_error.load() == 0;
}

int JsonLinesSink::writeError() const {
    return m_error.load();
}

bool JsonLinesSink::readerGone() const {
    return writeError() == EPIPE;
}

std::string JsonLinesSink::errorText() const {
    const int error = m_error.load();
    if (!error) return {};
    const auto where = m_name == "-" ? std::string("standard output") : m_name;
    const auto why = std::generic_category().message(error);
    if (error == EPIPE)
        return "cannot write the event stream to " + where + ": nobody reads it any more (" + why + ")";
    std::string text = "cannot write the event stream to " + where + ": " + why;
    std::lock_guard lock(m_mutex);
    if (m_removedTemporary) text += "; the incomplete copy was deleted, so no cut-off file is left";
    return text;
}

// A pipe's reader that closes its end, or a socket's peer that goes, shows as POLLERR or POLLHUP on our
// end without writing: noticed then, a run whose events are rare (a long chunk, no CPU samples) is not
// left running for nobody.
void JsonLinesSink::watchReader() {
    if (::pipe2(m_wake, O_CLOEXEC) != 0) return; // then a gone reader is noticed at the next write
    m_watch = std::thread([this] {
        pollfd fds[2] = {{m_fd, 0, 0}, {m_wake[0], POLLIN, 0}};
        for (;;) {
            const int n = ::poll(fds, 2, -1);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 || fds[1].revents || (fds[0].revents & POLLNVAL)) return;
            if (fds[0].revents & (POLLERR | POLLHUP)) {
                {
                    std::lock_guard lock(m_mutex);
                    fail(EPIPE);
                }
                notifyFailure();
                return;
            }
        }
    });
}

void JsonLinesSink::stopWatching() {
    if (m_watch.joinable()) {
        const char stop = 1;
        while (::write(m_wake[1], &stop, 1) < 0 && errno == EINTR) {
        }
        m_watch.join();
    }
    for (int& fd : m_wake)
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
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
