// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_exit.h"

#include <QCoreApplication>
#include <csignal>
#include <utility>

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("EngineExit", text);
}

// Run again and, if it comes back, report it: the saved run shows what the engine did until it stopped.
QString reportHint() {
    return tr("Run again; if it happens again, save the run (File › Save run) and report a bug with it.");
}

} // namespace

QString signalName(int signal) {
    static const std::pair<int, const char*> names[] = {
        {SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"}, {SIGILL, "SIGILL"},
        {SIGTRAP, "SIGTRAP"}, {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},
        {SIGKILL, "SIGKILL"}, {SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
        {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"}, {SIGXCPU, "SIGXCPU"},
        {SIGXFSZ, "SIGXFSZ"}};
    for (const auto& [number, name] : names)
        if (number == signal) return QString::fromLatin1(name);
    return tr("signal %1").arg(signal);
}

QString engineEndWords(int killedBy, int exitCode) {
    if (killedBy == SIGKILL)
        return tr("The engine was killed (SIGKILL) before it finished. The system does that when memory runs "
                  "out: try fewer workers or a smaller N. ") +
               reportHint();
    if (killedBy == SIGSEGV || killedBy == SIGBUS || killedBy == SIGILL || killedBy == SIGFPE ||
        killedBy == SIGABRT)
        return tr("The engine crashed (%1). That is a fault in the engine, not in your choices. ")
                   .arg(signalName(killedBy)) +
               reportHint();
    if (killedBy == SIGTERM || killedBy == SIGINT || killedBy == SIGHUP || killedBy == SIGQUIT)
        return tr("The engine was stopped from outside the workbench (%1). Run again.")
            .arg(signalName(killedBy));
    if (killedBy == SIGXCPU)
        return tr("The engine was stopped for using more processor time than allowed (SIGXCPU): try a "
                  "smaller N. ") +
               reportHint();
    if (killedBy != 0)
        return tr("The engine was ended by %1 before it finished. ").arg(signalName(killedBy)) + reportHint();
    if (exitCode == kEngineExitCancelled) return tr("The engine stopped because the run was cancelled.");
    if (exitCode == kEngineExitBadRequest)
        return tr("The engine refused the request (exit code 2): the workbench asked for something it does "
                  "not know. ") +
               reportHint();
    if (exitCode == kEngineExitFailed)
        return tr("The engine gave up (exit code 1) without saying why. ") + reportHint();
    return tr("The engine exited with code %1 before it finished. ").arg(exitCode) + reportHint();
}

} // namespace mpwb
