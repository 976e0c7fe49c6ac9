// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A POSIX shared-memory segment owned by one object: created with a name unique to this run, mapped, and
// removed again on every way out. Forked children inherit the mapping, so a fork-only user can call
// unlinkNow() right after creating it: then no name exists that a crash could leave behind.

#include <cstddef>
#include <string>

namespace mpwb {

class SharedSegment {
public:
    // Creates and maps a zero-filled segment named "/mpwb-<pid>-<counter>-<random>". Removes stale
    // segments of dead processes first. Throws std::runtime_error saying what failed.
    explicit SharedSegment(std::size_t bytes);
    // Maps an existing segment by name (e.g. in a spawned process). It does not own the name: its
    // destructor unmaps but never unlinks.
    static SharedSegment attach(const std::string& name);

    SharedSegment(SharedSegment&& other) noexcept;
    SharedSegment& operator=(SharedSegment&&) = delete;
    SharedSegment(const SharedSegment&) = delete;
    // Unmaps, and unlinks the name if this process created it and it is still there.
    ~SharedSegment();

    void* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    const std::string& name() const { return m_name; } // with the leading '/'
    bool linked() const { return m_linked; }

    // Removes the name now; the mapping stays valid here and in every child forked from now on.
    void unlinkNow();

private:
    SharedSegment() = default;
    void* m_data = nullptr;
    std::size_t m_size = 0;
    std::string m_name;
    bool m_linked = false;
    int m_owner = 0; // pid that may unlink: a forked child that runs destructors must not remove it
};

// "mpwb-<pid>-": how the names of segments created by process `pid` begin (without the '/').
std::string segmentNamePrefix(int pid);

// Removes entries "mpwb-<pid>-*" of `directory` whose process no longer exists; returns how many.
int removeStaleSegments(const std::string& directory = "/dev/shm");

} // namespace mpwb
