// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Text a step larger (or bolder) than the app's font, that stays so when View › Larger text changes the
// app's font. A font set once on a widget would keep its size for good, and Qt style sheets take no
// relative font sizes ("150%" is ignored).

class QWidget;

namespace mpwb {

void scaleText(QWidget* widget, double factor, bool bold = false);

} // namespace mpwb
