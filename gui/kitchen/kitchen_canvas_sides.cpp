// SPDX-License-Identifier: GPL-3.0-or-later
// The kitchen canvas's side columns: the dumb waiter (pipes of a process pool), the queues (dumb waiters
// with shelves) and the communal fridge (shared memory, its lock, the counter).
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "kitchen_canvas.h"
#include "kitchen_colours.h"
#include "kitchen_words.h"

namespace mpwb {
using namespace kitchen;

void KitchenCanvas::paintWaiter(QPainter& p, const QRect& r) {
    const auto& w = m_scene.waiter;
    p.setPen(QPen(m_theme.foreground, 2, Qt::DashLine));
    p.setBrush(tileColour());
    p.drawRoundedRect(r, 10, 10);
    const int side = std::min(r.width() - 16, r.height() / 3);
    const QRect car(r.center().x() - side / 2, r.top() + 8, side, side);
    icon(p, "dumb_waiter", car);
    // A box per chunk in the shaft, up to six, so chunksize 1 looks busy and a good chunksize calm.
    // A box grows with the bytes it carries: chunksize 1 sends many small boxes, a good chunksize a few big
    // ones.
    const double perBox = w.boxesDown > 0 ? double(w.bytesDown) / w.boxesDown : 0;
    const double scale = std::clamp(0.5 + 0.15 * std::log10(std::max(1.0, perBox)), 0.5, 1.2);
    const int boxSide = std::max(14, int(side / 3.0 * scale));
    const int boxes = std::min(w.boxesDown, 6);
    for (int i = 0; i < boxes; ++i)
        icon(p, "box",
             QRect(r.left() + 8 + (i % 3) * (boxSide + 4), car.bottom() + 6 + (i / 3) * (boxSide + 2),
                   boxSide, boxSide));
    p.setPen(Qt::black);
    p.setFont(textFont(1));
    const QRect words(r.left() + 6, car.bottom() + 2 * boxSide + 16, r.width() - 12,
                      r.bottom() - car.bottom() - 2 * boxSide - 20);
    p.drawText(words, Qt::AlignTop | Qt::AlignHCenter | Qt::TextWordWrap,
               tr("Dumb waiter\n↓ %1 box(es), %2\n↑ %3 plate(s), %4")
                   .arg(w.boxesDown)
                   .arg(kitchenBytes(w.bytesDown))
                   .arg(w.platesUp)
                   .arg(kitchenBytes(w.bytesUp)));
    tip(r, tr("The dumb waiter: pickled chunks (takeaway boxes) travel down the pipe to a worker process and "
              "results come back up. Now: %1 box(es) down (%2), %3 plate(s) up (%4).")
               .arg(w.boxesDown)
               .arg(kitchenBytes(w.bytesDown))
               .arg(w.platesUp)
               .arg(kitchenBytes(w.bytesUp)));
}

void KitchenCanvas::paintQueues(QPainter& p, const QRect& r) {
    const int n = int(m_scene.queues.size());
    const int each = (r.height() - (n - 1) * 8) / std::max(1, n);
    for (int i = 0; i < n; ++i) {
        const auto& q = m_scene.queues[std::size_t(i)];
        const QRect box(r.left(), r.top() + i * (each + 8), r.width(), each);
        p.setPen(QPen(m_theme.foreground, 2, Qt::DashLine));
        p.setBrush(tileColour());
        p.drawRoundedRect(box, 10, 10);
        p.setPen(Qt::black);
        p.setFont(textFont(1, true));
        const QRect title(box.left() + 6, box.top() + 4, box.width() - 12, 22);
        p.drawText(title, Qt::AlignLeft | Qt::AlignVCenter,
                   tr("%1: %2 of %3").arg(q.name).arg(q.depth).arg(q.capacity));
        // Shelf slots: the capacity, filled to the depth (a bar when there are too many slots to draw).
        const QRect shelf(box.left() + 8, title.bottom() + 6, box.width() - 16,
                          std::max(10, box.height() - 40));
        p.setPen(QPen(m_theme.foreground, 1.5));
        p.setBrush(kTileLight);
        p.drawRect(shelf);
        const double fill = q.capacity > 0 ? std::clamp(double(q.depth) / double(q.capacity), 0.0, 1.0) : 0.0;
        p.setBrush(fill >= 1.0 ? kWaitLock : kCooking);
        p.setPen(Qt::NoPen);
        // Filled from the bottom, like a shaft stacked with boxes; a full one turns vermillion.
        const double filled = (shelf.height() - 2) * fill;
        p.drawRect(QRectF(shelf.left() + 1, shelf.bottom() - filled, shelf.width() - 2, filled));
        if (q.capacity > 0 && q.capacity <= 32 && shelf.height() / q.capacity >= 4) {
            p.setPen(QPen(Qt::darkGray, 1));
            for (int k = 1; k < q.capacity; ++k) {
                const double y = shelf.bottom() - double(shelf.height()) * k / double(q.capacity);
                p.drawLine(QPointF(shelf.left() + 1, y), QPointF(shelf.right() - 1, y));
            }
        }
        tip(box,
            tr("The %1 queue: a dumb waiter with %2 shelves, %3 full now; %4 put in and %5 taken out so far. "
               "A full one makes the cook who loads it wait.")
                .arg(q.name)
                .arg(q.capacity)
                .arg(q.depth)
                .arg(kitchenNumber(q.puts), kitchenNumber(q.gets)));
    }
}

void KitchenCanvas::paintFridge(QPainter& p, const QRect& r) {
    const auto& f = m_scene.fridge;
    p.setPen(QPen(m_theme.foreground, 2));
    p.setBrush(tileColour());
    p.drawRoundedRect(r, 10, 10);
    const int side = std::min(r.width() - 16, r.height() / 3);
    const QRect fridge(r.center().x() - side / 2, r.top() + 8, side, side);
    icon(p, "fridge", fridge);
    QStringList lines{tr("Communal fridge")};
    if (f.segments > 0) lines << tr("%1 segment(s), %2").arg(f.segments).arg(kitchenBytes(f.bytes));
    if (f.hasLock) {
        const QRect lock(fridge.right() - side / 3, fridge.bottom() - side / 3, side / 2, side / 2);
        icon(p, "lock", lock);
        lines << (f.lockHolder >= 0 ? tr("lock: kitchen %1, %2 waiting").arg(f.lockHolder).arg(f.lockWaiting)
                                    : tr("lock: free"));
    }
    if (f.hasCounter) {
        lines << tr("counter %1 (%2 adds)")
                     .arg(kitchenNumber(std::uint64_t(std::max<std::int64_t>(0, f.value))),
                          kitchenNumber(f.increments));
        if (f.mode == "none") lines << tr("lost: %1").arg(kitchenNumber(f.lost));
    }
    p.setPen(f.lost > 0 ? kWaitLock : QColor(Qt::black));
    p.setFont(textFont(1, f.lost > 0));
    const int textTop = fridge.bottom() + (f.hasLock ? side / 6 : 0) + 8; // under the padlock too
    p.drawText(QRect(r.left() + 6, textTop, r.width() - 12, r.bottom() - textTop - 4),
               Qt::AlignTop | Qt::AlignHCenter | Qt::TextWordWrap, lines.join('\n'));
    tip(r, tr("The communal fridge: shared memory every kitchen can reach. %1 segment(s) of %2; %3")
               .arg(f.segments)
               .arg(kitchenBytes(f.bytes))
               .arg(f.hasLock ? (f.lockHolder >= 0 ? tr("its lock is held by kitchen %1 and %2 cook(s) wait.")
                                                         .arg(f.lockHolder)
                                                         .arg(f.lockWaiting)
                                                   : tr("its lock is free."))
                    : f.mode == "none" ? tr("no lock: %1 updates lost so far.").arg(kitchenNumber(f.lost))
                                       : QString()));
}

} // namespace mpwb
