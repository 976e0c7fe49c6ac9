// SPDX-License-Identifier: GPL-3.0-or-later
#include "kitchen_canvas.h"
#include "kitchen_colours.h"
#include "kitchen_words.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QSaveFile>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace mpwb {
using namespace kitchen;
namespace {

QString ms(std::int64_t ns) {
    return KitchenCanvas::tr("%1 ms").arg(ns / 1e6, 0, 'f', 2);
}

QString cookPicture(CookState s) {
    switch (s) {
    case CookState::Cooking:
        return "cook_cooking";
    case CookState::WaitingGil:
        return "cook_waiting_stove";
    case CookState::WaitingLock:
        return "cook_waiting_fridge";
    case CookState::Crashed:
        return "fire";
    case CookState::Done:
        return "cook_done";
    case CookState::Idle:
        return "cook_idle";
    }
    return "cook_idle";
}

QColor stateColour(CookState s) {
    switch (s) {
    case CookState::Cooking:
        return kCooking;
    case CookState::WaitingGil:
        return kWaitGil;
    case CookState::WaitingLock:
    case CookState::Crashed:
        return kWaitLock;
    case CookState::Done:
        return kDone;
    case CookState::Idle:
        return kIdle;
    }
    return kIdle;
}

QString stateWords(const Kitchen& k) {
    switch (k.state) {
    case CookState::Cooking:
        return k.trayItems == 1 ? KitchenCanvas::tr("cooking order %1").arg(kitchenNumber(k.trayFirst))
                                : KitchenCanvas::tr("cooking %1 orders").arg(kitchenNumber(k.trayItems));
    case CookState::WaitingGil:
        return KitchenCanvas::tr("waits for the stove");
    case CookState::WaitingLock:
        return KitchenCanvas::tr("waits at the fridge");
    case CookState::Crashed:
        return k.signal ? KitchenCanvas::tr("on fire: signal %1").arg(k.signal)
                        : KitchenCanvas::tr("on fire");
    case CookState::Done:
        return k.closed ? KitchenCanvas::tr("closed: process ended") : KitchenCanvas::tr("closed");
    case CookState::Idle:
        if (k.helper) return KitchenCanvas::tr("works the queues");
        return k.open ? KitchenCanvas::tr("waiting for an order") : KitchenCanvas::tr("opening…");
    }
    return {};
}

} // namespace

KitchenCanvas::KitchenCanvas(QWidget* parent) : QWidget(parent) {
    setMinimumSize(320, 220);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void KitchenCanvas::setScene(const KitchenScene& scene) {
    m_scene = scene;
    update();
}

void KitchenCanvas::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    update();
}

QImage KitchenCanvas::render(const QSize& size) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    m_ratio = 1;
    paintScene(p, QRect(QPoint(0, 0), size));
    return image;
}

bool KitchenCanvas::savePng(const QString& path, const QSize& size, QString* why) {
    const QImage image = render(size);
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && image.save(&file, "PNG") && file.commit()) return true;
    *why = tr("could not write %1: %2").arg(path, file.errorString());
    return false;
}

void KitchenCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    m_ratio = devicePixelRatioF();
    paintScene(p, rect());
}

bool KitchenCanvas::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const QString text = tipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

QString KitchenCanvas::tipAt(const QPoint& point) const {
    // The last drawn lies on top, so it answers first.
    const auto hit = std::find_if(m_tips.rbegin(), m_tips.rend(),
                                  [&point](const auto& tip) { return tip.first.contains(point); });
    return hit != m_tips.rend() ? hit->second : QString();
}

void KitchenCanvas::tip(const QRect& r, const QString& text) {
    m_tips.emplace_back(r, text);
}

QColor KitchenCanvas::tileColour() const {
    return m_theme.background.lightness() > 128 ? kTileLight : kTileDark;
}

void KitchenCanvas::icon(QPainter& p, const QString& name, const QRect& r) {
    const int side = std::min(r.width(), r.height());
    if (side < 6) return;
    const QPixmap pix = m_art.picture(name, side, m_ratio);
    p.drawPixmap(QPoint(r.center().x() - side / 2, r.center().y() - side / 2), pix);
}

QFont KitchenCanvas::textFont(qreal extraPoints, bool bold) const {
    QFont f = m_theme.font(extraPoints, bold);
    f.setPointSizeF(std::min(f.pointSizeF(), m_textCeiling + extraPoints));
    return f;
}

