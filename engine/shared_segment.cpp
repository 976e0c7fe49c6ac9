// SPDX-License-Identifier: GPL-3.0-or-later
#include "shared_segment.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <dirent.h>
#include <fcntl.h>
#include <random>
#include <stdexcept>
#include <sys/mman.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace mpwb {
namespace {

std::atomic<unsigned> g_counter{0};

std::runtime_error failure(const std::string& what, const std::string& name) {
    return std::runtime_error(what + " shared-memory segment " + name + ": " +
                              std::generic_category().message(errno));
}

// The random part keeps a name from colliding with one left by an earlier process that had our pid.
std::string uniqueName() {
    static thread_local std::mt19937 random{std::random_device{}()};
    return "/" + segmentNamePrefix(getpid()) + std::to_string(g_counter.fetch_add(1)) + "-" +
           std::to_string(random() % 1'000'000'000);
}

void* mapShared(int fd, std::size_t bytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    return p == MAP_FAILED ? nullptr : p;
}

} // namespace

SharedSegment::SharedSegment(std::size_t bytes) {
    if (bytes == 0) throw std::invalid_argument("a shared-memory segment needs at least one byte");
    removeStaleSegments();
    int fd = -1;
    for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
        m_name = uniqueName();
        fd = shm_open(m_name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) throw failure("cannot create", m_name);
    }
    if (fd < 0) throw failure("cannot find a free name for a", m_name);
    if (ftruncate(fd, static_cast<off_t>(bytes)) != 0) {
        const auto error = failure("cannot size", m_name);
        ::close(fd);
        shm_unlink(m_name.c_str());
        throw error;
    }
    m_data = mapShared(fd, bytes);
    const int mapErrno = errno;
    ::close(fd); // the mapping keeps the memory; the descriptor is no longer needed
    if (!m_data) {
        errno = mapErrno;
        const auto error = failure("cannot map", m_name);
        shm_unlink(m_name.c_str());
        throw error;
    }
    m_size = bytes;
    m_linked = true;
    m_owner = getpid();
}

SharedSegment SharedSegment::attach(const std::string& name) {
    SharedSegment s;
    s.m_name = name;
    const int fd = shm_open(name.c_str(), O_RDWR | O_CLOEXEC, 0);
    if (fd < 0) throw failure("cannot open", name);
    struct stat st {};
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        const auto error = failure("cannot read the size of", name);
        ::close(fd);
        throw error;
    }
    s.m_data = mapShared(fd, static_cast<std::size_t>(st.st_size));
    const int mapErrno = errno;
    ::close(fd);
    if (!s.m_data) {
        errno = mapErrno;
        throw failure("cannot map", name);
    }
    s.m_size = static_cast<std::size_t>(st.st_size);
    return s;
}

SharedSegment::SharedSegment(SharedSegment&& other) noexcept
    : m_data(other.m_data), m_size(other.m_size), m_name(std::move(other.m_name)), m_linked(other.m_linked),
      m_owner(other.m_owner) {
    other.m_data = nullptr;
    other.m_size = 0;
    other.m_linked = false;
}

SharedSegment::~SharedSegment() {
    if (m_data) munmap(m_data, m_size);
    unlinkNow();
}

void SharedSegment::unlinkNow() {
    if (m_linked && m_owner == getpid()) shm_unlink(m_name.c_str());
    m_linked = false;
}

std::string segmentNamePrefix(int pid) {
    return "mpwb-" + std::to_string(pid) + "-";
}

int removeStaleSegments(const std::string& directory) {
    DIR* dir = opendir(directory.c_str());
    if (!dir) return 0;
    int removed = 0;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): readdir on a stream only this call uses is safe in glibc
    while (const dirent* entry = readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.rfind("mpwb-", 0) != 0) continue;
        char* end = nullptr;
        const long pid = std::strtol(name.c_str() + 5, &end, 10);
        if (pid <= 0 || *end != '-') continue;
        // EPERM means the process exists but belongs to someone else: leave its segments alone.
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        if (directory == "/dev/shm" ? shm_unlink(("/" + name).c_str()) == 0
                                    : ::unlink((directory + '/' + name).c_str()) == 0)
            ++removed;
    }
    closedir(dir);
    return removed;
}

} // namespace mpwb
