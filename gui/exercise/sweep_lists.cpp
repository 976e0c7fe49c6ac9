// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_lists.h"

#include <QCoreApplication>

#include "exercise_catalogue.h"

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("SweepLists", text);
}

} // namespace

std::optional<QStringList> parseWorkerCounts(const QString& text, int maxWorkers, QString* why) {
    QStringList counts;
    for (const auto& part : text.split(',')) {
        if (part.trimmed().isEmpty()) continue; // "1,2," while typing the next count
        const auto v = parseTypedInteger(part);
        if (!v || *v < 1 || *v > maxWorkers) {
            *why = tr("'%1' is not a worker count: each must be a whole number from 1 to %2, separated by "
                      "commas (e.g. 1,2,4)")
                       .arg(part.trimmed())
                       .arg(maxWorkers);
            return std::nullopt;
        }
        counts << QString::number(*v);
    }
    if (counts.isEmpty()) {
        *why = tr("list at least one worker count, whole numbers separated by commas (e.g. 1,2,4)");
        return std::nullopt;
    }
    return counts;
}

std::optional<QStringList> parseChunksizes(const QString& text, QString* why) {
    if (text.trimmed().compare("auto", Qt::CaseInsensitive) == 0) return QStringList{};
    QStringList sizes;
    for (const auto& part : text.split(',')) {
        if (part.trimmed().isEmpty()) continue;
        const auto v = parseTypedInteger(part);
        if (!v || *v < 1) {
            *why =
                part.trimmed().compare("auto", Qt::CaseInsensitive) == 0
                    ? tr("'auto' cannot be mixed with numbers: write just 'auto', or whole chunksizes from "
                         "1 separated by commas")
                    : tr("'%1' is not a chunksize: each must be a whole number from 1, separated by commas "
                         "(e.g. 1,10,100), or write just 'auto'")
                          .arg(part.trimmed());
            return std::nullopt;
        }
        sizes << QString::number(*v);
    }
    if (sizes.isEmpty()) {
        *why = tr("list at least one chunksize (e.g. 1,10,100), or write 'auto'");
        return std::nullopt;
    }
    return sizes;
}

} // namespace mpwb
