// SPDX-License-Identifier: GPL-3.0-or-later
#include "app_idle.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace mpwb::bench {
namespace {

namespace fs = std::filesystem;

// The app's environment: ours, with its platform and a settings folder of its own, so a run leaves no trace
// in the user's settings and starts like a first launch.
std::vector<std::string> appEnvironment(const std::string& platform, const fs::path& home) {
    const std::map<std::string, std::string> set = {
        {"QT_QPA_PLATFORM", platform},
        {"XDG_CONFIG_HOME", (home / "config").string()},
        {"XDG_DATA_HOME", (home / "data").string()},
        {"XDG_CACHE_HOME", (home / "cache").string()},
    };
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        if (!set.count(entry.substr(0, entry.find('=')))) env.push_back(entry);
    }
    for (const auto& [key, value] : set)
        env.push_back(key + "=" + value);
    return env;
}

std::string readAll(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string firstLines(const std::string& text, int lines) {
    std::size_t at = 0;
    for (int i = 0; i < lines && at != std::string::npos; ++i)
        at = text.find('\n', at == 0 ? 0 : at + 1);
    return at == std::string::npos ? text : text.substr(0, at);
}

// Still running (not exited, not a zombie waiting for us)?
bool alive(pid_t pid, int* status) {
    return waitpid(pid, status, WNOHANG) == 0;
}

void stop(pid_t pid) {
    kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50; ++i) {
        if (waitpid(pid, &status, WNOHANG) != 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
}

std::string describeExit(int status) {
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
    return "unknown status";
}

} // namespace

IdleResult measureIdlePage(const IdlePage& page, const IdleSettings& settings) {
    IdleResult result;
    char pattern[] = "/tmp/mpwb-bench-views-XXXXXX";
    if (!mkdtemp(pattern)) {
        result.whyNot = "could not make a temporary folder";
        return result;
    }
    const fs::path home = pattern;
    for (const char* sub : {"config", "data", "cache"})
        fs::create_directories(home / sub);
    const fs::path log = home / "app.log";

    const auto env = appEnvironment(settings.platform, home);
    std::vector<char*> envp;
    for (const auto& e : env)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    const char* argv[] = {settings.app.c_str(), "--open", page.link.c_str(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int rc =
        posix_spawn(&pid, settings.app.c_str(), &actions, nullptr, const_cast<char**>(argv), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        result.whyNot = "could not start " + settings.app + ": " + std::strerror(rc);
        fs::remove_all(home);
        return result;
    }

    using Clock = std::chrono::steady_clock;
    auto sleepFor = [](double seconds) {
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    };
    int status = 0;
    const auto settleUntil = Clock::now() + std::chrono::duration<double>(settings.settleSeconds);
    while (Clock::now() < settleUntil && alive(pid, &status))
        sleepFor(0.25);
    const std::string said = readAll(log);
    result.appSaid = firstLines(said, 3);
    std::replace(result.appSaid.begin(), result.appSaid.end(), '\n', '|');
    std::optional<ProcessUsage> before;
    if (!alive(pid, &status)) {
        result.whyNot = "the app ended during start-up (" + describeExit(status) + ")";
    } else if (said.find("cannot open") != std::string::npos ||
               said.find("no display") != std::string::npos) {
        result.whyNot = "the app could not show the page";
    } else if (!(before = readProcessUsage(pid))) {
        result.whyNot = "could not read /proc for the app";
    }
    if (!result.whyNot.empty()) {
        stop(pid);
        fs::remove_all(home);
        return result;
    }

    const auto from = Clock::now();
    const auto until = from + std::chrono::duration<double>(settings.idleSeconds);
    result.rssStart = result.rssMin = result.rssMax = before->rssBytes;
    // Sleeping is all this process does meanwhile, so the measurement itself does not load the machine.
    while (Clock::now() < until) {
        sleepFor(
            std::min(settings.sampleSeconds, std::chrono::duration<double>(until - Clock::now()).count()));
        if (!alive(pid, &status)) break;
        const auto rss = residentBytes(pid);
        result.rssMin = std::min(result.rssMin, rss);
        result.rssMax = std::max(result.rssMax, rss);
    }
    const auto after = readProcessUsage(pid);
    result.wallSeconds = std::chrono::duration<double>(Clock::now() - from).count();
    if (!after) {
        result.whyNot = "the app ended within the window (" + describeExit(status) + ")";
        fs::remove_all(home);
        return result;
    }
    result.shown = true;
    result.cpuSeconds = ticksToSeconds(after->ticks - before->ticks);
    result.rssEnd = after->rssBytes;
    result.rssMin = std::min(result.rssMin, result.rssEnd);
    result.rssMax = std::max(result.rssMax, result.rssEnd);
    for (const auto& thread : after->threads) {
        std::uint64_t earlier = 0; // threads started within the window count from zero
        for (const auto& b : before->threads)
            if (b.tid == thread.tid) earlier = b.ticks;
        const std::string name = thread.tid == pid ? thread.name + " (GUI thread)" : thread.name;
        result.threads.push_back({thread.tid, name, thread.ticks - std::min(earlier, thread.ticks)});
    }
    std::sort(result.threads.begin(), result.threads.end(),
              [](const ThreadUsage& a, const ThreadUsage& b) { return a.ticks > b.ticks; });
    stop(pid);
    fs::remove_all(home);
    return result;
}

} // namespace mpwb::bench