void KitchenCanvas::paintScene(QPainter& p, const QRect& area) {
    m_tips.clear();
    // Text follows the app's size (and presentation mode's), but never outgrows the rooms it labels.
    m_textCeiling = std::max(7.0, std::min(area.height() / 30.0, area.width() / 45.0));
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(area, m_theme.background);
    if (m_scene.kitchens.empty()) {
        p.setPen(m_theme.foreground);
        p.setFont(textFont(3));
        p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                   m_scene.script.isEmpty()
                       ? tr("Run the exercise: every worker becomes a kitchen here.")
                       : tr("Your script %1 has started no process yet: each one it starts becomes a "
                            "kitchen here.")
                             .arg(m_scene.script));
        return;
    }
    const QRect r = area.adjusted(8, 8, -8, -8);
    const int diningHeight = std::clamp(r.height() / 5, 36, 130);
    paintDining(p, QRect(r.left(), r.top(), r.width(), diningHeight));
    QRect below(r.left(), r.top() + diningHeight + 8, r.width(), r.height() - diningHeight - 8);
    const int side = std::clamp(r.width() / 6, 110, 220);
    if (!m_scene.queues.empty()) {
        paintQueues(p, QRect(below.left(), below.top(), side, below.height()));
        below.setLeft(below.left() + side + 8);
    } else if (m_scene.usesWaiter) {
        paintWaiter(p, QRect(below.left(), below.top(), side, below.height()));
        below.setLeft(below.left() + side + 8);
    }
    if (m_scene.hasFridge) {
        paintFridge(p, QRect(below.right() - side + 1, below.top(), side, below.height()));
        below.setRight(below.right() - side - 8);
    }
    paintKitchens(p, below);
}

void KitchenCanvas::paintDining(QPainter& p, const QRect& r) {
    p.setPen(QPen(m_theme.foreground, 2));
    p.setBrush(tileColour());
    p.drawRoundedRect(r, 10, 10);
    const QRect chef(r.left() + 6, r.top() + 4, r.height() - 8, r.height() - 8);
    icon(p, "head_chef", chef);
    tip(chef,
        m_scene.script.isEmpty()
            ? tr("The head chef: the pool's dispatcher, handing trays of orders (chunks) to free kitchens.")
            : tr("The head chef: your script %1, its own process, packing trays of orders (chunks) into "
                 "takeaway boxes for the kitchens (worker processes) it started.")
                  .arg(m_scene.script));
    const auto& s = m_scene;
    QRect text(chef.right() + 12, r.top() + 4, r.width() - chef.width() - 24, r.height() - 8);
    if (r.height() < 70) {
        // A small kitchen (a strip of the compare page): the numbers in one line, no tickets.
        p.setPen(Qt::black);
        p.setFont(textFont(0, true));
        const QString words =
            tr("%1 waiting · %2 served").arg(kitchenNumber(s.ordersWaiting), kitchenNumber(s.ordersServed));
        p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(words, Qt::ElideRight, text.width()));
        return;
    }
    // The rail: up to twelve tickets for the orders still waiting, in proportion.
    const int ticketSide = std::min(text.height() / 2, 34);
    const int shown =
        s.ordersTotal == 0 ? 0 : int(std::ceil(12.0 * double(s.ordersWaiting) / double(s.ordersTotal)));
    for (int i = 0; i < shown; ++i)
        icon(p, "ticket", QRect(text.left() + i * (ticketSide * 3 / 4), text.top(), ticketSide, ticketSide));
    const QRect rail(text.left(), text.top(), 12 * ticketSide * 3 / 4 + ticketSide / 4, ticketSide);
    tip(rail, tr("Orders (items) not yet handed to a kitchen: %1 of %2.")
                  .arg(kitchenNumber(s.ordersWaiting), kitchenNumber(s.ordersTotal)));
    const int plateSide = ticketSide;
    const int plates =
        s.ordersTotal == 0 ? 0 : int(std::ceil(8.0 * double(s.ordersServed) / double(s.ordersTotal)));
    const int platesLeft = rail.right() + 16;
    for (int i = 0; i < plates; ++i)
        icon(p, "plate", QRect(platesLeft + i * (plateSide * 2 / 3), text.top(), plateSide, plateSide));
    tip(QRect(platesLeft, text.top(), 8 * plateSide * 2 / 3 + plateSide, plateSide),
        tr("Plates served (items finished): %1.").arg(kitchenNumber(s.ordersServed)));
    p.setPen(Qt::black);
    p.setFont(textFont(2, true));
    // A Python run does not say its orders in advance: the chef is the student's script, and it counts up.
    const QString words =
        !s.script.isEmpty()
            ? (s.ordersServed == 1 ? tr("Head chef: your script %1 · 1 order served").arg(s.script)
                                   : tr("Head chef: your script %1 · %2 orders served")
                                         .arg(s.script, kitchenNumber(s.ordersServed)))
        : s.ordersTotal > 0 ? tr("Head chef · %1 orders on the rail · %2 of %3 served")
                                  .arg(kitchenNumber(s.ordersWaiting), kitchenNumber(s.ordersServed),
                                       kitchenNumber(s.ordersTotal))
                            : tr("Head chef");
    p.drawText(QRect(text.left(), text.top() + ticketSide + 2, text.width(), text.height() - ticketSide - 2),
               Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, words);
}

