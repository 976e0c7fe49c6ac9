// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_file_name.h"

#include <QRegularExpression>
#include <QStringList>

#include "run_model.h"

namespace mpwb {
namespace {

// Lower case, letters, digits and '-' only, no doubled or trailing '-': safe in any file system and shell.
QString namePiece(const QString& text) {
    static const QRegularExpression unsafe("[^a-z0-9]+");
    QString piece = text.toLower().replace(unsafe, "-");
    while (piece.startsWith('-'))
        piece.remove(0, 1);
    while (piece.endsWith('-'))
        piece.chop(1);
    return piece;
}

} // namespace

RunNameParts runNameParts(const RunModel* run, const QDate& today) {
    RunNameParts parts;
    parts.date = run && run->when().isValid() ? run->when().date() : today;
    if (!run) return parts;
    const auto& data = run->data();
    if (run->isSweep()) {
        if (data.sweep) parts.exercise = QString::fromStdString(data.sweep->exercise);
        parts.backend = "sweep";
    } else if (data.started) {
        parts.exercise = QString::fromStdString(data.started->exercise);
        parts.backend = QString::fromStdString(data.started->backend);
        parts.workers = data.started->workers;
    }
    return parts;
}

QString runFileName(const RunNameParts& parts, const QString& what, const QString& extension) {
    QStringList pieces;
    for (const auto& text : {parts.exercise, parts.backend})
        if (const auto piece = namePiece(text); !piece.isEmpty()) pieces << piece;
    if (parts.workers > 0) pieces << QString::number(parts.workers) + "w";
    if (pieces.isEmpty()) pieces << "run";
    if (parts.date.isValid()) pieces << parts.date.toString(Qt::ISODate);
    if (const auto piece = namePiece(what); !piece.isEmpty()) pieces << piece;
    return pieces.join('-') + '.' + namePiece(extension);
}

} // namespace mpwb
