// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `mpwb-run sweep <exercise> --backend cpython [--python PATH] [--start M] --workers 1,2 --chunksize
// 1,10,100 --repeats 3 [exercise options] [--json] [--events FILE|-]`: the exercise's own Python version
// swept under real CPython (engine/python_sweep_session.h). Returns the exit status, as commandSweep does.

namespace mpwb {

struct CommandLine;

int commandPythonSweep(CommandLine& cl);

} // namespace mpwb
