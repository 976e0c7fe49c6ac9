// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_json.h"

// The reading half of event_json.cpp. Boost.JSON in header-only mode: this file is the one place that
// compiles its sources.
#include <boost/json/src.hpp>

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

// Boost.JSON 1.81 rounds some doubles wrongly when parsing, so this handler builds the same value tree as
// boost::json::parser but converts number text itself with std::from_chars, which is exact.
struct ExactNumberHandler {
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    json::value_stack st;
    std::string number; // text of a number that arrived in parts

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_object_begin(json::error_code&) { return true; }
    bool on_object_end(std::size_t n, json::error_code&) {
        st.push_object(n);
        return true;
    }
    bool on_array_begin(json::error_code&) { return true; }
    bool on_array_end(std::size_t n, json::error_code&) {
        st.push_array(n);
        return true;
    }
    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code&) {
        st.push_key(s);
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        st.push_string(s);
        return true;
    }
    bool on_number_part(json::string_view s, json::error_code&) {
        number.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
        number.clear();
        st.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
        number.clear();
        st.push_uint64(u);
        return true;
    }
    bool on_double(double d, json::string_view s, json::error_code&) {
        number.append(s.data(), s.size());
        double exact = 0;
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), exact);
        // Out of range (1e99999) keeps Boost's answer, an infinity or zero.
        if (ec == std::errc() && end == number.data() + number.size()) d = exact;
        number.clear();
        st.push_double(d);
        return true;
    }
    bool on_bool(bool b, json::error_code&) {
        st.push_bool(b);
        return true;
    }
    bool on_null(json::error_code&) {
        st.push_null();
        return true;
    }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }
};

json::value parseJson(std::string_view line) {
    json::basic_parser<ExactNumberHandler> parser(json::parse_options{});
    parser.handler().st.reset();
    json::error_code ec;
    const std::size_t used = parser.write_some(false, line.data(), line.size(), ec);
    if (!ec && used < line.size()) ec = json::error::extra_data;
    if (ec)
        throw EventFormatError("malformed JSON near byte " + std::to_string(used + 1) + ": " + ec.message());
    return parser.handler().st.release();
}

std::string describeRange(std::string_view what, auto lo, auto hi) {
    return std::string(what) + " from " + std::to_string(lo) + " to " + std::to_string(hi);
}

void readValue(const json::value& v, std::string& out, const std::string& where);
void readValue(const json::value& v, bool& out, const std::string& where);
void readValue(const json::value& v, double& out, const std::string& where);
void readValue(const json::value& v, std::map<std::string, std::string>& out, const std::string& where);
void readValue(const json::value& v, JsonFields& out, const std::string& where);
void readValue(const json::value& v, std::vector<double>& out, const std::string& where);
void readValue(const json::value& v, std::vector<std::int64_t>& out, const std::string& where);
void readValue(const json::value& v, std::vector<WorkerCpu>& out, const std::string& where, int format);

template <std::integral T>
requires(!std::is_same_v<T, bool>) void readValue(const json::value& v, T& out, const std::string& where) {
    constexpr auto lo = std::numeric_limits<T>::min();
    constexpr auto hi = std::numeric_limits<T>::max();
    if (const auto* i = v.if_int64(); i && std::in_range<T>(*i)) {
        out = static_cast<T>(*i);
        return;
    }
    if (const auto* u = v.if_uint64(); u && std::in_range<T>(*u)) {
        out = static_cast<T>(*u);
        return;
    }
    throw EventFormatError(where + " must be " + describeRange("an integer", lo, hi));
}

class ObjectReader {
public:
    // `format` is the version of the stream the object comes from: fields added later may be absent.
    ObjectReader(const json::object& object, std::string context, int format = kEventFormatVersion)
        : m_object(object), m_context(std::move(context)), m_format(format) {}

    template <typename T> void operator()(const char* key, T& value, int sinceFormat = 1) {
        const std::string where = m_context + " field \"" + key + "\"";
        const json::value* v = m_object.if_contains(key);
        if (!v && sinceFormat > m_format) {
            // An older stream: the default stands, except that a measurement it never made reads as NaN
            // rather than as a 0 that was measured.
            if constexpr (std::is_floating_point_v<T>) value = std::numeric_limits<T>::quiet_NaN();
            return;
        }
        if (!v) throw EventFormatError(where + " is missing");
        if constexpr (std::is_same_v<T, std::vector<WorkerCpu>>)
            readValue(*v, value, where, m_format); // its objects gained fields too
        else
            readValue(*v, value, where);
    }

private:
    const json::object& m_object;
    std::string m_context;
    int m_format;
};

