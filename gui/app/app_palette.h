#pragma once
// The app's colours, light or dark, applied to every widget: the dark one with its own disabled colours (a
// disabled button must look disabled), and widgets with style sheets polished again so they follow.

namespace mpwb {

void applyAppPalette(bool dark);

} // namespace mpwb
