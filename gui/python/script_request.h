// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the Python page asks mpwb-run python to do, as plain values: the script, its arguments (typed as in a
// shell and split the same way), the interpreter and the start method. Checked at the door, so a missing or
// wrong file is a sentence on the page, never a failed run.

#include <QString>
#include <QStringList>
#include <optional>

namespace mpwb {

struct ScriptRequest {
    QString script;      // absolute path of the .py file
    QStringList args;    // the script's own arguments
    QString python;      // an interpreter's name (found on PATH) or path; empty: the runner's default
    QString startMethod; // fork, spawn or forkserver; empty: the script's own default

    // "--python P --start M": the runner's options for this request.
    QStringList runnerOptions() const;
    // The command as it will run, for the student to read: "python3 sum_squares.py 200000 '1 000'".
    QString shownCommand() const;
};

// Splits a line the way a POSIX shell splits words: blanks separate, '…' keeps everything, "…" keeps all
// but \" and \\, a backslash outside quotes keeps the next character. Nothing is expanded ($HOME, *).
// Returns nothing, with the reason in *why, for an unclosed quote or a trailing backslash.
std::optional<QStringList> splitArguments(const QString& line, QString* why);

// One word as a shell would need it written: unchanged when plain, else in single quotes.
QString shellQuoted(const QString& word);

// Why this path cannot be run as a script (no file chosen, missing, a folder, not .py, unreadable); empty
// when it can.
QString scriptProblem(const QString& path);

// Python interpreters on PATH: python3 first, then python3.N and python3.Nt (free-threaded) builds, each
// name once (the first found on PATH wins), newest version first.
QStringList pythonInterpretersOnPath();

} // namespace mpwb
