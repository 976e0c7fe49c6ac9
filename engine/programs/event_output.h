// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where mpwb-run's event stream goes, if anywhere, and where its report goes: the other of standard output
// and standard error. Small chunks are merged so the stream never floods. A stream that cannot be written
// stops the run at once: nobody could follow it, and a recording with a hole is worthless.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "chunk_aggregator.h"
#include "event_stream.h"
#include "events.h"

namespace mpwb {

class EventOutput {
public:
    // `where`: "" for no stream, "-" (or /dev/stdout) for standard output, else a file written under a
    // temporary name and renamed when complete. `onFailure` runs once, on any thread, when a write fails.
    EventOutput(const std::string& where, std::function<void()> onFailure);

    EventSink* sink() const { return m_sink; }
    // The stream could not even be started: nothing may run.
    const std::optional<ErrorEvent>& openError() const { return m_openError; }
    // Says why nothing ran (in --json as an error object) and gives the exit status, 1.
    int refuse(bool asJson) const;
    // Asked once the session is reachable by the failure handler: a failure before that cancelled nothing.
    bool failed() const;
    // Completes the stream (a saved file is renamed into place); the error that replaces the run's own
    // outcome if any of it could not be written.
    std::optional<ErrorEvent> finish();
    // The report goes where the stream does not; false (said on standard error) if it could not be written.
    bool report(const std::string& text) const;

private:
    std::unique_ptr<JsonLinesSink> m_file;
    std::unique_ptr<ChunkAggregator> m_aggregator;
    EventSink* m_sink = nullptr;
    bool m_toStdout = false;
    std::optional<ErrorEvent> m_openError;
};

} // namespace mpwb
