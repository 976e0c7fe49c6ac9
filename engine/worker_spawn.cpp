// Spawning a fresh mpwb-worker with Boost.Process, kept in its own file because Boost.Asio is heavy to
// compile. Boost only launches it: the pool detaches the handle and reaps the pid itself, so forked and
// spawned workers end the same way.
#include <boost/asio/io_context.hpp>
#include <boost/process/v2.hpp>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace bp = boost::process::v2;

namespace mpwb {

int spawnWorkerProgram(const std::string& program, int childStdin, int childStdout) {
    if (!std::filesystem::exists(program))
        throw std::runtime_error("the spawn start method needs the mpwb-worker program, and it is not at '" +
                                 program + "' (set MPWB_WORKER to its path)");
    boost::asio::io_context context;
    bp::process child(context, program,
                      {std::string("--serve"), std::string("--parent"), std::to_string(getpid())},
                      bp::process_stdio{childStdin, childStdout, {}});
    const int pid = child.id();
    child.detach();
    if (pid <= 0) throw std::runtime_error("could not start '" + program + "'");
    return pid;
}

} // namespace mpwb
