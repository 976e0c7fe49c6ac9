// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipeline_stall.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>

#include "process_state.h"

namespace mpwb::exercises {
namespace {

constexpr std::int64_t kLongestLookGapNs = 500'000'000;
constexpr std::int64_t kAskProcEveryNs = 200'000'000;

std::string seconds(std::int64_t ns) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ns) / 1e9);
    return text;
}

std::string capitalised(std::string text) {
    if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

StageActivity activityOf(const WatchedStage& stage) {
    return static_cast<StageActivity>(stage.progress->activity.load(std::memory_order_relaxed));
}

// "while working on item 517", "while waiting to take an item from the 'tasks' queue"...
std::string doing(const WatchedStage& stage) {
    const auto item = stage.progress->holding.load(std::memory_order_relaxed);
    switch (activityOf(stage)) {
    case StageActivity::Starting:
        return "before it reached its first queue";
    case StageActivity::Taking:
        return "while waiting to take an item from the '" + stage.input + "' queue";
    case StageActivity::Working:
        return "while working on item " + std::to_string(item);
    case StageActivity::Passing:
        return (item >= 0 ? "while putting item " + std::to_string(item)
                          : std::string("while putting its end mark")) +
               " on the '" + stage.output + "' queue";
    case StageActivity::Finished:
        return "after it had finished";
    }
    return "";
}

} // namespace

PipelineStallWatch::PipelineStallWatch(std::chrono::milliseconds timeout, std::size_t stages,
                                       std::int64_t nowNs)
    : m_timeoutNs(std::chrono::nanoseconds(timeout).count()), m_steps(stages, 0), m_movedNs(stages, nowNs),
      m_ended(stages, false), m_lastLookNs(nowNs) {}

std::optional<ErrorEvent> PipelineStallWatch::look(const std::vector<WatchedStage>& stages,
                                                   std::int64_t nowNs) {
    if (m_timeoutNs <= 0) return std::nullopt; // the watch is off
    // The host looks every few milliseconds. A longer gap means it could not watch (stopped with its whole
    // process group by Ctrl-Z, then resumed): the stages are not blamed for that time.
    if (const auto gap = nowNs - m_lastLookNs; gap > kLongestLookGapNs)
        for (auto& moved : m_movedNs)
            moved += gap;
    m_lastLookNs = nowNs;
    std::int64_t lastMove = std::numeric_limits<std::int64_t>::min();
    bool anyRunning = false;
    const bool askProc = nowNs - m_askedProcNs > kAskProcEveryNs;
    if (askProc) m_askedProcNs = nowNs;
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const auto& s = stages[i];
        if (s.ended) {
            if (!m_ended[i]) m_movedNs[i] = nowNs; // ending is a move too
            m_ended[i] = true;
        } else {
            anyRunning = true;
            const auto steps = s.progress->steps.load(std::memory_order_acquire);
            if (steps != m_steps[i]) {
                m_steps[i] = steps;
                m_movedNs[i] = nowNs;
            }
            // Holding an item and not finishing it is a stall of this stage, whatever the others do; so is
            // being stopped that long while waiting (the others carry on, but its share will never come).
            // A stage may wait long on a queue for good reasons: /proc is asked only now and then.
            const auto still = nowNs - m_movedNs[i];
            if (still > m_timeoutNs && activityOf(s) == StageActivity::Working)
                return stalled(s, still, false);
            if (still > m_timeoutNs && askProc && isStopped(s.pid)) return stalled(s, still, false);
        }
        lastMove = std::max(lastMove, m_movedNs[i]);
    }
    if (!anyRunning || nowNs - lastMove <= m_timeoutNs) return std::nullopt;
    // Nothing moved anywhere: every stage waits on a queue. Blame the one that cannot move (stopped), else
    // one holding work, else the one that has been still the longest.
    const auto first = [&](auto test) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < stages.size(); ++i)
            if (!stages[i].ended && test(i)) return i;
        return std::nullopt;
    };
    auto culprit = first([&](std::size_t i) { return isStopped(stages[i].pid); });
    if (!culprit)
        culprit = first([&](std::size_t i) { return activityOf(stages[i]) == StageActivity::Working; });
    if (!culprit) {
        culprit = first([](std::size_t) { return true; });
        for (std::size_t i = *culprit; i < stages.size(); ++i)
            if (!stages[i].ended && m_movedNs[i] < m_movedNs[*culprit]) culprit = i;
    }
    return stalled(stages[*culprit], nowNs - m_movedNs[*culprit], true);
}

ErrorEvent PipelineStallWatch::stalled(const WatchedStage& stage, std::int64_t stillNs,
                                       bool nothingMoved) const {
    ErrorEvent e;
    e.kind = "stalled";
    e.worker = stage.number;
    e.pid = stage.pid;
    const auto item = stage.progress->holding.load(std::memory_order_relaxed);
    if (item >= 0) e.item = item;
    const auto who = capitalised(stage.label) + " (pid " + std::to_string(stage.pid) + ")";
    const auto still = whyStill(stage.pid);
    e.message = nothingMoved ? "Nothing moved in the pipeline for " + seconds(stillNs) + ". " + who +
                                   " made no progress " + doing(stage)
                             : who + " made no progress for " + seconds(stillNs) + " " + doing(stage);
    e.message += still.empty() ? "." : ": " + still + ".";
    if (nothingMoved) e.message += " The other stages wait for it.";
    e.message += " The stall timeout is " + seconds(m_timeoutNs) +
                 ", so the pipeline was stopped and every stage shut down.";
    return e;
}

} // namespace mpwb::exercises
