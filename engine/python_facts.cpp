// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_facts.h"

#include <boost/json.hpp>
#include <cstring>

namespace mpwb {
namespace json = boost::json;

namespace {

// Field readers that never throw: a missing or mistyped field gives the fallback, and the caller decides
// whether that makes the fact malformed.
std::int64_t integer(const json::object& o, const char* key, std::int64_t fallback = 0) {
    const auto* v = o.if_contains(key);
    if (!v) return fallback;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
    return fallback;
}
std::uint64_t count(const json::object& o, const char* key) {
    const auto n = integer(o, key);
    return n > 0 ? static_cast<std::uint64_t>(n) : 0;
}
std::string text(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
bool flag(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_bool() && v->as_bool();
}
bool hasNumber(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_number();
}

std::string signalName(int signal) {
    const char* d = sigdescr_np(signal); // strsignal's text, without its shared buffer
    return std::to_string(signal) + (d ? " (" + std::string(d) + ")" : "");
}

} // namespace

FactTranslator::FactTranslator(std::int64_t originNs, int cores) : m_origin(originNs), m_cores(cores) {}

FactTranslator::Process& FactTranslator::process(int pid) {
    m_pidsSeen.insert(pid);
    return m_processes[pid];
}

int FactTranslator::workerOf(int pid) const {
    const auto it = m_processes.find(pid);
    return it == m_processes.end() ? -1 : it->second.worker;
}

Event FactTranslator::workbenchNote(std::int64_t t, std::string note) const {
    return Event{t, OutputEvent{"workbench", std::move(note) + "\n"}};
}

// A worker gets its number when it is known to be one; the startup time needs both ends, so it is 0 when the
// first chunk came before one of them.
void FactTranslator::numberWorker(int pid, Process& p, std::int64_t t, std::vector<Event>& out) {
    if (p.worker >= 0) return;
    p.worker = m_nextWorker++;
    WorkerStartedEvent w{p.worker, pid, p.startMethod.empty() ? m_startMethod : p.startMethod, 0};
    if (p.started && p.ready && p.readyNs > p.askedNs) w.startupNs = p.readyNs - p.askedNs;
    out.push_back({since(std::max(t, p.readyNs)), w});
}

std::vector<Event> FactTranslator::take(std::string_view datagram) {
    std::vector<Event> out;
    boost::system::error_code ec;
    const auto value = json::parse(datagram, ec);
    if (ec || !value.is_object()) {
        ++m_malformed;
        return out;
    }
    const auto& f = value.as_object();
    const auto kind = text(f, "k");
    const int pid = static_cast<int>(integer(f, "pid"));
    if (kind.empty() || pid <= 0 || !hasNumber(f, "t")) {
        ++m_malformed;
        return out;
    }
    const std::int64_t t = integer(f, "t");
    auto& me = process(pid);

    if (kind == "hello") {
        if (flag(f, "main") && m_mainPid == 0) {
            m_mainPid = pid;
            m_mainHelloNs = since(t);
            m_startMethod = text(f, "start_method");
            m_pythonVersion = text(f, "python");
        }
    } else if (kind == "process_started") {
        const int child = static_cast<int>(integer(f, "child"));
        if (child <= 0) {
            ++m_malformed;
            return out;
        }
        auto& c = process(child);
        if (c.started) return out;
        c.started = true;
        c.startedNs = t;
        c.askedNs = integer(f, "asked_t", t);
        c.startMethod = text(f, "start_method");
        ++m_started;
        if (++m_live > 4 * m_cores && m_crowdWarning.empty()) {
            m_crowdWarning = std::to_string(m_live) + " processes of the script run at once on " +
                             std::to_string(m_cores) +
                             " cores: most of them wait their turn, and each still costs its start-up and "
                             "its memory";
            out.push_back(workbenchNote(since(t), m_crowdWarning));
        }
        if (c.ready) numberWorker(child, c, t, out);
    } else if (kind == "process_ready") {
        me.ready = true;
        me.readyNs = t;
        if (me.started) numberWorker(pid, me, t, out);
    } else if (kind == "process_ended") {
        const int child = static_cast<int>(integer(f, "child"));
        auto& c = process(child);
        if (!c.ended && c.started) --m_live;
        c.ended = true;
        const auto code = integer(f, "exitcode");
        // A child the script signalled itself (Pool.terminate(), the end of a `with Pool()` block) was
        // stopped, not killed by something: it never explains a failure.
        const bool byParent = flag(f, "by_parent");
        if (code < 0 && !byParent) m_killed.push_back({child, c.worker, static_cast<int>(code)});
        // Said at once, not only in the run's outcome: a Pool replaces a killed worker and the script goes
        // on.
        if (c.worker >= 0)
            out.push_back({since(t), WorkerEndedEvent{c.worker, child, code > 0 ? static_cast<int>(code) : 0,
                                                      code < 0 ? static_cast<int>(-code) : 0, byParent}});
    } else if (kind == "dispatch") {
        const auto key = text(f, "key");
        if (key.empty()) {
            ++m_malformed;
            return out;
        }
        if (m_finishedFirst.erase(key)) return out; // its chunk came first and was drawn
        Dispatch d{t, m_itemsDispatched, count(f, "items"), count(f, "bytes"), integer(f, "encode_ns")};
        m_itemsDispatched += d.items;
        m_dispatches[key] = d;
    } else if (kind == "chunk") {
        const auto key = text(f, "key");
        const auto start = integer(f, "start", t), end = integer(f, "end", t);
        numberWorker(pid, me, t, out);
        Dispatch d{start, m_itemsDispatched, count(f, "items"), 0, 0};
        if (const auto it = m_dispatches.find(key); !key.empty() && it != m_dispatches.end()) {
            d = it->second;
            m_dispatches.erase(it);
        } else {
            m_itemsDispatched += d.items; // drawn as dispatched when it started
            if (!key.empty()) m_finishedFirst.insert(key);
        }
        const auto items = count(f, "items") ? count(f, "items") : d.items;
        out.push_back({since(d.t), ChunkDispatchedEvent{me.worker, d.firstItem, items, d.bytes, 0}});
        out.push_back({since(start), ChunkStartedEvent{me.worker, d.firstItem, items, -1}});
        ChunkEvent c;
        c.worker = me.worker;
        c.firstItem = d.firstItem;
        c.items = items;
        c.dispatchNs = since(d.t);
        c.startNs = since(start);
        c.endNs = since(end);
        c.bytesIn = count(f, "bytes_in") ? count(f, "bytes_in") : d.bytes;
        c.bytesOut = count(f, "bytes_out");
        c.encodeNs = d.encodeNs + integer(f, "encode_ns");
        c.decodeNs = integer(f, "decode_ns");
        c.workNs = std::max<std::int64_t>(0, end - start);
        out.push_back({since(end), c});
        ++m_chunks;
        m_itemsDone += items;
    } else if (kind == "queue") {
        auto& q = m_queues[text(f, "queue")];
        q.capacity = integer(f, "capacity", q.capacity);
        if (const auto depth = integer(f, "depth", -1); depth >= 0) q.depth = depth;
        q.byPid[pid] = {count(f, "puts"),
                        count(f, "gets"),
                        count(f, "bytes_put"),
                        count(f, "bytes_got"),
                        integer(f, "put_blocked_ns"),
                        integer(f, "get_blocked_ns")};
        QueueEvent e{text(f, "queue"), q.depth, q.capacity};
        for (const auto& [_, s] : q.byPid) {
            e.puts += s.puts;
            e.gets += s.gets;
            e.bytesPut += s.bytesPut;
            e.bytesGot += s.bytesGot;
            e.putBlockedNs += s.putBlockedNs;
            e.getBlockedNs += s.getBlockedNs;
        }
        out.push_back({since(t), e});
    } else if (kind == "counter") {
        auto& c = m_counters[text(f, "name")];
        if (t >= c.valueT) {
            c.value = integer(f, "value");
            c.valueT = t;
        }
        c.byPid[pid] = {count(f, "writes"), count(f, "locked_writes")};
        CounterShare total;
        for (const auto& [_, s] : c.byPid) {
            total.writes += s.writes;
            total.lockedWrites += s.lockedWrites;
        }
        out.push_back(
            {since(t), CounterEvent{total.writes > 0 && total.lockedWrites == total.writes ? "lock" : "none",
                                    c.value, total.writes}});
    } else if (kind == "lock") {
        const auto name = text(f, "name");
        auto& shares = m_locks[name];
        shares[pid] = {flag(f, "holding"), integer(f, "waiting"), integer(f, "waited_ns"),
                       count(f, "acquisitions")};
        LockEvent e{name, -1, 0, 0, 0};
        for (const auto& [who, s] : shares) {
            if (s.holding) e.holder = workerOf(who);
            e.waiting += static_cast<int>(s.waiting);
            e.acquisitions += s.acquisitions;
            e.waitedNs += s.waitedNs;
        }
        out.push_back({since(t), e});
    } else if (kind == "segment") {
        auto action = text(f, "action");
        const auto name = text(f, "name");
        if (name.size() < 2 || name[0] != '/' || name.find('/', 1) != std::string::npos) {
            ++m_malformed;
            return out;
        }
        if (action == "unlinked") action = "removed";
        if (action == "removed")
            m_liveSegments.erase(name);
        else if (action == "created" || action == "attached")
            m_liveSegments.insert(name);
        else
            return out;
        out.push_back({since(t), SegmentEvent{action, name, count(f, "bytes"), workerOf(pid), pid}});
    } else if (kind == "unpicklable") {
        if (!m_unpicklable)
            m_unpicklable =
                PickleProblem{text(f, "what"), text(f, "where"), text(f, "message"), text(f, "lesson")};
    } else if (kind == "main_guard") {
        if (!m_mainGuard) m_mainGuard = MainGuardProblem{pid, text(f, "where"), text(f, "start_method")};
    } else if (kind == "exception") {
        if (!m_exception && (pid == m_mainPid || m_mainPid == 0))
            m_exception = ScriptException{pid,
                                          text(f, "type"),
                                          text(f, "message"),
                                          text(f, "file"),
                                          text(f, "traceback"),
                                          integer(f, "line", -1)};
    }
    return out;
}

std::vector<Event> FactTranslator::finish(std::int64_t nowNs, bool unpicklableIsTheError) {
    std::vector<Event> out;
    m_dispatches.clear();
    if (m_unpicklable && !unpicklableIsTheError)
        out.push_back(workbenchNote(since(nowNs), m_unpicklable->message.empty()
                                                      ? m_unpicklable->what + " at " + m_unpicklable->where +
                                                            " cannot be pickled"
                                                      : m_unpicklable->message));
    if (m_malformed)
        out.push_back(workbenchNote(since(nowNs), std::to_string(m_malformed) +
                                                      " fact(s) from the tracer could not be read and were "
                                                      "skipped: the views may miss a little of this run"));
    return out;
}

std::vector<std::pair<int, int>> FactTranslator::workers() const {
    std::vector<std::pair<int, int>> out;
    for (const auto& [pid, p] : m_processes)
        if (p.worker >= 0 && !p.ended) out.emplace_back(p.worker, pid);
    return out;
}

std::string describeScriptEnd(const ScriptEnd& end) {
    if (end.signal) return "killed by signal " + signalName(end.signal);
    return "exit status " + std::to_string(end.exitCode);
}

std::optional<ErrorEvent> pythonRunError(const FactTranslator& facts, const ScriptEnd& end,
                                         const std::string& scriptPath) {
    if (end.cancelled)
        return ErrorEvent{"cancelled", "the run was cancelled; every process of the script was ended"};
    if (const auto& g = facts.mainGuard()) {
        ErrorEvent e{
            "no-main-guard",
            "a " + (g->startMethod.empty() ? std::string("spawned") : g->startMethod) +
                " child imported the script and started a process itself" +
                (g->where.empty() ? "" : " (at " + g->where + ")") +
                ": the script's top-level code runs again in every such child. Put it under "
                "'if __name__ == \"__main__\":'; the run was stopped before the processes multiplied"};
        e.pid = g->pid;
        e.file = scriptPath;
        return e;
    }
    const bool failed = !end.ranToEnd || end.exitCode != 0 || end.signal != 0;
    if (!failed) return std::nullopt;
    if (const auto& u = facts.unpicklable()) {
        ErrorEvent e{"unpicklable", u->message.empty() ? u->what + " at " + u->where +
                                                             " cannot be pickled, so it cannot be sent to "
                                                             "another process"
                                                       : u->message};
        e.file = scriptPath;
        // `where` is "file.py:LINE" and may name a module the script imported: a line only of the script.
        const auto colon = u->where.rfind(':');
        const auto slash = scriptPath.rfind('/');
        const auto scriptName = slash == std::string::npos ? scriptPath : scriptPath.substr(slash + 1);
        if (colon != std::string::npos && u->where.substr(0, colon) == scriptName)
            e.item = std::strtoll(u->where.c_str() + colon + 1, nullptr, 10);
        return e;
    }
    if (!facts.killedChildren().empty()) {
        const auto& k = facts.killedChildren().front();
        ErrorEvent e{"worker-died", "process " + std::to_string(k.pid) +
                                        (k.worker >= 0 ? " (worker " + std::to_string(k.worker) + ")" : "") +
                                        " was killed by signal " + signalName(-k.exitCode) +
                                        ", and the script then failed (" + describeScriptEnd(end) + ")"};
        e.worker = k.worker;
        e.pid = k.pid;
        e.signal = -k.exitCode;
        return e;
    }
    ErrorEvent e{"script-failed", ""};
    e.pid = facts.mainPid();
    e.exitCode = end.exitCode;
    e.signal = end.signal;
    e.file = scriptPath;
    if (const auto& x = facts.exception()) {
        e.file = x->file.empty() ? scriptPath : x->file;
        e.item = x->line;
        e.message = x->type + (x->message.empty() ? "" : ": " + x->message) +
                    (x->file.empty()
                         ? ""
                         : " (" + x->file + (x->line >= 0 ? ", line " + std::to_string(x->line) : "") + ")");
    } else {
        e.message = "the script ended with " + describeScriptEnd(end);
    }
    return e;
}

} // namespace mpwb