void readValue(const json::value& v, std::string& out, const std::string& where) {
    const auto* s = v.if_string();
    if (!s) throw EventFormatError(where + " must be a string");
    out.assign(s->data(), s->size());
}

void readValue(const json::value& v, bool& out, const std::string& where) {
    const auto* b = v.if_bool();
    if (!b) throw EventFormatError(where + " must be true or false");
    out = *b;
}

void readValue(const json::value& v, double& out, const std::string& where) {
    if (const auto* d = v.if_double())
        out = *d;
    else if (const auto* i = v.if_int64())
        out = static_cast<double>(*i);
    else if (const auto* u = v.if_uint64())
        out = static_cast<double>(*u);
    else if (v.is_null())
        out = std::numeric_limits<double>::quiet_NaN(); // how the writer spells "not measurable"
    else
        throw EventFormatError(where + " must be a number");
}

void readValue(const json::value& v, std::map<std::string, std::string>& out, const std::string& where) {
    const auto* object = v.if_object();
    if (!object) throw EventFormatError(where + " must be an object of strings");
    out.clear();
    for (const auto& item : *object) {
        const std::string key(item.key());
        readValue(item.value(), out[key], where + " entry \"" + key + "\"");
    }
}

void readValue(const json::value& v, JsonFields& out, const std::string& where) {
    const auto* object = v.if_object();
    if (!object) throw EventFormatError(where + " must be an object");
    out.clear();
    for (const auto& item : *object)
        out[std::string(item.key())] = json::serialize(item.value());
}

void readValue(const json::value& v, std::vector<double>& out, const std::string& where) {
    const auto* array = v.if_array();
    if (!array) throw EventFormatError(where + " must be an array of numbers");
    out.assign(array->size(), 0.0);
    for (std::size_t i = 0; i < array->size(); ++i)
        readValue((*array)[i], out[i], where + " item " + std::to_string(i));
}

void readValue(const json::value& v, std::vector<std::int64_t>& out, const std::string& where) {
    const auto* array = v.if_array();
    if (!array) throw EventFormatError(where + " must be an array of integers");
    out.assign(array->size(), 0);
    for (std::size_t i = 0; i < array->size(); ++i)
        readValue((*array)[i], out[i], where + " item " + std::to_string(i));
}

void readValue(const json::value& v, std::vector<WorkerCpu>& out, const std::string& where, int format) {
    const auto* array = v.if_array();
    if (!array) throw EventFormatError(where + " must be an array of objects");
    out.assign(array->size(), WorkerCpu{});
    for (std::size_t i = 0; i < array->size(); ++i) {
        const std::string itemWhere = where + " item " + std::to_string(i);
        const auto* object = (*array)[i].if_object();
        if (!object) throw EventFormatError(itemWhere + " must be an object");
        ObjectReader r(*object, itemWhere, format);
        forEachField(out[i], r);
    }
}

template <std::size_t... I> EventBody emptyBody(std::size_t index, std::index_sequence<I...>) {
    EventBody body;
    ((index == I ? (body.emplace<I>(), true) : false) || ...);
    return body;
}

} // namespace

std::optional<Event> fromJsonLine(std::string_view line, std::string* whyNot, int streamFormat) {
    const json::value root = parseJson(line);
    const auto* object = root.if_object();
    if (!object) throw EventFormatError("not a JSON object");

    std::string type;
    ObjectReader(*object, "event")("type", type);
    std::size_t index = 0;
    while (index < kTypeNames.size() && type != kTypeNames[index])
        ++index;
    if (index == kTypeNames.size()) {
        if (whyNot) *whyNot = "unknown event type \"" + type + "\"";
        return std::nullopt;
    }

    Event event;
    ObjectReader(*object, type)("t", event.t);
    event.body = emptyBody(index, std::make_index_sequence<std::variant_size_v<EventBody>>{});
    std::visit(
        [&](auto& body) {
            if constexpr (std::is_same_v<std::decay_t<decltype(body)>, HelloEvent>) {
                // Checked before the other fields: a newer hello may not have them. A hello is judged by its
                // own version, since it starts a run that may come from another writer than the last.
                ObjectReader(*object, type)("format_version", body.formatVersion);
                if (body.formatVersion > kEventFormatVersion)
                    throw EventFormatError("this stream was written by a newer MP Workbench (event format " +
                                           std::to_string(body.formatVersion) + "; this build reads up to " +
                                           std::to_string(kEventFormatVersion) + ")");
                if (body.formatVersion < 1)
                    throw EventFormatError("hello field \"format_version\" must be at least 1");
                streamFormat = body.formatVersion;
            }
            ObjectReader reader(*object, type, streamFormat);
            forEachField(body, reader);
        },
        event.body);
    if (whyNot) whyNot->clear();
    return event;
}

} // namespace mpwb