void KitchenCanvas::paintKitchens(QPainter& p, const QRect& r) {
    const auto& s = m_scene;
    const int n = int(s.kitchens.size());
    // A grid that fills the space, never a scroll bar: 64 kitchens become small tiles.
    int cols = 1;
    while (cols<n&& double(r.width()) / cols> 1.3 * double(r.height()) / std::ceil(double(n) / cols))
        ++cols;
    const int rows = int(std::ceil(double(n) / cols));
    QRect room = r;
    if (s.oneRoom) {
        // Threads share one kitchen (one memory); under a GIL also one stove, whose token moves.
        p.setPen(QPen(m_theme.foreground, 3));
        p.setBrush(m_theme.background == Qt::white || m_theme.background.lightness() > 128 ? kTileLight
                                                                                           : kTileDark);
        p.drawRoundedRect(r, 12, 12);
        p.setPen(Qt::black);
        p.setFont(textFont(1, true));
        const QString title = s.oneStove ? tr("One kitchen, one stove: only the cook with the token cooks")
                                         : tr("One kitchen, a stove for every cook (free threads)");
        // Clear of the stove in the corner; cut with "…" when the room is narrow.
        const QRect titleRect =
            r.adjusted(10, 4, s.oneStove ? -std::clamp(r.height() / 6, 24, 56) - 20 : -10, 0);
        p.drawText(titleRect, Qt::AlignTop | Qt::AlignLeft,
                   p.fontMetrics().elidedText(title, Qt::ElideRight, titleRect.width()));
        room = r.adjusted(6, 26, -6, -6);
        if (s.oneStove) {
            // The one stove of the room, in its corner; the token beside a cook says who may use it.
            const int side = std::clamp(r.height() / 6, 24, 56);
            const QRect stove(r.right() - side - 8, r.top() + 4, side, side);
            icon(p, "stove", stove);
            tip(stove,
                tr("The one stove: under a GIL only one thread runs Python at a time, whatever the cores."));
            room.setTop(std::max(room.top(), stove.bottom() + 2));
        }
    }
    const int cellW = room.width() / cols, cellH = room.height() / rows;
    for (int i = 0; i < n; ++i) {
        const QRect cell(room.left() + (i % cols) * cellW, room.top() + (i / cols) * cellH, cellW, cellH);
        paintCook(p, cell.adjusted(3, 3, -3, -3), s.kitchens[std::size_t(i)], !s.oneStove);
    }
    if (s.oneStove) {
        // The one stove, with its token at the holder: drawn last so it sits on top.
        for (int i = 0; i < n; ++i) {
            if (s.kitchens[std::size_t(i)].worker != s.stoveHolder) continue;
            const QRect cell(room.left() + (i % cols) * cellW, room.top() + (i / cols) * cellH, cellW, cellH);
            const int side = std::clamp(std::min(cellW, cellH) / 3, 16, 72);
            const QRect token(cell.right() - side - 6, cell.top() + 6, side, side);
            icon(p, "stove_token", token);
            tip(token, s.stoveShared
                           ? tr("The stove token (the GIL) changed hands several times in this moment; "
                                "kitchen %1 held it longest.")
                                 .arg(s.stoveHolder)
                           : tr("The stove token (the GIL): cook %1 holds it, so only cook %1 cooks.")
                                 .arg(s.stoveHolder));
        }
    }
}

