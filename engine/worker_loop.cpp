// SPDX-License-Identifier: GPL-3.0-or-later
#include "worker_loop.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <sched.h>
#include <stdio_ext.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chunk_codec.h"
#include "clock.h"
#include "item_progress.h"
#include "task_registry.h"
#include "worker_protocol.h"

namespace mpwb {
namespace {

// Reports go to the host at most this often: a few bytes four times a second per worker.
constexpr std::int64_t kProgressIntervalNs = 250'000'000;

// Closes every descriptor from `first` to `last` (inclusive, both >= 3), without allocating.
void closeRange(unsigned first, unsigned last) {
    if (first > last) return;
#ifdef SYS_close_range
    if (syscall(SYS_close_range, first, last, 0) == 0) return;
#endif
    // Kernels before 5.9: one close per possible descriptor, up to the limit.
    rlimit limit{};
    unsigned top = last;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur - 1 < top)
        top = static_cast<unsigned>(limit.rlim_cur - 1);
    for (unsigned fd = first; fd <= top; ++fd)
        ::close(static_cast<int>(fd));
}

int above2(int fd) {
    return fd > 2 ? fd : fcntl(fd, F_DUPFD_CLOEXEC, 3);
}

class ProgressFrames : public ItemProgress {
public:
    explicit ProgressFrames(int toHost) : ItemProgress(kProgressIntervalNs), m_toHost(toHost) {}

protected:
    void report(std::uint64_t chunk, std::uint64_t doneInChunk) override {
        std::uint8_t frame[wire::kHeaderSize + 16];
        const std::uint32_t length = 16;
        std::memcpy(frame, &length, sizeof length);
        frame[sizeof length] = static_cast<std::uint8_t>(wire::FrameType::Progress);
        std::memcpy(frame + wire::kHeaderSize, &chunk, 8);
        std::memcpy(frame + wire::kHeaderSize + 8, &doneInChunk, 8);
        wire::writeFully(m_toHost, frame, sizeof frame);
    }

private:
    int m_toHost;
};

} // namespace

void dieWithParent(int expectedParent) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (expectedParent > 0 && getppid() != expectedParent) _exit(70); // the parent died before we could ask
}

WorkerPipes becomeWorker(int expectedParent, WorkerPipes pipes) {
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGQUIT, SIG_IGN);
    sigset_t terminal;
    sigemptyset(&terminal);
    sigaddset(&terminal, SIGINT);
    sigaddset(&terminal, SIGQUIT);
    pthread_sigmask(SIG_UNBLOCK, &terminal, nullptr);

    dieWithParent(expectedParent);

    pipes.fromHost = above2(pipes.fromHost);
    pipes.toHost = above2(pipes.toHost);
    if (pipes.fromHost < 0 || pipes.toHost < 0) _exit(71);
    // A forked child holds a copy of the host's unwritten stdout buffer: drop it, or the first flush in a
    // task would write the host's output a second time.
    __fpurge(stdout);
    const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null >= 0) {
        ::dup2(null, 0);
        if (null != 0) ::close(null);
    }
    ::dup2(2, 1);

    const unsigned a = static_cast<unsigned>(pipes.fromHost < pipes.toHost ? pipes.fromHost : pipes.toHost);
    const unsigned b = static_cast<unsigned>(pipes.fromHost < pipes.toHost ? pipes.toHost : pipes.fromHost);
    closeRange(3, a - 1);
    closeRange(a + 1, b - 1);
    closeRange(b + 1, ~0U);
    return pipes;
}

int serveWorker(WorkerPipes pipes) {
    using namespace wire;
    const int fromHost = pipes.fromHost, toHost = pipes.toHost;
    Bytes out;
    {
        const auto at = beginFrame(out, FrameType::Ready);
        ByteWriter w(out);
        w.put<std::int32_t>(getpid());
        w.put<std::int64_t>(monotonicNs());
        endFrame(out, at);
        writeFully(toHost, out.data(), out.size());
    }
    TaskContext context;
    ProgressFrames progress(toHost);
    Bytes frame, results;
    for (;;) {
        std::uint8_t header[kHeaderSize];
        if (!readFully(fromHost, header, sizeof header)) return 0; // host closed the pipe
        std::uint32_t length = 0;
        std::memcpy(&length, header, sizeof length);
        const auto type = static_cast<FrameType>(header[sizeof length]);
        if (type == FrameType::Shutdown) return 0;
        if (type != FrameType::Chunk || length > kMaxFrame) return 65;
        frame.resize(length);
        if (length && !readFully(fromHost, frame.data(), length)) return 65;

        const auto start = monotonicNs();
        ByteReader in(frame);
        const auto chunk = in.get<std::uint64_t>();
        const auto first = in.get<std::uint64_t>();
        const auto count = in.get<std::uint64_t>();
        const auto worker = in.get<std::int32_t>();
        const auto flags = in.get<std::uint8_t>();
        const auto taskName = in.getString();
        const auto decodeEnd = monotonicNs();
        context.setWorker(worker);
        if (flags & kReportStart) {
            out.clear();
            const auto at = beginFrame(out, FrameType::ChunkStarted);
            ByteWriter w(out);
            w.put<std::uint64_t>(chunk);
            w.put<std::int64_t>(start);
            w.put<std::int32_t>(sched_getcpu());
            endFrame(out, at);
            writeFully(toHost, out.data(), out.size());
        }
        ItemProgress* watched = nullptr;
        if (flags & kReportProgress) {
            progress.beginChunk(chunk);
            watched = &progress;
        }

        out.clear();
        const TaskInfo* task = TaskRegistry::instance().find(taskName);
        try {
            if (!task) throw TaskFailure(first, "task '" + taskName + "' is not registered in this worker");
            results.clear();
            const auto at = beginFrame(out, FrameType::ChunkDone);
            ByteWriter w(out);
            w.put<std::uint64_t>(chunk);
            const auto timesAt = out.size();
            w.put<std::int64_t>(0); // start, end, core, decode and encode are patched in below
            w.put<std::int64_t>(0);
            w.put<std::int32_t>(0);
            w.put<std::int64_t>(0);
            w.put<std::int64_t>(0);
            runChunkItems(*task, in, first, count, out, context, watched);
            const auto end = monotonicNs();
            endFrame(out, at);
            const std::int64_t times[2] = {start, end};
            std::memcpy(out.data() + timesAt, times, sizeof times);
            const std::int32_t core = sched_getcpu();
            std::memcpy(out.data() + timesAt + 16, &core, sizeof core);
            const std::int64_t codec[2] = {decodeEnd - start, 0};
            std::memcpy(out.data() + timesAt + 20, codec, sizeof codec);
        } catch (const TaskFailure& f) {
            out.clear();
            const auto at = beginFrame(out, FrameType::ChunkFailed);
            ByteWriter w(out);
            w.put<std::uint64_t>(chunk);
            w.put<std::uint64_t>(f.item());
            w.putString(f.what());
            endFrame(out, at);
        }
        writeFully(toHost, out.data(), out.size());
    }
}

} // namespace mpwb
