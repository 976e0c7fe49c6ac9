// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Closes a file descriptor when it goes out of scope, on every way out of a function.

#include <unistd.h>

namespace mpwb {

class FdCloser {
public:
    explicit FdCloser(int fd) : m_fd(fd) {}
    ~FdCloser() {
        if (m_fd >= 0) ::close(m_fd);
    }
    FdCloser(const FdCloser&) = delete;
    FdCloser& operator=(const FdCloser&) = delete;

private:
    int m_fd;
};

} // namespace mpwb
