// SPDX-License-Identifier: GPL-3.0-or-later
#include "kitchen_command.h"

#include <QJsonDocument>
#include <cstdio>

#include "kitchen_canvas.h"
#include "kitchen_index.h"
#include "kitchen_words.h"
#include "plot_theme.h"
#include "run_library.h"

namespace mpwb {
namespace {

int fail(const QString& message) {
    std::fprintf(stderr, "mpwb: %s\n", qPrintable(message));
    return 2;
}

} // namespace

bool wantsKitchen(const QStringList& arguments) {
    return arguments.contains("--kitchen-state") || arguments.contains("--export-kitchen");
}

std::optional<KitchenRequest> parseKitchenRequest(const QStringList& args, QString* why) {
    KitchenRequest r;
    auto value = [&](int& i, const QString& option) -> std::optional<QString> {
        if (i + 1 >= args.size() || args[i + 1].startsWith("--")) {
            *why = QString("%1 needs a value").arg(option);
            return std::nullopt;
        }
        return args[++i];
    };
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == "--kitchen-state" || a == "--export-kitchen") {
            r.kind = a == "--kitchen-state" ? KitchenRequest::Kind::State : KitchenRequest::Kind::Export;
            const auto file = value(i, a);
            if (!file) return std::nullopt;
            r.file = *file;
        } else if (a == "--at") {
            const auto text = value(i, a);
            if (!text) return std::nullopt;
            bool ok = false;
            const double at = text->toDouble(&ok);
            if (!ok || at < 0 || !std::isfinite(at)) {
                *why = QString("--at takes seconds from the run's start, 0 or more, not \"%1\"").arg(*text);
                return std::nullopt;
            }
            r.atSeconds = at;
        } else if (a == "--out") {
            const auto out = value(i, a);
            if (!out) return std::nullopt;
            r.out = *out;
        } else if (a == "--size") {
            const auto text = value(i, a);
            if (!text) return std::nullopt;
            const auto wh = text->split('x');
            const int w = wh.size() == 2 ? wh[0].toInt() : 0, h = wh.size() == 2 ? wh[1].toInt() : 0;
            if (w < 320 || h < 200 || w > 8000 || h > 8000) {
                *why = QString("--size takes WIDTHxHEIGHT from 320x200 to 8000x8000, not \"%1\"").arg(*text);
                return std::nullopt;
            }
            r.size = QSize(w, h);
        } else if (a == "--run") {
            const auto text = value(i, a);
            if (!text) return std::nullopt;
            r.run = text->toInt();
            if (r.run < 1) {
                *why = QString("--run takes the number of a run in the file, from 1, not \"%1\"").arg(*text);
                return std::nullopt;
            }
        } else if (a == "--dark") {
            r.dark = true;
        } else {
            *why =
                QString("unknown argument \"%1\" with %2")
                    .arg(a, r.kind == KitchenRequest::Kind::State ? "--kitchen-state" : "--export-kitchen");
            return std::nullopt;
        }
    }
    if (r.file.isEmpty()) {
        *why = "name a run file: --kitchen-state RUN.mpwbrun or --export-kitchen RUN.mpwbrun";
        return std::nullopt;
    }
    if (r.kind == KitchenRequest::Kind::Export && r.out.isEmpty()) {
        *why = "--export-kitchen needs --out FILE.png";
        return std::nullopt;
    }
    return r;
}

int runKitchenRequest(const KitchenRequest& r) {
    QString why;
    const auto runs = RunLibrary::load(r.file, &why);
    if (runs.empty())
        return fail(QString("%1: %2").arg(r.file, why.isEmpty() ? QString("no run in it") : why));
    if (r.run > int(runs.size()))
        return fail(
            QString("%1 holds %2 run(s); there is no run %3").arg(r.file).arg(runs.size()).arg(r.run));
    const RunModel& run = *runs[std::size_t(r.run - 1)];
    if (run.isSweep())
        return fail(QString("%1: run %2 is a sweep, which has no kitchens").arg(r.file).arg(r.run));
    KitchenIndex index;
    index.sync(&run);
    const std::int64_t t =
        r.atSeconds ? std::min<std::int64_t>(std::int64_t(*r.atSeconds * 1e9), run.endNs()) : run.endNs();
    const KitchenScene scene = index.sceneAt(t);
    if (r.kind == KitchenRequest::Kind::State) {
        std::printf("%s\n", QJsonDocument(kitchenJson(scene)).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    KitchenCanvas canvas;
    canvas.setTheme(r.dark ? PlotTheme::dark() : PlotTheme::light());
    canvas.setScene(scene);
    if (!canvas.savePng(r.out, r.size, &why)) return fail(why);
    return 0;
}

} // namespace mpwb
