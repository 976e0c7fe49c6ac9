// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The kitchen's pictures (resources/kitchen/*.svg) as pixmaps of the size asked for, each drawn once and
// kept: a scene repaints many times a second and drawing SVG each time would not keep up.

#include <QHash>
#include <QPixmap>
#include <QString>

namespace mpwb {

class KitchenArt {
public:
    // name: the file's name without ".svg", e.g. "cook_cooking". A missing picture gives a null pixmap.
    QPixmap picture(const QString& name, int side, qreal devicePixelRatio);

private:
    QHash<QString, QPixmap> m_cache; // key: name, side and ratio
};

} // namespace mpwb
