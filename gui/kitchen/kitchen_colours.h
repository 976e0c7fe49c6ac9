// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The kitchen's state colours (Okabe–Ito, as the design sketch gives them: the same meaning in every theme)
// and the tiles the pictures sit on: the pictures have dark outlines, so rooms are lit tiles in both themes.

#include <QColor>

namespace mpwb::kitchen {

inline const QColor kCooking(0x00, 0x72, 0xb2);
inline const QColor kWaitGil(0xe6, 0x9f, 0x00);
inline const QColor kWaitLock(0xd5, 0x5e, 0x00);
inline const QColor kDone(0x00, 0x9e, 0x73);
inline const QColor kIdle(0x88, 0x88, 0x88);
inline const QColor kTileLight(0xfa, 0xf7, 0xf0);
inline const QColor kTileDark(0xd9, 0xd4, 0xc8);

} // namespace mpwb::kitchen
