// SPDX-License-Identifier: GPL-3.0-or-later
#include "process_pool_executor.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <stdexcept>
#include <system_error>
#include <unistd.h>
#include <unordered_map>

#include "chunk_codec.h"
#include "chunk_event_spacing.h"
#include "chunk_plan.h"
#include "clock.h"
#include "stall_watch.h"
#include "worker_channel.h"
#include "worker_protocol.h"

namespace mpwb {
namespace {

constexpr std::size_t kChunksInFlight = 2; // per worker: one running, one waiting in its pipe
constexpr int kReadyTimeoutMs = 15000;

struct Dispatched {
    int worker = 0;
    std::int64_t dispatchNs = 0;
    std::int64_t encodeNs = 0;
    std::uint64_t bytesIn = 0;
};

std::string itemsText(const ChunkRange& r) {
    if (r.count == 1) return "item " + std::to_string(r.first);
    return "items " + std::to_string(r.first) + "-" + std::to_string(r.first + r.count - 1);
}

} // namespace

ProcessPoolExecutor::ProcessPoolExecutor(ExecutorOptions options) : Executor(std::move(options)) {
    if (pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0)
        throw std::runtime_error("could not create a wake-up pipe");
    if (m_options.startMethod != StartMethod::Fork)
        m_options.workerProgram = findWorkerProgram(m_options.workerProgram);
}

ProcessPoolExecutor::~ProcessPoolExecutor() {
    shutdown();
    ::close(m_wake[0]);
    ::close(m_wake[1]);
}

void ProcessPoolExecutor::cancel() {
    m_cancelled.store(true);
    const char byte = 'c';
    [[maybe_unused]] auto n = ::write(m_wake[1], &byte, 1); // async-signal-safe
}

std::vector<WorkerInfo> ProcessPoolExecutor::workerProcesses() const {
    std::vector<WorkerInfo> out;
    for (std::size_t i = 0; i < m_workers.size(); ++i)
        out.push_back({static_cast<int>(i), m_workers[i].pid()});
    return out;
}

void ProcessPoolExecutor::start() {
    if (!m_workers.empty()) return;
    const auto method = m_options.startMethod;
    const auto program = method != StartMethod::Fork ? m_options.workerProgram : std::string();
    auto startFailed = [&](std::size_t i, const std::string& why, int pid = 0) {
        ErrorEvent error{"worker-start-failed",
                         "worker " + std::to_string(i) + " could not be started by " +
                             startMethodName(method) + ": " + why,
                         static_cast<int>(i), pid};
        error.file = program;
        return WorkerStartFailure(std::move(error));
    };
    // A cancel, or a failure, stops and reaps the workers started so far; a cancel then leaves it to runMap
    // to say Cancelled, and a worker that dies because of it is no failure.
    struct Abandon {
        ProcessPoolExecutor& pool;
        bool done = false;
        ~Abandon() {
            if (!done) pool.stopAll(false);
        }
    } abandon{*this};
    if (method == StartMethod::Forkserver) {
        try {
            m_server = ForkServer::start(program);
        } catch (const WorkerLaunchError& e) {
            throw startFailed(0, e.what());
        }
        // Its start is the pool's cost, once; each worker's startup_ns is then what that worker costs.
        const auto deadline = monotonicNs() + std::int64_t(kReadyTimeoutMs) * 1'000'000;
        while (!m_server->ready() && !m_server->gone()) {
            if (m_cancelled.load()) return;
            if (monotonicNs() > deadline)
                throw startFailed(0, "its fork server (pid " + std::to_string(m_server->pid()) +
                                         ") was not ready within " + std::to_string(kReadyTimeoutMs / 1000) +
                                         " s; the machine may be overloaded");
            m_server->awaitReports(100);
        }
    }
    std::vector<std::int64_t> launched;
    for (int i = 0; i < m_options.workers; ++i) {
        if (m_cancelled.load()) return;
        launched.push_back(monotonicNs());
        try {
            m_workers.push_back(WorkerProcess::start(method, program, m_server));
        } catch (const WorkerLaunchError& e) {
            if (m_cancelled.load()) return;
            throw startFailed(static_cast<std::size_t>(i), e.what());
        }
    }
    // Every worker says Ready once it can take work; the time to that is its start-up cost.
    for (std::size_t i = 0; i < m_workers.size(); ++i) {
        auto& w = m_workers[i];
        Bytes in;
        const auto deadline = monotonicNs() + std::int64_t(kReadyTimeoutMs) * 1'000'000;
        wire::FrameType type{};
        std::uint32_t length = 0;
        while (!wire::peekFrame(in, 0, type, length)) {
            if (m_cancelled.load()) return;
            pollfd p[2] = {{w.fromWorker(), POLLIN, 0}, {m_wake[0], POLLIN, 0}};
            ::poll(p, 2, 100);
            if (!drainInto(w.fromWorker(), in) && !wire::peekFrame(in, 0, type, length)) {
                if (m_cancelled.load()) return;
                const auto status = w.reap(1000);
                const std::string hint = "; check that '" + program +
                                         "' is the mpwb-worker of this build (set MPWB_WORKER to its path); "
                                         "its own message, if any, is on stderr";
                throw startFailed(i,
                                  "it (pid " + std::to_string(w.pid()) + ") " + status.describe() +
                                      " before it was ready" + (method != StartMethod::Fork ? hint : ""),
                                  w.pid());
            }
            if (monotonicNs() > deadline)
                throw startFailed(i,
                                  "it (pid " + std::to_string(w.pid()) + ") was not ready within " +
                                      std::to_string(kReadyTimeoutMs / 1000) +
                                      " s; the machine may be overloaded",
                                  w.pid());
        }
        if (type != wire::FrameType::Ready) throw startFailed(i, "it did not start properly", w.pid());
        ByteReader r(in.data() + wire::kHeaderSize, length);
        const auto pid = r.get<std::int32_t>();
        const auto readyAt = r.get<std::int64_t>();
        publish(readyAt,
                WorkerStartedEvent{static_cast<int>(i), pid, startMethodName(method), readyAt - launched[i]});
    }
    abandon.done = true;
}

void ProcessPoolExecutor::stopAll(bool gracefully) {
    if (gracefully) {
        Bytes bye;
        wire::endFrame(bye, wire::beginFrame(bye, wire::FrameType::Shutdown));
        for (auto& w : m_workers)
            if (w.toWorker() >= 0) [[maybe_unused]]
                auto n = ::write(w.toWorker(), bye.data(), bye.size());
    } else {
        for (auto& w : m_workers)
            w.kill(SIGKILL);
    }
    for (auto& w : m_workers)
        w.closePipes();
    for (auto& w : m_workers)
        w.reap(gracefully ? 2000 : 1000);
    m_workers.clear();
    if (m_server) m_server->stop(gracefully); // after its workers: their ends come through it
    m_server.reset();
}

void ProcessPoolExecutor::shutdown() {
    stopAll(true);
}

MapOutcome ProcessPoolExecutor::runMap(const MapJob& job, ResultSink& results) {
    MapOutcome outcome;
    const auto begin = monotonicNs();
    // A map that does not end well stops and reaps every worker, even idle ones: one rule, whenever the
    // cancel came (before the map, during start-up, or while it ran).
    if (!m_cancelled.load()) start();
    if (m_cancelled.load()) {
        stopAll(false);
        outcome.status = MapStatus::Cancelled;
        return outcome;
    }
    const auto workers = m_workers.size();
    const ChunkPlan plan(job.items->count(), job.chunksize, static_cast<int>(workers));
    const auto chunkCount = plan.chunkCount();

    std::vector<WorkerChannel> channels(workers);
    std::vector<ChunkEventSpacing> shown(workers, ChunkEventSpacing(m_options.chunkEventSpacingNs));
    std::unordered_map<std::uint64_t, Dispatched> dispatched;
    std::map<std::uint64_t, Bytes> waiting; // results that arrived ahead of an earlier chunk
    std::uint64_t nextToSend = 0, delivered = 0;
    std::vector<pollfd> fds;
    StallWatch stall(workers, m_options.stallTimeout, monotonicNs());
    std::vector<bool> holding(workers);

    auto fail = [&](ErrorEvent error) {
        outcome.status = MapStatus::Failed;
        outcome.error = std::move(error);
    };
    auto deliverReady = [&] {
        for (auto it = waiting.find(delivered); it != waiting.end(); it = waiting.find(delivered)) {
            deliverChunkResults(it->second.data(), it->second.size(), plan.chunk(delivered), results);
            waiting.erase(it);
            ++delivered;
        }
    };
    // Parses every complete frame a worker has sent; false if the run must stop.
    auto handleFrames = [&](std::size_t w) {
        auto& ch = channels[w];
        std::size_t pos = 0;
        wire::FrameType type{};
        std::uint32_t length = 0;
        while (outcome.status == MapStatus::Ok && wire::peekFrame(ch.in, pos, type, length)) {
            ByteReader r(ch.in.data() + pos + wire::kHeaderSize, length);
            const auto chunk = r.get<std::uint64_t>();
            if (ch.held.empty() || ch.held.front() != chunk)
                throw DecodeError("worker " + std::to_string(w) + " answered a chunk it was not given");
            if (type == wire::FrameType::Progress) { // what it says is in its arrival (see StallWatch)
                pos += wire::kHeaderSize + length;
                continue;
            }
            if (type == wire::FrameType::ChunkStarted) {
                const auto startNs = r.get<std::int64_t>();
                const auto core = r.get<std::int32_t>();
                const auto range = plan.chunk(chunk);
                publish(startNs, ChunkStartedEvent{static_cast<int>(w), range.first, range.count, core});
                pos += wire::kHeaderSize + length;
                continue;
            }
            ch.held.pop_front();
            const auto sent = dispatched.at(chunk);
            dispatched.erase(chunk);
            const auto range = plan.chunk(chunk);
            if (type == wire::FrameType::ChunkFailed) {
                const auto item = r.get<std::uint64_t>();
                const auto message = r.getString();
                fail(ErrorEvent{"task-failed",
                                "task '" + job.task + "' failed on item " + std::to_string(item) +
                                    " in worker " + std::to_string(w) + " (pid " +
                                    std::to_string(m_workers[w].pid()) + "): " + message,
                                static_cast<int>(w), m_workers[w].pid(), static_cast<std::int64_t>(item), 0,
                                0, range.first, range.count, static_cast<std::int64_t>(chunk)});
                break;
            }
            const auto startNs = r.get<std::int64_t>();
            const auto endNs = r.get<std::int64_t>();
            const auto core = r.get<std::int32_t>();
            const auto decodeNs = r.get<std::int64_t>();
            const auto encodeNs = r.get<std::int64_t>();
            const auto payload = r.remaining();
            const auto* data = r.take(payload);
            if (chunk == delivered) {
                deliverChunkResults(data, payload, range, results);
                ++delivered;
                deliverReady();
            } else {
                waiting.emplace(chunk, Bytes(data, data + payload));
            }
            ++outcome.chunks;
            publish(endNs, ChunkEvent{static_cast<int>(w), core, range.first, range.count,
                                      sinceOrigin(sent.dispatchNs), sinceOrigin(startNs), sinceOrigin(endNs),
                                      sent.bytesIn, length + wire::kHeaderSize, sent.encodeNs + encodeNs,
                                      decodeNs, 1, endNs - startNs});
            pos += wire::kHeaderSize + length;
        }
        ch.in.erase(ch.in.begin(), ch.in.begin() + static_cast<std::ptrdiff_t>(pos));
    };
    auto workerDied = [&](std::size_t w) {
        auto& proc = m_workers[w];
        const auto status = proc.reap(1000);
        std::string held = "while idle";
        ErrorEvent error{"worker-died",
                         "",
                         static_cast<int>(w),
                         proc.pid(),
                         -1,
                         status.signalled ? status.signal : 0,
                         status.signalled ? 0 : status.code,
                         0,
                         0};
        if (!channels[w].held.empty()) {
            const auto range = plan.chunk(channels[w].held.front());
            held = "while it held chunk " + std::to_string(channels[w].held.front()) + " (" +
                   itemsText(range) + ")";
            error.chunkFirst = range.first;
            error.chunkItems = range.count;
            error.chunk = static_cast<std::int64_t>(channels[w].held.front());
        }
        error.message = "worker " + std::to_string(w) + " (pid " + std::to_string(proc.pid()) + ") " +
                        status.describe() + " " + held;
        if (m_server && m_server->gone()) // its workers died with it
            error.message += ", because " + m_server->describeEnd();
        fail(std::move(error));
    };

    auto workerStalled = [&](std::size_t w, const StallWatch& watch) {
        const auto chunk = channels[w].held.front();
        const auto range = plan.chunk(chunk);
        ErrorEvent error{"stalled",
                         "worker " + std::to_string(w) + " (pid " + std::to_string(m_workers[w].pid()) +
                             ") completed no item of chunk " + std::to_string(chunk) + " (" +
                             itemsText(range) + ") for " + watch.timeoutText() +
                             ": it may be stopped (SIGSTOP) or stuck in a loop",
                         static_cast<int>(w), m_workers[w].pid()};
        error.chunk = static_cast<std::int64_t>(chunk);
        error.chunkFirst = range.first;
        error.chunkItems = range.count;
        fail(std::move(error));
    };

    try {
        while (outcome.status == MapStatus::Ok && delivered < chunkCount) {
            if (m_cancelled.load()) {
                outcome.status = MapStatus::Cancelled;
                break;
            }
            // Data already encoded goes out first: a worker waiting for the rest of its chunk should not also
            // wait while another chunk is being encoded.
            for (std::size_t w = 0; w < workers; ++w)
                flushOut(m_workers[w].toWorker(), channels[w]);
            for (std::size_t w = 0; w < workers; ++w) {
                auto& ch = channels[w];
                while (ch.held.size() < kChunksInFlight && nextToSend < chunkCount) {
                    const auto range = plan.chunk(nextToSend);
                    const auto t0 = monotonicNs();
                    const auto at = wire::beginFrame(ch.out, wire::FrameType::Chunk);
                    ByteWriter writer(ch.out);
                    writer.put<std::uint64_t>(nextToSend);
                    writer.put<std::uint64_t>(range.first);
                    writer.put<std::uint64_t>(range.count);
                    writer.put<std::int32_t>(static_cast<std::int32_t>(w));
                    const auto flagsAt = ch.out.size();
                    writer.put<std::uint8_t>(stall.on() ? wire::kReportProgress : 0);
                    writer.putString(job.task);
                    encodeChunkItems(*job.items, range, ch.out);
                    wire::endFrame(ch.out, at);
                    if (ch.out.size() - at > wire::kMaxFrame)
                        throw std::runtime_error(
                            "chunk " + std::to_string(nextToSend) + " (" + itemsText(range) + ") is " +
                            std::to_string((ch.out.size() - at) >> 20) +
                            " MiB, more than the 1 GiB one chunk may carry; use a smaller "
                            "chunksize");
                    const auto t1 = monotonicNs();
                    dispatched[nextToSend] = {static_cast<int>(w), t1, t1 - t0, ch.out.size() - at};
                    if (m_options.events)
                        if (const auto hidden = shown[w].show(t1)) {
                            ch.out[flagsAt] |= wire::kReportStart; // the frame is still ours to change
                            publish(t1, ChunkDispatchedEvent{static_cast<int>(w), range.first, range.count,
                                                             ch.out.size() - at, *hidden});
                        }
                    ch.held.push_back(nextToSend++);
                }
                flushOut(m_workers[w].toWorker(), ch);
            }
            fds.clear();
            fds.push_back({m_wake[0], POLLIN, 0});
            for (std::size_t w = 0; w < workers; ++w)
                fds.push_back({m_workers[w].fromWorker(), POLLIN, 0});
            // Chunks larger than a pipe's buffer go out in pieces, each as soon as the worker makes room.
            for (std::size_t w = 0; w < workers; ++w)
                fds.push_back(
                    {m_workers[w].toWorker(), static_cast<short>(channels[w].out.empty() ? 0 : POLLOUT), 0});
            // A worker's end shows on its pidfd even if something it started still holds its pipe open.
            for (std::size_t w = 0; w < workers; ++w)
                fds.push_back({m_workers[w].pidfd(), POLLIN, 0});
            if (::poll(fds.data(), fds.size(), 250) < 0 && errno != EINTR)
                throw std::runtime_error(std::string("poll failed: ") +
                                         std::generic_category().message(errno));
            if (fds[0].revents) {
                char sink[64];
                while (::read(m_wake[0], sink, sizeof sink) > 0) {
                }
            }
            for (std::size_t w = 0; w < workers && outcome.status == MapStatus::Ok; ++w) {
                const bool ended = fds[1 + 2 * workers + w].revents != 0;
                if (!fds[w + 1].revents && !ended) continue;
                const auto before = channels[w].in.size();
                const bool open = drainInto(m_workers[w].fromWorker(), channels[w].in);
                if (channels[w].in.size() > before) stall.progress(w, monotonicNs());
                handleFrames(w); // a worker may answer and then die: take its answers first
                if ((!open || ended) && outcome.status == MapStatus::Ok) workerDied(w);
            }
            for (std::size_t w = 0; w < workers; ++w)
                holding[w] = !channels[w].held.empty();
            if (outcome.status == MapStatus::Ok)
                if (const auto w = stall.stalled(monotonicNs(), holding)) workerStalled(*w, stall);
        }
    } catch (const std::exception& e) {
        fail(ErrorEvent{"internal", std::string("the process pool stopped: ") + e.what()});
    }

    if (outcome.status != MapStatus::Ok) stopAll(false); // stop and reap every other worker at once
    outcome.wallNs = monotonicNs() - begin;
    return outcome;
}

} // namespace mpwb
