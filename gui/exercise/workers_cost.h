// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What more workers than cores will cost, said before the run rather than discovered after it.

#include <QString>

namespace mpwb {

// Empty when every worker can have a core (or the backend runs one loop); otherwise what the extra workers
// cost, e.g. "8 workers on 2 cores: the extra workers take turns, …". `cores` is the machine's, at run
// time (QThread::idealThreadCount()).
QString workersCostNote(int workers, int cores, const QString& backend);
// For a sweep: empty unless its largest worker count is above the cores, then what that part of the curve
// shows.
QString sweepCostNote(int largestWorkers, int cores);

} // namespace mpwb
