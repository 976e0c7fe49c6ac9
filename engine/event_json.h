// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One event <-> one line of JSON. docs/EVENTS.md is the description of the format; this is its only
// implementation, so writer and reader cannot drift apart.

#include "events.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mpwb {

// A line that claims to be an event but is not a well-formed one. The message says what is wrong with it;
// readers of whole streams prefix the line number.
class EventFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A single line without the trailing newline. Strings that are not valid UTF-8 are repaired (U+FFFD) so that
// every line we write can be read back; non-finite doubles are written as null and read back as NaN.
std::string toJsonLine(const Event& event);

// Returns nullopt for an event type this build does not know (and says which in *whyNot), so that streams
// from newer writers still load. Throws EventFormatError for anything else that is wrong, including a hello
// from a newer format version. `streamFormat` is the format_version of the hello the line belongs to: fields
// added after it may be missing (they keep their defaults). A hello line is read by its own version.
std::optional<Event> fromJsonLine(std::string_view line, std::string* whyNot = nullptr,
                                  int streamFormat = kEventFormatVersion);

} // namespace mpwb
