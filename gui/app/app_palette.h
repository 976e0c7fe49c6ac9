// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The app's colours, light or dark, applied to every widget, chosen so that every state of a control reads
// in both: placeholder text apart from typed text, a disabled button apart from an enabled one, a checked
// box apart from an empty one, the selection (also in a list that does not have the keyboard), focus
// frames, links and tooltips. Widgets with style sheets are polished again so they follow.

#include <QPalette>

namespace mpwb {

// The palette itself, for tests: each pair of colours that must read is at least 3:1 in contrast (text that
// must be read 4.5:1).
QPalette appPalette(bool dark);

void applyAppPalette(bool dark);

// WCAG's contrast ratio of two colours, 1 (the same) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);

} // namespace mpwb