void KitchenCanvas::paintCook(QPainter& p, const QRect& cell, const Kitchen& k, bool ownStove) {
    const bool small = cell.width() < 110 || cell.height() < 90;
    const QColor colour = stateColour(k.state);
    const QString name = m_scene.oneRoom ? tr("cook %1").arg(k.worker) : tr("kitchen %1").arg(k.worker);
    if (!m_scene.oneRoom) {
        p.setPen(QPen(m_theme.foreground, 2));
        p.setBrush(tileColour());
        p.drawRoundedRect(cell, 10, 10);
    }
    // The state band along the bottom: words on colour (orange and the outlined fridge wait take dark text).
    const int band = small ? std::max(8, cell.height() / 7) : std::clamp(cell.height() / 6, 22, 34);
    const QRect bandRect(cell.left() + 4, cell.bottom() - band - 3, cell.width() - 8, band);
    const bool outlined = k.state == CookState::WaitingLock;
    p.setPen(outlined ? QPen(kWaitLock, 3) : QPen(Qt::NoPen));
    p.setBrush(outlined ? QColor(Qt::white) : colour);
    p.drawRoundedRect(bandRect, 5, 5);
    if (!small) {
        p.setPen(outlined                           ? kWaitLock
                 : k.state == CookState::WaitingGil ? QColor(Qt::black)
                                                    : QColor(Qt::white));
        p.setFont(textFont(1, true));
        p.drawText(bandRect, Qt::AlignCenter,
                   p.fontMetrics().elidedText(stateWords(k), Qt::ElideRight, bandRect.width() - 6));
    }
    // The heading: which kitchen, and its process.
    int top = cell.top() + 4;
    if (!small) {
        p.setPen(Qt::black);
        p.setFont(textFont(1, true));
        const QString heading = k.pid ? tr("%1 · pid %2").arg(name).arg(k.pid) : name;
        p.drawText(QRect(cell.left() + 8, top, cell.width() - 16, 22), Qt::AlignLeft | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(heading, Qt::ElideRight, cell.width() - 16));
        top += 24;
    }
    // The cook, and beside it its own stove when it has one.
    const QRect space(cell.left() + 4, top, cell.width() - 8, bandRect.top() - top - 2);
    const int side = std::min(space.height(), ownStove && !small ? space.width() / 2 : space.width());
    const bool withStove = ownStove && !small && space.width() >= 2 * side;
    const QRect cook(withStove ? space.center().x() - side : space.center().x() - side / 2,
                     space.center().y() - side / 2, side, side);
    icon(p, cookPicture(k.state), cook);
    if (withStove)
        icon(p, "stove", QRect(cook.right() + 1, cook.top() + side / 4, side * 3 / 4, side * 3 / 4));
    if (k.closed && !m_scene.finished) {
        // Lights off: a kitchen whose process ended while others still cook is seen at once as gone.
        QColor veil = tileColour();
        veil.setAlpha(190);
        p.fillRect(space, veil);
    }
    if (small) {
        p.setPen(Qt::black);
        p.setFont(textFont(-1, true));
        p.drawText(cell.adjusted(4, 2, -4, 0), Qt::AlignTop | Qt::AlignLeft, QString::number(k.worker));
    }
    // Its tooltip: the real event behind the picture.
    QString text = name + (k.pid ? tr(", pid %1").arg(k.pid) : QString()) + ": " + stateWords(k);
    if (k.trayItems > 0 && k.state != CookState::Done && k.state != CookState::Idle) {
        text +=
            tr("\nTray: items %1 to %2 (%3 item(s)%4), began at %5")
                .arg(kitchenNumber(k.trayFirst), kitchenNumber(k.trayFirst + k.trayItems - 1),
                     kitchenNumber(k.trayItems))
                .arg(k.trayMerged > 1 ? tr(", %1 small chunks drawn as one").arg(k.trayMerged) : QString())
                .arg(ms(k.trayStartNs));
        if (k.trayEndNs >= 0) text += tr(", ends at %1").arg(ms(k.trayEndNs));
        if (k.core >= 0) text += tr(", on core %1").arg(k.core);
    }
    if (k.state == CookState::Crashed) text += "\n" + k.crash;
    if (k.closed) text += tr("\nIts process has ended: this kitchen is closed for good.");
    text += tr("\nServed so far: %1 order(s).").arg(kitchenNumber(k.itemsDone));
    tip(cell, text);
}

} // namespace mpwb
