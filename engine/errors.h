// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Exceptions that carry a message meant for the person at the keyboard.

#include <stdexcept>
#include <string>

namespace mpwb {

// The request was wrong before anything ran: an unknown exercise, a parameter out of range, an unregistered
// task. Runners turn it into exit status 2.
class BadRequest : public std::runtime_error {
public:
    // `parameter` names the option or parameter at fault, without "--", when there is one.
    explicit BadRequest(const std::string& message, std::string parameter = {})
        : std::runtime_error(message), m_parameter(std::move(parameter)) {}
    const std::string& parameter() const { return m_parameter; }

private:
    std::string m_parameter;
};

} // namespace mpwb
