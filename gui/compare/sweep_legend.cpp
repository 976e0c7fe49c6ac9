// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_legend.h"

#include <QLocale>
#include <map>

#include "run_model.h"

namespace mpwb {
namespace {

QString joined(const std::vector<std::int64_t>& values) {
    QStringList words;
    for (auto v : values)
        words << (v == 0 ? QStringLiteral("auto") : QString::number(v));
    return words.join(',');
}

// A sweep's settings as (name, value) pairs in the order a legend names them; the value says what it is
// ("spawn", "n=20000000", "chunksize 1,100") so that it reads alone.
using Settings = std::vector<std::pair<QString, QString>>;

Settings settings(const RunModel& run) {
    Settings out;
    const auto& d = run.data();
    if (d.sweep) {
        const auto& s = *d.sweep;
        out.push_back({"exercise", QString::fromStdString(s.exercise)});
        // CPython's sweep of an exercise's Python version is named by its Python, the engine's by backend.
        const bool cpython = s.backend == "cpython";
        const auto version = s.params.count("python_version") ? s.params.at("python_version") : std::string();
        out.push_back(
            {"backend", cpython ? RunModel::tr("CPython %1").arg(QString::fromStdString(version)).trimmed()
                                : RunModel::tr("engine %1").arg(QString::fromStdString(s.backend))});
        out.push_back({"start", QString::fromStdString(s.startMethod)});
        out.push_back({"workers", RunModel::tr("workers %1").arg(joined(s.workers))});
        out.push_back({"chunksizes", RunModel::tr("chunksize %1").arg(joined(s.chunksizes))});
        out.push_back({"repeats", RunModel::tr("%1 repeats").arg(s.repeats)});
        for (const auto& [key, value] : s.params)
            if (key != "python" && key != "python_version") // said with the backend
                out.push_back({"param " + QString::fromStdString(key),
                               QString::fromStdString(key) + "=" + QString::fromStdString(value)});
    } else if (!d.sweepPoints.empty()) {
        out.push_back({"backend", QString::fromStdString(d.sweepPoints.back().backend)});
    }
    if (d.hello) {
        out.push_back({"machine", QString::fromStdString(d.hello->machine).section(' ', 0, 0)});
        out.push_back({"cores", RunModel::tr("%1 cores").arg(d.hello->cores)});
    }
    return out;
}

} // namespace

QStringList sweepLegend(const std::vector<const RunModel*>& sweeps) {
    std::vector<Settings> all;
    all.reserve(sweeps.size());
    for (const auto* run : sweeps)
        all.push_back(run ? settings(*run) : Settings{});
    // A setting differs when some sweep has another value for it, or lacks it.
    std::map<QString, std::map<std::size_t, QString>> byName;
    std::vector<QString> order;
    for (std::size_t i = 0; i < all.size(); ++i)
        for (const auto& [name, value] : all[i]) {
            if (!byName.count(name)) order.push_back(name);
            byName[name][i] = value;
        }
    QStringList out;
    for (std::size_t i = 0; i < all.size(); ++i) {
        QStringList words;
        for (const auto& name : order) {
            const auto& values = byName[name];
            bool differs = values.size() != all.size();
            for (const auto& [k, v] : values)
                differs = differs || v != values.begin()->second;
            if (!differs) continue;
            const auto it = values.find(i);
            if (it != values.end() && !it->second.isEmpty())
                words << it->second;
            else if (name == "start")
                words << RunModel::tr("no start method");
        }
        if (words.isEmpty() && sweeps[i])
            words << RunModel::tr("sweep of %1")
                         .arg(QLocale().toString(sweeps[i]->when().time(), QLocale::ShortFormat));
        out << words.join(", ");
    }
    // Same settings and the same minute: number them, or the legend would say the same twice.
    if (out.removeDuplicates() != 0 || out.size() != int(sweeps.size())) {
        out.clear();
        for (std::size_t i = 0; i < sweeps.size(); ++i)
            out << RunModel::tr("sweep %1").arg(i + 1);
    }
    return out;
}

} // namespace mpwb
