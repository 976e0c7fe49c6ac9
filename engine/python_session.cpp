// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_session.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <poll.h>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "clock.h"
#include "cpu_sampler.h"
#include "process_keeper.h"
#include "python_fact_socket.h"
#include "python_facts.h"
#include "python_output.h"
#include "python_tree_cpu.h"
#include "run_session.h"

extern char** environ;

namespace mpwb {

namespace {

constexpr std::chrono::milliseconds kCpuInterval{100};

// Reads the keeper's status lines; false once it closed its end.
bool readLines(int fd, std::string& partial, std::vector<std::string>& lines) {
    char buf[4096];
    const auto n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return n < 0 && errno == EINTR;
    partial.append(buf, static_cast<std::size_t>(n));
    for (auto nl = partial.find('\n'); nl != std::string::npos; nl = partial.find('\n')) {
        lines.push_back(partial.substr(0, nl));
        partial.erase(0, nl + 1);
    }
    return true;
}

// A thread that samples the CPU of the tree until stopped: the cores and the workers through CpuSampler, the
// rest of the tree through TreeCpu.
class TreeSampling {
public:
    template <typename Workers, typename Publish>
    TreeSampling(int keeperPid, std::int64_t origin, Workers workers, Publish publish)
        : m_thread([=, this] {
              CpuSampler cores("/proc", kCpuInterval);
              TreeCpu rest;
              bool first = true;
              std::unique_lock lock(m_mutex);
              while (!m_stop) {
                  lock.unlock();
                  const auto list = workers();
                  std::set<int> pids;
                  for (const auto& [w, pid] : list)
                      pids.insert(pid);
                  cores.setWorkers(list);
                  try {
                      auto event = cores.sampleOnce();
                      event.hostCpuPercent = rest.sample(keeperPid, pids);
                      if (!first) publish(Event{monotonicNs() - origin, event});
                  } catch (const std::exception&) { // /proc/stat unreadable: no cpu events, the run goes on
                  }
                  first = false;
                  lock.lock();
                  m_wake.wait_for(lock, kCpuInterval, [this] { return m_stop; });
              }
          }) {}
    ~TreeSampling() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread; // last: it starts once the rest is ready
};

} // namespace

PythonSession::PythonSession(PythonRequest request, EventSink* events, int echoOut, int echoErr)
    : m_request(std::move(request)), m_events(events), m_echoOut(echoOut), m_echoErr(echoErr),
      m_runId(makeRunId()) {
    if (pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0) m_wake[0] = m_wake[1] = -1;
}

PythonSession::~PythonSession() {
    for (int fd : m_wake)
        if (fd >= 0) ::close(fd);
}

void PythonSession::cancel() {
    m_cancelled.store(true);
    const char c = 'c';
    if (m_wake[1] >= 0) [[maybe_unused]]
        const auto n = ::write(m_wake[1], &c, 1);
}

void PythonSession::publish(const Event& e) {
    if (!m_events) return;
    {
        std::lock_guard lock(m_startMutex);
        if (!m_started) {
            m_early.push_back(e);
            return;
        }
    }
    m_events->record(e);
}

void PythonSession::publishStart(const std::string& startMethod) {
    std::lock_guard lock(m_startMutex);
    if (m_started) return;
    m_started = true;
    if (!m_events) return;
    auto hello = describeMachine();
    hello.runId = m_runId;
    m_events->record({0, hello});
    RunStartedEvent started{"python", "cpython", startMethod, 0, 0, 0, {}, m_runId, 0};
    started.params = {{"script", m_request.script},
                      {"args", quoteArgs(m_request.args)},
                      {"python", m_request.python},
                      {"python_version", m_request.pythonVersion}};
    if (!m_request.exercise.empty()) started.params["exercise"] = m_request.exercise;
    m_events->record({0, started});
    for (const auto& e : m_early)
        m_events->record(e);
    m_early.clear();
}

std::vector<std::string> PythonSession::environment(const std::string& socketPath) const {
    std::vector<std::string> env;
    std::string pythonPath = m_request.tracerDir;
    bool unbuffered = false;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const auto name = entry.substr(0, entry.find('='));
        if (name == "PYTHONPATH") {
            if (entry.size() > name.size() + 1) pythonPath += ":" + entry.substr(name.size() + 1);
            continue;
        }
        // MPWB_TRACE_ROOT marks the script's own process: inherited from a traced parent (mpwb-run python
        // started by a traced script), it would make the tracer take the new script for a child.
        if (name == "MPWB_TRACE_SOCKET" || name == "MPWB_START_METHOD" || name == "MPWB_TRACE_ROOT") continue;
        unbuffered = unbuffered || name == "PYTHONUNBUFFERED";
        env.push_back(entry);
    }
    env.push_back("PYTHONPATH=" + pythonPath);
    env.push_back("MPWB_TRACE_SOCKET=" + socketPath);
    if (m_request.startGiven) env.push_back("MPWB_START_METHOD=" + m_request.startMethod);
    // Output into a pipe would be held in Python's buffers until exit (and copied into forked children):
    // line by line is what the same script shows in a terminal.
    if (!unbuffered) env.emplace_back("PYTHONUNBUFFERED=1");
    return env;
}

