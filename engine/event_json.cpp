// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_json.h"

// The writing half; event_json_read.cpp reads, and compiles Boost.JSON's sources.
#include <boost/json.hpp>

#include <charconv>
#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>
#include <utility>

#include "event_fields.h"

namespace json = boost::json;

namespace mpwb {

using event_fields::forEachField;
using event_fields::kTypeNames;

namespace {

// Length of the valid UTF-8 sequence starting at p (RFC 3629: no overlongs, no surrogates), or 0.
std::size_t utf8SequenceLength(const unsigned char* p, std::size_t n) {
    const auto in = [](unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; };
    if (p[0] < 0x80) return 1;
    if (in(p[0], 0xC2, 0xDF)) return n >= 2 && in(p[1], 0x80, 0xBF) ? 2 : 0;
    if (in(p[0], 0xE0, 0xEF)) {
        const unsigned char lo = p[0] == 0xE0 ? 0xA0 : 0x80;
        const unsigned char hi = p[0] == 0xED ? 0x9F : 0xBF;
        return n >= 3 && in(p[1], lo, hi) && in(p[2], 0x80, 0xBF) ? 3 : 0;
    }
    if (in(p[0], 0xF0, 0xF4)) {
        const unsigned char lo = p[0] == 0xF0 ? 0x90 : 0x80;
        const unsigned char hi = p[0] == 0xF4 ? 0x8F : 0xBF;
        return n >= 4 && in(p[1], lo, hi) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

// Messages can carry bytes from anywhere (a path, an exception text); the reader insists on valid UTF-8.
std::string repairedUtf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t len = utf8SequenceLength(p + i, s.size() - i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.data() + i, len);
            i += len;
        }
    }
    return out;
}

void appendValue(std::string& out, std::string_view s) {
    out += json::serialize(json::string_view(repairedUtf8(s)));
}

void appendValue(std::string& out, bool b) {
    out += b ? "true" : "false";
}

template <std::integral T>
requires(!std::is_same_v<T, bool>) void appendValue(std::string& out, T value) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, end);
}

void appendValue(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null"; // JSON has no NaN or infinity
        return;
    }
    char buf[32];
    // The shortest text that reads back to the same bits.
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    const std::string_view text(buf, static_cast<std::size_t>(end - buf));
    out += text;
    // Keep doubles looking like doubles, so -0.0 survives and readers never mistake them for integers.
    if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

void appendValue(std::string& out, const std::map<std::string, std::string>& map);
void appendValue(std::string& out, const JsonFields& fields);
void appendValue(std::string& out, const std::vector<double>& values);
void appendValue(std::string& out, const std::vector<std::int64_t>& values);
void appendValue(std::string& out, const std::vector<WorkerCpu>& workers);

class ObjectWriter {
public:
    explicit ObjectWriter(std::string& out) : m_out(out) { m_out += '{'; }
    void close() { m_out += '}'; }

    template <typename T> void operator()(std::string_view key, const T& value, int sinceFormat = 1) {
        (void)sinceFormat; // we always write the current format, which has every field
        if (!m_first) m_out += ',';
        m_first = false;
        appendValue(m_out, key);
        m_out += ':';
        appendValue(m_out, value);
    }

private:
    std::string& m_out;
    bool m_first = true;
};

void appendValue(std::string& out, const std::map<std::string, std::string>& map) {
    ObjectWriter w(out);
    for (const auto& [key, value] : map)
        w(key, value);
    w.close();
}

void appendValue(std::string& out, const JsonFields& fields) {
    out += '{';
    bool first = true;
    for (const auto& [key, value] : fields) {
        if (!first) out += ',';
        first = false;
        appendValue(out, key);
        out += ':';
        // An exercise's value that is not valid JSON is carried as a string rather than breaking the line.
        boost::system::error_code ec;
        json::parse(value, ec);
        if (ec)
            appendValue(out, std::string_view(value));
        else
            out += value;
    }
    out += '}';
}

void appendValue(std::string& out, const std::vector<double>& values) {
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        appendValue(out, values[i]);
    }
    out += ']';
}

void appendValue(std::string& out, const std::vector<std::int64_t>& values) {
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        appendValue(out, values[i]);
    }
    out += ']';
}

void appendValue(std::string& out, const std::vector<WorkerCpu>& workers) {
    out += '[';
    for (std::size_t i = 0; i < workers.size(); ++i) {
        if (i) out += ',';
        ObjectWriter w(out);
        forEachField(workers[i], w);
        w.close();
    }
    out += ']';
}

} // namespace

const char* eventTypeName(const EventBody& body) {
    return kTypeNames[body.index()];
}

std::string toJsonLine(const Event& event) {
    std::string out;
    out.reserve(256);
    ObjectWriter w(out);
    w("type", std::string_view(eventTypeName(event.body)));
    w("t", event.t);
    std::visit([&w](const auto& body) { forEachField(body, w); }, event.body);
    w.close();
    return out;
}

std::string jsonQuoted(const std::string& s) {
    std::string out;
    appendValue(out, std::string_view(s));
    return out;
}

} // namespace mpwb
