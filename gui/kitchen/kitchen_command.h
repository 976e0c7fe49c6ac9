// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The kitchen from the command line, without a window: its state at a moment as JSON
// (mpwb --kitchen-state RUN --at SECONDS [--run N]) and its picture as PNG
// (mpwb --export-kitchen RUN --at SECONDS --out FILE.png [--size WxH] [--dark] [--run N]).

#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

namespace mpwb {

struct KitchenRequest {
    enum class Kind { State, Export } kind = Kind::State;
    QString file;
    std::optional<double> atSeconds; // none: the end of the run
    int run = 1;                     // which run of the file, from 1
    QString out;
    QSize size{1280, 720};
    bool dark = false;
};

// Whether the arguments ask for the kitchen at all.
bool wantsKitchen(const QStringList& arguments);
// nullopt with the reason when an argument is missing or wrong.
std::optional<KitchenRequest> parseKitchenRequest(const QStringList& arguments, QString* why);
// Prints the JSON or writes the PNG (whole or not at all); 0 on success, 2 with a message on stderr for a bad
// file, a missing run or a file that cannot be written.
int runKitchenRequest(const KitchenRequest& request);

} // namespace mpwb
