// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The lists a sweep tries, as a student types them: worker counts ("1,2,4") and chunksizes ("1,10,100" or
// "auto"). One reading for the check as you type and for the engine's arguments, so both agree.

#include <QStringList>
#include <optional>

namespace mpwb {

// The worker counts, each a whole number from 1 to maxWorkers (separators like 1_000 allowed, as in the
// form); nullopt, with what is wrong and what is allowed in *why, otherwise.
std::optional<QStringList> parseWorkerCounts(const QString& text, int maxWorkers, QString* why);
// The chunksizes, each a whole number from 1, or an empty list for "auto" (the engine chooses); nullopt,
// with what is wrong and what is allowed in *why, otherwise.
std::optional<QStringList> parseChunksizes(const QString& text, QString* why);

} // namespace mpwb
