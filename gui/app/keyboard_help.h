// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Help › Keyboard shortcuts: every key of the app in one table. The menus' keys are read from the menus
// themselves and presentation mode's from its own list, so the help cannot drift from what the keys do.

#include <QString>
#include <vector>

#include "presentation_mode.h"

class QMenuBar;

namespace mpwb {

QString keyboardHelpHtml(const QMenuBar& menus, const std::vector<PresentationKey>& presentationKeys);

} // namespace mpwb
