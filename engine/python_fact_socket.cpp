// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_fact_socket.h"

#include "clock.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <system_error>
#include <unistd.h>

namespace mpwb {

namespace {
// A datagram is at most 60 KiB (the tracer cuts longer texts); room for a little more.
constexpr std::size_t kMaxFact = std::size_t{64} * 1024;

// How many datagrams the kernel queues for a Unix datagram socket before a sender waits: SO_RCVBUF does
// not raise it, only the system's setting does.
std::size_t datagramQueueLimit() {
    std::ifstream in("/proc/sys/net/unix/max_dgram_qlen");
    long limit = 0;
    return in >> limit && limit > 0 ? static_cast<std::size_t>(limit) : 10;
}
} // namespace

FactSocket::FactSocket() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing sets the environment once threads run
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/mpwb-python-XXXXXX";
    if (!mkdtemp(pattern.data()))
        throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    m_dir = pattern;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const auto p = path();
    if (p.size() >= sizeof addr.sun_path) {
        ::rmdir(m_dir.c_str());
        throw std::system_error(ENAMETOOLONG, std::generic_category(), "the fact socket's path " + p);
    }
    std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        const int e = errno;
        if (m_fd >= 0) ::close(m_fd);
        ::rmdir(m_dir.c_str());
        throw std::system_error(e, std::generic_category(), "the fact socket " + p);
    }
    if (pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0) m_wake[0] = m_wake[1] = -1;
    // A roomy queue: a burst of facts at a pool's start must not make the script wait on us.
    const int size = 4 << 20;
    setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    m_queueLimit = datagramQueueLimit();
    m_lastBatchNs = monotonicNs();
}

FactSocket::~FactSocket() {
    ::close(m_fd);
    for (int fd : m_wake)
        if (fd >= 0) ::close(fd);
    for (const char* f : {"/segments", "/segments.new", "/facts.sock"})
        ::unlink((m_dir + f).c_str());
    ::rmdir(m_dir.c_str());
}

std::optional<std::string> FactSocket::receive(int timeoutMs) {
    pollfd p[2] = {{m_fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
    if (poll(p, timeoutMs == 0 ? 1 : 2, timeoutMs) <= 0 || !(p[0].revents & POLLIN)) return std::nullopt;
    // One buffer for every datagram: a fresh 64 KiB for each would be zeroed for facts of a few hundred
    // bytes.
    m_buffer.resize(kMaxFact);
    const auto n = ::recv(m_fd, m_buffer.data(), m_buffer.size(), MSG_DONTWAIT);
    if (n < 0) return std::nullopt;
    return std::string(m_buffer.data(), static_cast<std::size_t>(n));
}

std::vector<std::string> FactSocket::receiveQueued() {
    const auto rest = m_lastBatchNs + m_restNs - monotonicNs();
    if (rest > 0) { // resting, but interrupt() still ends it at once
        const timespec wait{rest / 1'000'000'000, rest % 1'000'000'000};
        pollfd wake{m_wake[0], POLLIN, 0};
        ppoll(&wake, 1, &wait, nullptr);
    }
    std::vector<std::string> batch;
    if (auto first = receive(-1)) batch.push_back(std::move(*first));
    while (!batch.empty())
        if (auto more = receive(0))
            batch.push_back(std::move(*more));
        else
            break;
    const auto now = monotonicNs();
    const auto span = now - m_lastBatchNs;
    m_lastBatchNs = now;
    // They came at batch.size() per span: rest until, at that rate, half the queue's room is taken.
    const auto half = static_cast<std::int64_t>(m_queueLimit / 2);
    m_restNs =
        batch.empty() ? 0 : std::min(kMaxRestNs, span * half / static_cast<std::int64_t>(batch.size()));
    return batch;
}

void FactSocket::interrupt() {
    const char c = 'x';
    [[maybe_unused]] const auto n = ::write(m_wake[1], &c, 1);
}

void FactSocket::writeSegments(const std::set<std::string>& names) const {
    const auto fresh = m_dir + "/segments.new";
    {
        std::ofstream out(fresh, std::ios::trunc);
        for (const auto& n : names)
            out << n << '\n';
    }
    ::rename(fresh.c_str(), (m_dir + "/segments").c_str());
}

} // namespace mpwb
