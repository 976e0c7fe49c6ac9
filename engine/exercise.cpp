#include "exercise.h"

#include <cerrno>
#include <cstdlib>

#include "errors.h"

namespace mpwb {

std::int64_t parseInteger(const std::string& what, const std::string& text) {
    // Allow digit separators people type: 10_000_000 or 10,000,000.
    std::string digits;
    for (char c : text)
        if (c != '_' && c != ',') digits.push_back(c);
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(digits.c_str(), &end, 10);
    if (digits.empty() || *end != '\0' || (digits[0] != '-' && (digits[0] < '0' || digits[0] > '9')))
        throw BadRequest(what + " must be a whole number, got '" + text + "'");
    if (errno == ERANGE) throw BadRequest(what + " is far too large: '" + text + "'");
    return v;
}

ParameterValues resolveParameters(const Exercise& exercise, const std::map<std::string, std::string>& given) {
    ParameterValues values;
    const auto specs = exercise.parameters();
    for (const auto& [name, text] : given) {
        bool known = false;
        for (const auto& s : specs)
            known = known || s.name == name;
        if (!known) {
            std::string allowed;
            for (const auto& s : specs)
                allowed += (allowed.empty() ? "--" : ", --") + s.name;
            throw BadRequest("'" + exercise.id() + "' has no parameter --" + name + "; it takes " +
                             (allowed.empty() ? "none" : allowed));
        }
    }
    for (const auto& s : specs) {
        auto it = given.find(s.name);
        const auto v = it == given.end() ? s.defaultValue : parseInteger("--" + s.name, it->second);
        if (v < s.minimum || v > s.maximum)
            throw BadRequest("--" + s.name + " must be between " + std::to_string(s.minimum) + " and " +
                             std::to_string(s.maximum) + ", got " + std::to_string(v));
        values[s.name] = v;
    }
    return values;
}

} // namespace mpwb
