// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The segment event for a SharedSegment, kept apart from the segment itself so shared memory does not depend
// on the event vocabulary: runs that own segments publish these through their own event path.

#include <string>
#include <unistd.h>

#include "events.h"
#include "shared_segment.h"

namespace mpwb {

// `action` is created, attached or removed; worker -1 is the host. The pid is the caller's.
inline SegmentEvent segmentEvent(const SharedSegment& segment, std::string action, int worker = -1) {
    return SegmentEvent{std::move(action), segment.name(), segment.size(), worker,
                        static_cast<int>(getpid())};
}

} // namespace mpwb
