// SPDX-License-Identifier: GPL-3.0-or-later
#include "kitchen_art.h"

#include <QPainter>
#include <QSvgRenderer>
#include <cmath>

namespace mpwb {

QPixmap KitchenArt::picture(const QString& name, int side, qreal devicePixelRatio) {
    side = std::max(side, 4);
    const QString key = QString("%1/%2/%3").arg(name).arg(side).arg(devicePixelRatio);
    if (const auto it = m_cache.constFind(key); it != m_cache.constEnd()) return *it;
    QSvgRenderer renderer(QString(":/resources/kitchen/%1.svg").arg(name));
    QPixmap pixmap;
    if (renderer.isValid()) {
        const int pixels = int(std::lround(side * devicePixelRatio));
        pixmap = QPixmap(pixels, pixels);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        renderer.render(&painter);
        pixmap.setDevicePixelRatio(devicePixelRatio);
    }
    // Sizes follow the window; a few hundred pictures at most are ever asked for.
    if (m_cache.size() > 400) m_cache.clear();
    m_cache.insert(key, pixmap);
    return pixmap;
}

} // namespace mpwb
