// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_output.h"

#include <system_error>

#include "run_output.h"

namespace mpwb {
namespace {

ErrorEvent writeFailed(const std::string& message, const std::string& where) {
    ErrorEvent e{"write-failed", message};
    e.file = where;
    return e;
}

} // namespace

EventOutput::EventOutput(const std::string& where, std::function<void()> onFailure) {
    if (where.empty()) return;
    m_toStdout = where == "-" || where == "/dev/stdout"; // then the report goes to standard error
    try {
        m_file =
            m_toStdout ? std::make_unique<JsonLinesSink>(1, where) : std::make_unique<JsonLinesSink>(where);
    } catch (const std::system_error& e) {
        m_openError = writeFailed(e.what(), where);
        return;
    }
    m_file->setFailureHandler(std::move(onFailure));
    m_aggregator = std::make_unique<ChunkAggregator>(*m_file);
    m_sink = m_aggregator.get();
}

int EventOutput::refuse(bool asJson) const {
    if (asJson)
        writeReport(errorReportJson(*m_openError) + "\n", stdout);
    else
        writeReport("mpwb-run: " + m_openError->message + "\n", stderr);
    return 1;
}

bool EventOutput::failed() const {
    return m_file && m_file->writeError() != 0;
}

std::optional<ErrorEvent> EventOutput::finish() {
    if (m_aggregator) m_aggregator->flush();
    if (!m_file || m_file->commit()) return std::nullopt;
    return writeFailed(m_file->errorText(), m_file->destination());
}

bool EventOutput::report(const std::string& text) const {
    return writeReport(text, m_toStdout ? stderr : stdout);
}

} // namespace mpwb
