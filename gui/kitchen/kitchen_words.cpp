// SPDX-License-Identifier: GPL-3.0-or-later
#include "kitchen_words.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>
#include <QStringList>
#include <algorithm>

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("kitchen", text);
}

QString number(std::uint64_t n) {
    return kitchenNumber(n);
}

QString bytesText(std::uint64_t bytes) {
    return kitchenBytes(bytes);
}

QString orders(const Kitchen& k) {
    if (k.trayItems == 1) return tr("order %1").arg(number(k.trayFirst));
    return tr("orders %1–%2").arg(number(k.trayFirst), number(k.trayFirst + k.trayItems - 1));
}

QString kitchenName(const KitchenScene& scene, int worker) {
    return scene.oneRoom ? tr("cook %1").arg(worker) : tr("kitchen %1").arg(worker);
}

QString capitalised(QString s) {
    if (!s.isEmpty()) s[0] = s[0].toUpper();
    return s;
}

} // namespace

QString kitchenNumber(std::uint64_t n) {
    return QLocale(QLocale::English).toString(qulonglong(n));
}

QString kitchenBytes(std::uint64_t bytes) {
    if (bytes < 10'000) return tr("%1 bytes").arg(kitchenNumber(bytes));
    if (bytes < 10'000'000) return tr("%1 kB").arg(QString::number(bytes / 1000.0, 'f', 1));
    return tr("%1 MB").arg(QString::number(bytes / 1e6, 'f', 1));
}

QString describeKitchen(const KitchenScene& scene) {
    QStringList out;
    if (!scene.script.isEmpty()) {
        if (scene.kitchens.empty())
            return scene.finished ? tr("Your script %1 ended without starting a process.").arg(scene.script)
                                  : tr("Your script %1 is the head chef; it has started no process yet. Each "
                                       "process it starts becomes a kitchen of its own.")
                                        .arg(scene.script);
        out << tr("Your script %1 is the head chef; each process it started is a kitchen with its own stove.")
                   .arg(scene.script);
    }
    if (scene.kitchens.empty()) return tr("The kitchen is empty: no run yet.");
    for (const auto& k : scene.kitchens) {
        const QString who = capitalised(kitchenName(scene, k.worker));
        switch (k.state) {
        case CookState::Cooking:
            out << tr("%1 cooks %2.").arg(who, orders(k));
            break;
        case CookState::WaitingGil:
            out << (scene.stoveHolder >= 0 && scene.stoveHolder != k.worker
                        ? tr("%1 waits for the stove token, which %2 holds.")
                              .arg(who, kitchenName(scene, scene.stoveHolder))
                        : tr("%1 waits for the stove token.").arg(who));
            break;
        case CookState::WaitingLock:
            out << tr("%1 waits at the fridge for its lock.").arg(who);
            break;
        case CookState::Crashed:
            out << tr("%1 is on fire: %2").arg(who, k.crash);
            break;
        case CookState::Done:
            if (k.closed && !scene.finished) out << tr("%1 has closed: its process ended.").arg(who);
            break;
        case CookState::Idle:
            if (k.helper)
                out << tr("%1 works the queues, not the trays.").arg(who);
            else
                out << (k.open ? tr("%1 waits for an order.").arg(who) : tr("%1 is still opening.").arg(who));
            break;
        }
    }
    if (scene.finished) {
        const bool burnt = std::any_of(scene.kitchens.begin(), scene.kitchens.end(),
                                       [](const auto& k) { return k.state == CookState::Crashed; });
        out << (burnt ? tr("The run is over (%1); the other kitchens have closed.").arg(scene.status)
                      : tr("The run is over; every kitchen has closed (%1).").arg(scene.status));
    }
    if (scene.usesWaiter && (scene.waiter.boxesDown > 0 || scene.waiter.platesUp > 0))
        out << tr("The dumb waiter carries %1 box(es) down (%2) and %3 plate(s) up (%4).")
                   .arg(scene.waiter.boxesDown)
                   .arg(bytesText(scene.waiter.bytesDown))
                   .arg(scene.waiter.platesUp)
                   .arg(bytesText(scene.waiter.bytesUp));
    if (scene.hasFridge) {
        const auto& f = scene.fridge;
        if (f.hasLock)
            out << (f.lockHolder >= 0 ? tr("%1 holds the fridge's lock; %2 waiting.")
                                            .arg(capitalised(kitchenName(scene, f.lockHolder)))
                                            .arg(f.lockWaiting)
                                      : tr("The fridge's lock is free."));
        if (f.hasCounter && f.mode == "none" && f.lost > 0)
            out << tr("Without a lock, %1 of %2 updates to the counter in the fridge are lost so far.")
                       .arg(number(f.lost), number(f.increments));
    }
    for (const auto& q : scene.queues)
        out << tr("The %1 dumb waiter holds %2 of %3.").arg(q.name).arg(q.depth).arg(q.capacity);
    if (scene.ordersTotal > 0 && !scene.finished)
        out << tr("%1 orders wait on the rail; %2 of %3 served.")
                   .arg(number(scene.ordersWaiting), number(scene.ordersServed), number(scene.ordersTotal));
    else if (!scene.script.isEmpty())
        out << (scene.ordersServed == 1 ? tr("1 order served so far.")
                                        : tr("%1 orders served so far.").arg(number(scene.ordersServed)));
    return out.join(' ');
}

QJsonObject kitchenJson(const KitchenScene& scene) {
    QJsonArray kitchens;
    for (const auto& k : scene.kitchens) {
        QJsonObject o{{"worker", k.worker},
                      {"helper", k.helper},
                      {"closed", k.closed},
                      {"pid", k.pid},
                      {"state", cookStateName(k.state)},
                      {"items_done", double(k.itemsDone)}};
        if (k.trayItems > 0 && (k.state == CookState::Cooking || k.state == CookState::WaitingGil ||
                                k.state == CookState::WaitingLock))
            o["tray"] = QJsonObject{{"first_item", double(k.trayFirst)}, {"items", double(k.trayItems)}};
        else
            o["tray"] = QJsonValue::Null;
        if (k.state == CookState::Crashed) {
            o["crash"] = k.crash;
            o["signal"] = k.signal;
        }
        kitchens.append(o);
    }
    const auto& f = scene.fridge;
    QJsonObject fridge{
        {"segments", f.segments},
        {"bytes", double(f.bytes)},
        {"lock_holder", f.hasLock && f.lockHolder >= 0 ? QJsonValue(f.lockHolder) : QJsonValue()},
        {"lock_waiting", f.lockWaiting},
        {"lost_updates", double(f.lost)}};
    QJsonArray queues;
    for (const auto& q : scene.queues)
        queues.append(QJsonObject{{"name", q.name},
                                  {"depth", double(q.depth)},
                                  {"capacity", double(q.capacity)},
                                  {"puts", double(q.puts)},
                                  {"gets", double(q.gets)}});
    return QJsonObject{{"t_s", double(scene.tNs) / 1e9},
                       {"exercise", scene.exercise},
                       {"backend", scene.backend},
                       {"script", scene.script},
                       {"kitchens", kitchens},
                       {"stove_holder", scene.oneStove && scene.stoveHolder >= 0
                                            ? QJsonValue(scene.stoveHolder)
                                            : QJsonValue()},
                       {"waiter", QJsonObject{{"boxes_down", scene.waiter.boxesDown},
                                              {"bytes_down", double(scene.waiter.bytesDown)},
                                              {"plates_up", scene.waiter.platesUp},
                                              {"bytes_up", double(scene.waiter.bytesUp)}}},
                       {"fridge", fridge},
                       {"queues", queues},
                       {"orders", QJsonObject{{"total", double(scene.ordersTotal)},
                                              {"waiting", double(scene.ordersWaiting)},
                                              {"served", double(scene.ordersServed)}}},
                       {"finished", scene.finished},
                       {"description", describeKitchen(scene)}};
}

} // namespace mpwb
