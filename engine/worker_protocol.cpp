// SPDX-License-Identifier: GPL-3.0-or-later
#include "worker_protocol.h"

#include <cerrno>
#include <cstring>
#include <system_error>
#include <unistd.h>

namespace mpwb::wire {

std::size_t beginFrame(Bytes& out, FrameType type) {
    const auto at = out.size();
    out.resize(at + kHeaderSize);
    out[at + sizeof(std::uint32_t)] = static_cast<std::uint8_t>(type);
    return at;
}

void endFrame(Bytes& out, std::size_t headerAt) {
    const auto length = static_cast<std::uint32_t>(out.size() - headerAt - kHeaderSize);
    std::memcpy(out.data() + headerAt, &length, sizeof length);
}

bool peekFrame(const Bytes& buffer, std::size_t offset, FrameType& type, std::uint32_t& payloadLength) {
    if (buffer.size() - offset < kHeaderSize) return false;
    std::memcpy(&payloadLength, buffer.data() + offset, sizeof payloadLength);
    const auto t = buffer[offset + sizeof(std::uint32_t)];
    if (payloadLength > kMaxFrame ||
        (t != 1 && t != 2 && t != 10 && t != 11 && t != 12 && t != 13 && t != 14))
        throw DecodeError("a worker sent a frame that makes no sense (type " + std::to_string(t) +
                          ", length " + std::to_string(payloadLength) + ")");
    type = static_cast<FrameType>(t);
    return buffer.size() - offset - kHeaderSize >= payloadLength;
}

bool readFully(int fd, std::uint8_t* data, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const auto n = ::read(fd, data + got, size - got);
        if (n == 0) {
            if (got == 0) return false;
            throw DecodeError("the pipe closed in the middle of a frame");
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "reading from the host");
        }
        got += static_cast<std::size_t>(n);
    }
    return true;
}

void writeFully(int fd, const std::uint8_t* data, std::size_t size) {
    std::size_t sent = 0;
    while (sent < size) {
        const auto n = ::write(fd, data + sent, size - sent);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "writing to the host");
        }
        sent += static_cast<std::size_t>(n);
    }
}

} // namespace mpwb::wire
