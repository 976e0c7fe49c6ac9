#include "worker_loop.h"

#include <csignal>
#include <cstring>
#include <exception>
#include <sched.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "chunk_codec.h"
#include "clock.h"
#include "task_registry.h"
#include "worker_protocol.h"

namespace mpwb {

void dieWithParent(int expectedParent) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != expectedParent) _exit(70); // the parent died before we could ask
}

int serveWorker(int fromHost, int toHost) {
    using namespace wire;
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
            runChunkItems(*task, in, first, count, out, context);
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
