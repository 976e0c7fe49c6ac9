// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The words of Help › About: what the program is, its version and licence, and where it runs from.

#include <QString>

namespace mpwb {

// Rich text for the About box. programDir is the folder this program runs from; runnerPath the engine host.
QString aboutText(const QString& programDir, const QString& runnerPath);

} // namespace mpwb
