// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_output.h"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

#include "clock.h"

namespace mpwb {

namespace {

constexpr std::int64_t kPartialWaitNs = 200'000'000;      // a line without its end yet, shown after this long
constexpr std::size_t kLongLine = std::size_t{64} * 1024; // ... or once it is this long

void echoAll(int fd, const char* data, std::size_t size) {
    while (fd >= 0 && size > 0) {
        const auto n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return; // a closed terminal does not stop the run
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

} // namespace

OutputCapture::OutputCapture(int outFd, int errFd, std::function<void(const Event&)> publish,
                             std::int64_t originNs, int echoOut, int echoErr, std::uint64_t cap)
    : m_streams{{outFd, echoOut, "stdout", {}, 0}, {errFd, echoErr, "stderr", {}, 0}},
      m_publish(std::move(publish)), m_origin(originNs), m_cap(cap), m_thread([this] { run(); }) {}

OutputCapture::~OutputCapture() {
    join();
}

void OutputCapture::join() {
    if (m_thread.joinable()) m_thread.join();
}

void OutputCapture::flush(Stream& s, std::int64_t now, bool all) {
    if (s.pending.empty()) return;
    auto end = s.pending.rfind('\n');
    end = end == std::string::npos ? 0 : end + 1;
    if (all || (end == 0 && (now - s.partialSince >= kPartialWaitNs || s.pending.size() >= kLongLine)))
        end = s.pending.size();
    if (end == 0) return;
    std::string text = s.pending.substr(0, end);
    s.pending.erase(0, end);
    s.partialSince = now;
    if (m_sent >= m_cap) {
        m_cut += text.size();
        return;
    }
    if (m_sent + text.size() > m_cap) {
        const auto keep = m_cap - m_sent;
        m_cut += text.size() - keep;
        text.resize(keep);
    }
    m_sent += text.size();
    m_publish(Event{now - m_origin, OutputEvent{s.name, std::move(text)}});
}

void OutputCapture::run() {
    std::int64_t lastFlush = monotonicNs();
    bool open[2] = {true, true};
    while (open[0] || open[1]) {
        pollfd fds[2];
        for (int i = 0; i < 2; ++i)
            fds[i] = {open[i] ? m_streams[i].fd : -1, POLLIN, 0};
        const auto due = lastFlush + kBatchNs - monotonicNs();
        const int rc = poll(fds, 2, due > 0 ? static_cast<int>(due / 1'000'000) + 1 : 0);
        if (rc < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (!open[i] || !fds[i].revents) continue;
            char buf[16384];
            const auto n = ::read(m_streams[i].fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                open[i] = false;
                continue;
            }
            echoAll(m_streams[i].echo, buf, static_cast<std::size_t>(n));
            if (m_streams[i].pending.empty()) m_streams[i].partialSince = monotonicNs();
            m_streams[i].pending.append(buf, static_cast<std::size_t>(n));
        }
        const auto now = monotonicNs();
        if (now - lastFlush >= kBatchNs) {
            for (auto& s : m_streams)
                flush(s, now, false);
            lastFlush = now;
        }
    }
    const auto now = monotonicNs();
    for (auto& s : m_streams)
        flush(s, now, true);
}

} // namespace mpwb
