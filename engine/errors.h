#pragma once
// Exceptions that carry a message meant for the person at the keyboard.

#include <stdexcept>

namespace mpwb {

// The request was wrong before anything ran: an unknown exercise, a parameter out of range, an unregistered
// task. Runners turn it into exit status 2.
class BadRequest : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace mpwb
