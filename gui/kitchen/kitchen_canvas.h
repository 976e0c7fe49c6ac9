// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Paints one KitchenScene: the dining room with the head chef and the order rail on top, the dumb waiter (or
// the queues) down the left, the kitchens in the middle, the communal fridge on the right. Shape and words
// first, colour second; every picture has a tooltip naming the real event behind it.

#include <QRect>
#include <QWidget>
#include <utility>
#include <vector>

#include "kitchen_art.h"
#include "kitchen_scene.h"
#include "plot_theme.h"

namespace mpwb {

class KitchenCanvas : public QWidget {
    Q_OBJECT
public:
    explicit KitchenCanvas(QWidget* parent = nullptr);

    void setScene(const KitchenScene& scene);
    const KitchenScene& scene() const { return m_scene; }
    void setTheme(const PlotTheme& theme);
    // Draws the scene into an image of this size (export, without a window).
    QImage render(const QSize& size);
    // Writes that image as PNG, whole or not at all; false with the reason.
    bool savePng(const QString& path, const QSize& size, QString* why);
    // The tooltip at a point of the last painting (tests).
    QString tipAt(const QPoint& point) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    void paintScene(QPainter& p, const QRect& area);
    void paintDining(QPainter& p, const QRect& r);
    void paintWaiter(QPainter& p, const QRect& r);
    void paintQueues(QPainter& p, const QRect& r);
    void paintFridge(QPainter& p, const QRect& r);
    void paintKitchens(QPainter& p, const QRect& r);
    void paintCook(QPainter& p, const QRect& cell, const Kitchen& k, bool ownStove);
    void icon(QPainter& p, const QString& name, const QRect& r);
    void tip(const QRect& r, const QString& text);
    // Rooms are lit tiles in both themes (the pictures have dark outlines), with dark text on them.
    QColor tileColour() const;
    // The theme's font, no larger than the canvas has room for.
    QFont textFont(qreal extraPoints = 0, bool bold = false) const;

    KitchenScene m_scene;
    PlotTheme m_theme = PlotTheme::light();
    KitchenArt m_art;
    qreal m_ratio = 1;
    qreal m_textCeiling = 11;                      // in points, from the size of the last painting
    std::vector<std::pair<QRect, QString>> m_tips; // of the last painting, topmost last
};

} // namespace mpwb
