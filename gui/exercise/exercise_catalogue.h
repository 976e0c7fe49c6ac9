// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The exercises as the engine declares them (from "mpwb-run list --json"), so a new exercise needs no new
// GUI code: its page is built from these declarations.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

namespace mpwb {

struct ParameterDeclaration {
    enum class Kind { Integer, Choice, Folder };
    QString name, label, help;
    qint64 minimum = 0, maximum = 0, defaultValue = 0; // Integer
    Kind kind = Kind::Integer;
    QStringList choices;    // Choice
    QString defaultText;    // Choice and Folder
    bool mustExist = false; // Folder
};

struct ExerciseDeclaration {
    QString id, title, summary;
    QVector<ParameterDeclaration> parameters;
    QStringList backends{"processes", "gil-threads", "threads", "sequential"};
    QStringList startMethods{"fork", "spawn", "forkserver"};
    bool usesChunksize = true;
    int defaultWorkers = 0; // 0: one per core
    // How long a worker process may hold work without finishing an item before the run is called stalled
    // (processes only); engines before event format 4 do not say, and used no stall timeout.
    qint64 defaultStallTimeoutMs = 10000;
    // Its Python version is a pool map that a sweep can run under real CPython (sweep --backend cpython).
    bool pythonSweep = false;
};

// Throws nothing: returns an empty list and sets *why on malformed input.
QVector<ExerciseDeclaration> parseExerciseList(const QByteArray& json, QString* why);

// Parses what a person typed into one whole number: digits, grouped with '_' between digits or with ',' or
// ' ' before groups of three (10,000); a list such as "2,4" is not a number.
std::optional<qint64> parseTypedInteger(const QString& text);

// What is wrong with a value typed or chosen for p ("N is out of range (allowed: 1 to 1,000)", "the folder
// /x does not exist"); empty when it is fine.
QString checkParameter(const ParameterDeclaration& p, const QString& text);

} // namespace mpwb
