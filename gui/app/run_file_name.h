// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The file name a save or export dialog proposes for a run: what was run, how and when, so a folder of a
// term's work sorts by exercise and reads without opening anything, e.g.
// "sum-squares-processes-4w-2026-11-30.mpwbrun" or "image-filter-threads-2w-2026-11-30-plots.png".

#include <QDate>
#include <QString>

namespace mpwb {

class RunModel;

// What a proposed name is made of; empty parts are left out of it.
struct RunNameParts {
    QString exercise; // its id, e.g. "sum-squares"
    QString backend;  // "processes"; "sweep" for a sweep, whose runs use several worker counts
    int workers = 0;  // 0: not named (a sweep)
    QDate date;
};

// The parts of a run's name; a null run gives only the date.
RunNameParts runNameParts(const RunModel* run, const QDate& today);

// "<exercise>-<backend>-<workers>w-<date>[-<what>].<extension>"; characters a file system or a shell would
// trip on become '-'. Without an exercise or backend (no run on screen) it starts with "run".
QString runFileName(const RunNameParts& parts, const QString& what, const QString& extension);

} // namespace mpwb
