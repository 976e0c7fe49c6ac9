#include "event_json.h"

// Boost.JSON in header-only mode: this file is the one place that compiles its sources.
#include <boost/json/src.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>
#include <utility>

namespace json = boost::json;

namespace mpwb {

namespace {

// Indexed like EventBody's alternatives.
constexpr std::array<const char*, 18> kTypeNames = {
    "hello",       "run_started",  "worker_started", "chunk",   "cpu",  "result",           "error",
    "sweep_point", "run_finished", "queue",          "counter", "file", "chunk_dispatched", "chunk_started",
    "gil",         "lock",         "segment",        "sweep_started"};
static_assert(kTypeNames.size() == std::variant_size_v<EventBody>);

// The field list of each event, written once and used by both the writer and the reader so the two cannot
// disagree. E may be const (writing) or not (reading). A third argument is the format version that added the
// field: streams of an older version may lack it, and the reader then keeps the default.
template <typename E, typename F> void forEachField(E& e, F& f) {
    using T = std::remove_const_t<E>;
    if constexpr (std::is_same_v<T, HelloEvent>) {
        f("format_version", e.formatVersion);
        f("cores", e.cores);
        f("machine", e.machine);
        f("engine_version", e.engineVersion);
        f("run_id", e.runId, 3);
    } else if constexpr (std::is_same_v<T, RunStartedEvent>) {
        f("exercise", e.exercise);
        f("backend", e.backend);
        f("start_method", e.startMethod);
        f("workers", e.workers);
        f("chunksize", e.chunksize);
        f("items", e.items);
        f("params", e.params);
        f("run_id", e.runId, 3);
        f("stall_timeout_ms", e.stallTimeoutMs, 4);
    } else if constexpr (std::is_same_v<T, WorkerStartedEvent>) {
        f("worker", e.worker);
        f("pid", e.pid);
        f("start_method", e.startMethod);
        f("startup_ns", e.startupNs);
    } else if constexpr (std::is_same_v<T, ChunkEvent>) {
        f("worker", e.worker);
        f("core", e.core);
        f("first_item", e.firstItem);
        f("items", e.items);
        f("dispatch_ns", e.dispatchNs);
        f("start_ns", e.startNs);
        f("end_ns", e.endNs);
        f("bytes_in", e.bytesIn);
        f("bytes_out", e.bytesOut);
        f("encode_ns", e.encodeNs);
        f("decode_ns", e.decodeNs);
        f("merged", e.merged);
    } else if constexpr (std::is_same_v<T, WorkerCpu>) {
        f("worker", e.worker);
        f("pid", e.pid);
        f("cpu_percent", e.cpuPercent);
        f("cpu_ns", e.cpuNs);
        f("last_core", e.lastCore);
        f("in_host", e.inHost, 3);
    } else if constexpr (std::is_same_v<T, CpuEvent>) {
        f("cores", e.cores);
        f("workers", e.workers);
        f("host_cpu_percent", e.hostCpuPercent, 3);
    } else if constexpr (std::is_same_v<T, ResultEvent>) {
        f("value", e.value);
        f("checks", e.checks);
        f("correct", e.correct);
    } else if constexpr (std::is_same_v<T, ErrorEvent>) {
        f("kind", e.kind);
        f("message", e.message);
        f("worker", e.worker);
        f("pid", e.pid);
        f("item", e.item);
        f("signal", e.signal);
        f("exit_code", e.exitCode);
        f("chunk_first", e.chunkFirst);
        f("chunk_items", e.chunkItems);
        f("chunk", e.chunk, 4);
        f("file", e.file, 4);
        f("parameter", e.parameter, 4);
    } else if constexpr (std::is_same_v<T, SweepPointEvent>) {
        f("backend", e.backend);
        f("workers", e.workers);
        f("chunksize", e.chunksize);
        f("repeat", e.repeat);
        f("wall_ns", e.wallNs);
    } else if constexpr (std::is_same_v<T, RunFinishedEvent>) {
        f("status", e.status);
        f("wall_ns", e.wallNs);
    } else if constexpr (std::is_same_v<T, QueueEvent>) {
        f("queue", e.queue);
        f("depth", e.depth);
        f("capacity", e.capacity);
        f("puts", e.puts);
        f("gets", e.gets);
        f("bytes_put", e.bytesPut);
        f("bytes_got", e.bytesGot);
        f("put_blocked_ns", e.putBlockedNs);
        f("get_blocked_ns", e.getBlockedNs);
    } else if constexpr (std::is_same_v<T, CounterEvent>) {
        f("mode", e.mode);
        f("value", e.value);
        f("increments", e.increments);
    } else if constexpr (std::is_same_v<T, FileEvent>) {
        f("item", e.item);
        f("input", e.input);
        f("output", e.output);
        f("ok", e.ok);
        f("message", e.message);
    } else if constexpr (std::is_same_v<T, ChunkDispatchedEvent>) {
        f("worker", e.worker);
        f("first_item", e.firstItem);
        f("items", e.items);
        f("bytes_in", e.bytesIn);
        f("skipped", e.skipped);
    } else if constexpr (std::is_same_v<T, ChunkStartedEvent>) {
        f("worker", e.worker);
        f("first_item", e.firstItem);
        f("items", e.items);
        f("core", e.core);
    } else if constexpr (std::is_same_v<T, GilEvent>) {
        f("start_ns", e.startNs);
        f("end_ns", e.endNs);
        f("holder", e.holder);
        f("acquisitions", e.acquisitions);
        f("handovers", e.handovers);
        f("held_ns", e.heldNs);
        f("waited_ns", e.waitedNs);
    } else if constexpr (std::is_same_v<T, LockEvent>) {
        f("lock", e.lock);
        f("holder", e.holder);
        f("waiting", e.waiting);
        f("acquisitions", e.acquisitions);
        f("waited_ns", e.waitedNs);
    } else if constexpr (std::is_same_v<T, SegmentEvent>) {
        f("action", e.action);
        f("name", e.name);
        f("bytes", e.bytes);
        f("worker", e.worker);
        f("pid", e.pid);
    } else if constexpr (std::is_same_v<T, SweepStartedEvent>) {
        f("exercise", e.exercise);
        f("backend", e.backend);
        f("start_method", e.startMethod);
        f("workers", e.workers);
        f("chunksizes", e.chunksizes);
        f("repeats", e.repeats);
        f("params", e.params);
        f("run_id", e.runId);
    } else {
        static_assert(!sizeof(T), "every event type needs its field list here");
    }
}

// ---- writing ----

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

// ---- reading ----

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

std::string jsonQuoted(const std::string& s) {
    std::string out;
    appendValue(out, std::string_view(s));
    return out;
}

} // namespace mpwb
