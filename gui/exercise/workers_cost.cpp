// SPDX-License-Identifier: GPL-3.0-or-later
#include "workers_cost.h"

#include <QCoreApplication>

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("WorkersCost", text);
}

QString coresText(int cores) {
    return cores == 1 ? tr("1 core") : tr("%1 cores").arg(cores);
}

} // namespace

QString workersCostNote(int workers, int cores, const QString& backend) {
    if (backend == "sequential" || cores < 1 || workers <= cores) return {};
    return tr("%1 workers on %2: the extra workers take turns, so expect no more speedup than %3× and some "
              "overhead.")
        .arg(workers)
        .arg(coresText(cores))
        .arg(cores);
}

QString sweepCostNote(int largestWorkers, int cores) {
    if (cores < 1 || largestWorkers <= cores) return {};
    return tr("This machine has %1: counts above %2 show the speedup stop growing, as the extra workers take "
              "turns.")
        .arg(coresText(cores))
        .arg(cores);
}

} // namespace mpwb
