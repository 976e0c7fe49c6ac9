// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The kitchen in words: one short paragraph a student can read (and a screen reader speaks), and the same
// state as one JSON object for scripts (mpwb --kitchen-state).

#include <QJsonObject>
#include <QString>

#include "kitchen_scene.h"

namespace mpwb {

// "Kitchen 1 cooks orders 200–299. Kitchen 0 waits for the stove token, which kitchen 1 holds. …"
QString describeKitchen(const KitchenScene& scene);

// {"t_s", "exercise", "backend", "kitchens": [{"worker", "pid", "state", "tray", "items_done"}, …],
//  "stove_holder", "waiter", "fridge", "queues", "orders", "finished", "description"}
QJsonObject kitchenJson(const KitchenScene& scene);

// Numbers as the kitchen shows them: grouped digits ("21,760"), and sizes in bytes, kB or MB.
QString kitchenNumber(std::uint64_t n);
QString kitchenBytes(std::uint64_t bytes);

} // namespace mpwb