PythonReport PythonSession::run() {
    PythonReport report;
    const int cores = describeMachine().cores;
    const auto origin = monotonicNs();
    const auto finishWith = [&](ErrorEvent error, std::int64_t wall) {
        publishStart(m_request.startMethod);
        report.status = error.kind == "cancelled" ? "cancelled" : "error";
        report.error = error;
        publish({monotonicNs() - origin, error});
        publish({monotonicNs() - origin, RunFinishedEvent{report.status, wall}});
        return report;
    };
    if (m_cancelled.load())
        return finishWith({"cancelled", "the run was cancelled before the script started"}, 0);

    FactTranslator facts(origin, cores);
    std::mutex factsMutex;
    std::atomic<bool> stopAsked{false}, guardStop{false}, factsDone{false};
    std::optional<FactSocket> socket;
    std::optional<Keeper> keeper;
    try {
        socket.emplace();
        std::vector<std::string> command{m_request.python, m_request.script};
        command.insert(command.end(), m_request.args.begin(), m_request.args.end());
        keeper.emplace(KeeperLaunch{socket->dir(), command, environment(socket->path())});
    } catch (const std::exception& e) {
        return finishWith({"internal", std::string("the script could not be started: ") + e.what()}, 0);
    }
    const auto takeFact = [&](const std::string& datagram) {
        std::lock_guard lock(factsMutex);
        const auto before = facts.liveSegments();
        const auto events = facts.take(datagram);
        if (facts.mainPid()) {
            if (!m_request.startGiven && !facts.startMethod().empty())
                m_request.startMethod = facts.startMethod();
            publishStart(m_request.startMethod);
        }
        for (const auto& e : events)
            publish(e);
        if (facts.liveSegments() != before) socket->writeSegments(facts.liveSegments());
        // The children would start children of their own, without end: stop the whole tree now.
        if (facts.mainGuard() && !guardStop.exchange(true)) {
            stopAsked = true;
            keeper->stop();
        }
    };
    std::thread factThread([&] {
        while (!factsDone.load())
            for (const auto& d : socket->receiveQueued())
                takeFact(d);
    });
    // Stops and joins the fact thread on every way out, an exception's included.
    const auto stopFacts = [&] {
        factsDone = true;
        socket->interrupt();
        if (factThread.joinable()) factThread.join();
    };
    struct OnExit {
        std::function<void()> run;
        ~OnExit() { run(); }
    } factsStopper{stopFacts};
    std::optional<OutputCapture> output;
    output.emplace(
        keeper->stdoutFd(), keeper->stderrFd(), [this](const Event& e) { publish(e); }, origin, m_echoOut,
        m_echoErr);
    std::optional<TreeSampling> sampling;
    sampling.emplace(
        keeper->pid(), origin,
        [&] {
            std::lock_guard lock(factsMutex);
            return facts.workers();
        },
        [this](const Event& e) { publish(e); });

    ScriptEnd end;
    std::int64_t endedAt = 0;
    int scriptPid = 0;
    std::vector<int> leftBehind;
    std::vector<std::string> unlinked;
    std::string partial;
    for (bool open = true; open;) {
        pollfd fds[2] = {{keeper->statusFd(), POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) continue;
        if (fds[1].revents) {
            char buf[16];
            while (::read(m_wake[0], buf, sizeof buf) > 0) {
            }
            if (m_cancelled.load() && !stopAsked.exchange(true)) keeper->stop();
        }
        if (!fds[0].revents) continue;
        std::vector<std::string> lines;
        open = readLines(keeper->statusFd(), partial, lines);
        for (const auto& line : lines) {
            std::istringstream words(line);
            std::string what;
            words >> what;
            if (what == "started") {
                words >> scriptPid;
            } else if (what == "exited") {
                words >> end.exitCode >> end.signal;
                end.ranToEnd = !stopAsked.load();
                endedAt = monotonicNs();
            } else if (what == "left") {
                for (int pid = 0; words >> pid;)
                    leftBehind.push_back(pid);
            } else if (what == "unlinked") {
                std::string name;
                words >> name;
                unlinked.push_back(name);
            } else if (what == "done") {
                open = false;
            }
        }
    }
    keeper->reap();
    stopFacts();
    while (const auto d = socket->receive(0)) // everything the tree sent is queued by now
        takeFact(*d);
    output->join();
    const auto cut = output->bytesCut();
    output.reset();
    sampling.reset();

    const auto now = monotonicNs();
    report.wallNs = (endedAt ? endedAt : now) - origin;
    if (facts.mainHelloNs() > 0)
        report.scriptNs = std::max<std::int64_t>(0, report.wallNs - facts.mainHelloNs());
    const auto note = [&](const std::string& text) {
        report.warnings.push_back(text);
        publish({now - origin, OutputEvent{"workbench", text + "\n"}});
    };
    if (!facts.crowdWarning().empty()) report.warnings.push_back(facts.crowdWarning());
    if (!leftBehind.empty()) {
        std::string pids;
        for (int pid : leftBehind)
            pids += (pids.empty() ? "" : ", ") + std::to_string(pid);
        note(std::to_string(leftBehind.size()) +
             " process(es) of the script were still running after it ended " + "(pid " + pids +
             "); the workbench ended them. Join or terminate what a script starts");
    }
    if (cut)
        note("the script's output was cut after " + std::to_string(OutputCapture::kDefaultCap >> 20) +
             " MiB: " + std::to_string(cut) + " more bytes are not in the stream");
    for (const auto& name : unlinked) {
        publish({now - origin, SegmentEvent{"removed", name, 0, -1, keeper->pid()}});
        note(
            "the script left the shared-memory name " + name +
            " behind; the workbench removed it. Call unlink() on a SharedMemory its creator no longer needs");
    }
    end.cancelled = m_cancelled.load() && !guardStop.load();
    const auto error = pythonRunError(facts, end, m_request.script);
    for (const auto& e : facts.finish(now, error && error->kind == "unpicklable"))
        publish(e);
    report.startMethod = m_request.startMethod;
    report.exitCode = end.exitCode;
    report.signal = end.signal;
    report.processes = facts.processesStarted();
    report.chunks = facts.chunks();
    report.items = facts.items();
    if (scriptPid) report.pids.push_back(scriptPid);
    for (int pid : facts.pidsSeen())
        if (pid != scriptPid) report.pids.push_back(pid);
    report.pids.insert(report.pids.end(), leftBehind.begin(), leftBehind.end());
    publishStart(m_request.startMethod); // a script whose process never said hello
    if (end.ranToEnd) {
        ResultEvent result{describeScriptEnd(end), {}, end.exitCode == 0 && end.signal == 0};
        result.checks["exit_code"] = std::to_string(end.exitCode);
        result.checks["processes"] = std::to_string(report.processes);
        result.checks["chunks"] = std::to_string(report.chunks);
        publish({now - origin, result});
    }
    if (error) return finishWith(*error, report.wallNs);
    report.status = "ok";
    publishStart(m_request.startMethod);
    publish({monotonicNs() - origin, RunFinishedEvent{"ok", report.wallNs}});
    return report;
}

} // namespace mpwb
