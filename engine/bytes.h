// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Little-endian byte encoding for everything that crosses a process boundary: items, results and the
// worker protocol's frames. Our counterpart of pickling: explicit, versionless, and cheap to measure.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mpwb {

using Bytes = std::vector<std::uint8_t>;

class DecodeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ByteWriter {
public:
    explicit ByteWriter(Bytes& out) : m_out(out) {}

    template <typename T> void put(T value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto at = m_out.size();
        m_out.resize(at + sizeof(T));
        std::memcpy(m_out.data() + at, &value, sizeof(T));
    }
    void putU128(unsigned __int128 v) {
        put<std::uint64_t>(static_cast<std::uint64_t>(v));
        put<std::uint64_t>(static_cast<std::uint64_t>(v >> 64));
    }
    void putString(std::string_view s) {
        put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
        m_out.insert(m_out.end(), s.begin(), s.end());
    }
    void putBytes(const std::uint8_t* data, std::size_t n) { m_out.insert(m_out.end(), data, data + n); }
    std::size_t size() const { return m_out.size(); }

private:
    Bytes& m_out;
};

class ByteReader {
public:
    ByteReader(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
    explicit ByteReader(const Bytes& b) : ByteReader(b.data(), b.size()) {}

    template <typename T> T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        need(sizeof(T));
        T value;
        std::memcpy(&value, m_data + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return value;
    }
    unsigned __int128 getU128() {
        const auto lo = get<std::uint64_t>();
        const auto hi = get<std::uint64_t>();
        return (static_cast<unsigned __int128>(hi) << 64) | lo;
    }
    std::string getString() {
        const auto n = get<std::uint32_t>();
        need(n);
        std::string s(reinterpret_cast<const char*>(m_data + m_pos), n);
        m_pos += n;
        return s;
    }
    const std::uint8_t* take(std::size_t n) {
        need(n);
        const auto* p = m_data + m_pos;
        m_pos += n;
        return p;
    }
    std::size_t remaining() const { return m_size - m_pos; }
    bool atEnd() const { return m_pos == m_size; }

private:
    void need(std::size_t n) const {
        if (m_size - m_pos < n)
            throw DecodeError("truncated data: needed " + std::to_string(n) + " more bytes, " +
                              std::to_string(m_size - m_pos) + " left");
    }
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

std::string toDecimal(unsigned __int128 v);

} // namespace mpwb
