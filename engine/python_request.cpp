// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_request.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

#include "clock.h"
#include "errors.h"
#include "share_dir.h"

extern char** environ;

namespace mpwb {

namespace {

const char* kExerciseScripts[][2] = {{"sum_squares.py", "sum-squares"},
                                     {"image_filter.py", "image-filter"},
                                     {"pipeline.py", "pipeline"},
                                     {"shared_counter.py", "shared-counter"}};

bool isDirectory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The first line python prints for `probe`, or "" if it could not be run; gives up after a few seconds.
std::string runProbe(const std::string& python, std::string* why) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return {};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, p[1], 1);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    // Only sys: importing multiprocessing here would cost as much as a small script; the start method the
    // script will use comes from its own process's hello fact.
    const char* probe =
        "import sys; v = sys.version_info; print('%d %d %s' % (v[0], v[1], sys.version.split()[0]))";
    const std::string& py = python;
    const char* argv[] = {py.c_str(), "-I", "-S", "-c", probe, nullptr};
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, py.c_str(), &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(p[1]);
    std::string out;
    if (rc != 0) {
        *why = std::generic_category().message(rc);
        ::close(p[0]);
        return {};
    }
    const auto until = monotonicNs() + 15'000'000'000LL;
    char buf[256];
    for (;;) {
        pollfd fd{p[0], POLLIN, 0};
        const auto left = (until - monotonicNs()) / 1'000'000;
        if (left <= 0 || poll(&fd, 1, static_cast<int>(left)) <= 0) {
            ::kill(pid, SIGKILL);
            *why = "it did not answer within 15 seconds";
            break;
        }
        const auto n = ::read(p[0], buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(p[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (why->empty())
            *why =
                "it did not run as Python 3 does (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
        return {};
    }
    return out;
}

std::string resolveOnPath(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing sets the environment once threads run
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        auto candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0 && !isDirectory(candidate)) return candidate;
    }
    return {};
}

} // namespace

PythonArgs parsePythonArgs(const std::vector<std::string>& args) {
    PythonArgs a;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& w = args[i];
        if (!a.script.empty()) {
            a.scriptArgs.push_back(w);
            continue;
        }
        if (w == "-h" || w == "--help") {
            a.help = true;
            continue;
        }
        if (w == "--json") {
            a.json = true;
            continue;
        }
        if (w.rfind("--", 0) == 0) {
            auto name = w.substr(2);
            std::string value;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            } else if (name == "python" || name == "start" || name == "events") {
                if (i + 1 >= args.size()) throw BadRequest("--" + name + " needs a value", name);
                value = args[++i];
            }
            if (name != "python" && name != "start" && name != "events")
                throw BadRequest("'mpwb-run python' has no option '" + w +
                                     "'; it takes --python PATH, --start fork|spawn|forkserver, --events "
                                     "FILE|- and --json before the script, and gives every word after the "
                                     "script to the script",
                                 name);
            for (const auto& g : a.given)
                if (g == name) throw BadRequest("--" + name + " is given twice; give it once", name);
            a.given.push_back(name);
            (name == "python" ? a.python : name == "start" ? a.start : a.events) = value;
            if (value.empty())
                throw BadRequest("--" + name +
                                     (name == "events" ? " needs a file name, or - for standard output"
                                                       : " needs a value") +
                                     "; it was given an empty one",
                                 name);
            continue;
        }
        if (w.size() > 1 && w[0] == '-')
            throw BadRequest("unknown option '" + w + "' before the script: options look like --name value");
        a.script = w;
    }
    if (!a.start.empty() && a.start != "fork" && a.start != "spawn" && a.start != "forkserver")
        throw BadRequest("--start must be fork, spawn or forkserver, got '" + a.start + "'", "start");
    if (a.json && a.events == "-")
        throw BadRequest("--json and --events - both want standard output; pick one", "events");
    return a;
}

std::string findTracer() {
    return findShareDir("tracer", "MPWB_TRACER", "sitecustomize.py", "the Python tracer", "tracer");
}

PythonRequest checkPythonRequest(const PythonArgs& a) {
    if (a.script.empty())
        throw BadRequest("name the Python script to run: mpwb-run python [options] SCRIPT.py [its arguments]",
                         "script");
    PythonRequest r;
    char real[PATH_MAX];
    if (!realpath(a.script.c_str(), real))
        throw BadRequest("the script '" + a.script +
                             "' cannot be found: " + std::generic_category().message(errno),
                         "script");
    r.script = real;
    if (isDirectory(r.script))
        throw BadRequest("'" + a.script + "' is a directory; give the Python file to run", "script");
    struct stat st {};
    if (::stat(r.script.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        throw BadRequest("'" + a.script + "' is not a regular file; give the Python file to run", "script");
    if (::access(r.script.c_str(), R_OK) != 0)
        throw BadRequest("the script '" + a.script +
                             "' cannot be read: " + std::generic_category().message(errno),
                         "script");
    const auto base = r.script.substr(r.script.rfind('/') + 1);
    for (const auto& [file, id] : kExerciseScripts)
        if (base == file) r.exercise = id;
    r.args = a.scriptArgs;

    r.python = resolveOnPath(a.python);
    if (r.python.empty())
        throw BadRequest("no '" + a.python +
                             "' was found on PATH; install Python 3.8 or newer, or give its path "
                             "with --python",
                         "python");
    if (isDirectory(r.python) || ::access(r.python.c_str(), X_OK) != 0)
        throw BadRequest("--python '" + a.python + "' is not an executable program", "python");
    std::string why;
    const auto answer = runProbe(r.python, &why);
    int major = 0, minor = 0;
    char version[64] = {};
    if (std::sscanf(answer.c_str(), "%d %d %63s", &major, &minor, version) != 3)
        throw BadRequest("--python '" + a.python + "' could not be used as Python 3: " +
                             (why.empty() ? "it did not say its version" : why),
                         "python");
    if (major != 3 || minor < 8)
        throw BadRequest(
            "--python '" + a.python + "' is Python " + version + "; Python runs need 3.8 or newer", "python");
    r.pythonVersion = version;
    r.startGiven = !a.start.empty();
    // Until the script's hello says otherwise: CPython's default on Linux, forkserver from 3.14 on.
    r.startMethod = r.startGiven ? a.start : (minor >= 14 ? "forkserver" : "fork");
    r.tracerDir = findTracer();
    return r;
}

std::string quoteArgs(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& a : args) {
        if (!out.empty()) out += ' ';
        if (!a.empty() && a.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~") == std::string::npos) {
            out += a;
            continue;
        }
        out += '\'';
        for (char c : a)
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        out += '\'';
    }
    return out;
}

} // namespace mpwb
