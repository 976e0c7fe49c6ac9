#include "command_line.h"

#include "errors.h"
#include "exercise.h"

namespace mpwb {

CommandLine CommandLine::parse(const std::vector<std::string>& args, const std::set<std::string>& flagNames) {
    CommandLine cl;
    std::size_t i = 0;
    if (i < args.size() && args[i].rfind("--", 0) != 0) cl.command = args[i++];
    if (i < args.size() && args[i].rfind("--", 0) != 0) cl.exercise = args[i++];
    for (; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a.rfind("--", 0) != 0 || a.size() < 3)
            throw BadRequest("unexpected '" + a + "': options look like --name value");
        auto name = a.substr(2);
        if (const auto eq = name.find('='); eq != std::string::npos) {
            cl.options[name.substr(0, eq)] = name.substr(eq + 1);
            continue;
        }
        if (flagNames.count(name)) {
            cl.flags.insert(name);
            continue;
        }
        if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
            throw BadRequest("--" + name + " needs a value");
        cl.options[name] = args[++i];
    }
    return cl;
}

std::string CommandLine::take(const std::string& name, const std::string& fallback) {
    auto it = options.find(name);
    if (it == options.end()) return fallback;
    auto v = it->second;
    options.erase(it);
    return v;
}

std::vector<std::int64_t> parseIntegerList(const std::string& what, const std::string& text) {
    std::vector<std::int64_t> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        out.push_back(parseInteger(what, part));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::vector<Backend> parseBackendList(const std::string& what, const std::string& text) {
    std::vector<Backend> out;
    if (text.empty()) return out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto backend = parseBackend(part);
        if (!backend)
            throw BadRequest(what +
                             " must list backends from sequential, gil-threads, threads, processes, "
                             "separated by commas; '" +
                             part + "' is not one");
        out.push_back(*backend);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

} // namespace mpwb
