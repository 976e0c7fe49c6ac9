// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_summary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QObject>
#include <cmath>
#include <limits>

#include "speedup_wording.h"

namespace mpwb {

namespace {

// A 28-digit sum has no place to break, so it would make the result column wider than a 1280×720 screen
// allows: long runs of digits get invisible break points (U+200B) every six digits.
QString breakableNumbers(const QString& text) {
    QString out;
    int digits = 0;
    for (const QChar c : text) {
        if (c.isDigit()) {
            if (digits > 0 && digits % 6 == 0) out += QChar(0x200B);
            ++digits;
        } else {
            digits = 0;
        }
        out += c;
    }
    return out;
}

} // namespace

QString oneLineResult(const RunData& run, const RunMeasures& measures) {
    if (!run.started || !measures.seconds) return {};
    const auto& s = *run.started;
    // What decides the figure goes beside it: a list of past runs is read long after the form has changed.
    const QLocale english(QLocale::English);
    QString backend = QString::fromStdString(s.backend);
    if (s.backend == "processes" && !s.startMethod.empty())
        backend += QString(" (%1)").arg(QString::fromStdString(s.startMethod));
    QStringList what{backend};
    if (s.backend != "sequential") {
        what << QObject::tr("%1 worker(s)").arg(s.workers);
        if (s.chunksize > 0 && s.params.count("chunksize") == 0)
            what << QObject::tr("chunksize %1").arg(english.toString(qulonglong(s.chunksize)));
    }
    for (const auto& [name, raw] : s.params) {
        const auto value = QString::fromStdString(raw);
        bool whole = false;
        const auto number = value.toLongLong(&whole);
        if (whole)
            what << QString("%1 %2").arg(QString::fromStdString(name), english.toString(number));
        else if (value.size() <= 12 && !value.contains('/')) // a mode or a choice; never a folder's path
            what << QString("%1 %2").arg(QString::fromStdString(name), value);
    }
    QString line = what.join(", ") + ": " + secondsText(*measures.seconds);
    if (measures.speedup && s.backend != "sequential")
        line += ", " + QString::fromStdString(speedupText(*measures.speedup));
    if (run.result) line += " · " + QString::fromStdString(run.result->value);
    return line;
}

QString secondsText(double s) {
    return s < 10 ? QString::number(s, 'f', 3) + " s" : QString::number(s, 'f', 1) + " s";
}

QString checksHtml(const JsonFields& checks) {
    if (checks.empty()) return {};
    const QLocale english(QLocale::English);
    QString rows;
    for (const auto& [key, raw] : checks) {
        const auto json = QJsonDocument::fromJson("[" + QByteArray::fromStdString(raw) + "]").array();
        const auto v = json.isEmpty() ? QJsonValue(QString::fromStdString(raw)) : json.first();
        QString text;
        if (v.isDouble())
            text = english.toString(v.toDouble(), 'f', v.toDouble() == std::floor(v.toDouble()) ? 0 : 3);
        else if (v.isString())
            text = v.toString();
        else if (v.isBool())
            text = v.toBool() ? QObject::tr("yes") : QObject::tr("no");
        else if (v.isArray()) {
            // A list of problems (files that failed): how many, and the first few by name.
            const auto items = v.toArray();
            QStringList names;
            for (int i = 0; i < items.size() && i < 3; ++i) {
                const auto o = items[i].toObject();
                names << (o.isEmpty() ? items[i].toVariant().toString()
                                      : o.value("file").toString() + ": " + o.value("reason").toString());
            }
            text = items.isEmpty() ? QObject::tr("none")
                                   : QString::number(items.size()) + " (" + names.join("; ") +
                                         (items.size() > 3 ? "; …" : "") + ")";
        }
        if (text.size() > 120) text = text.left(117) + "…";
        rows += "<tr><td>" + QString::fromStdString(key).replace('_', ' ').toHtmlEscaped() +
                "&nbsp;&nbsp;</td><td><b>" + breakableNumbers(text.toHtmlEscaped()) + "</b></td></tr>";
    }
    return "<table>" + rows + "</table>";
}

namespace {

std::vector<CoreLoadSample> loadSamples(const RunData& run) {
    std::vector<CoreLoadSample> out;
    for (const auto& sample : run.cpu) {
        if (!std::isfinite(sample.hostPercent)) continue; // older streams cannot tell the run from others
        CpuEvent e;
        e.cores.assign(sample.cores.begin(), sample.cores.end());
        e.workers = sample.workers;
        e.hostCpuPercent = sample.hostPercent;
        out.push_back(coreLoad(e));
    }
    return out;
}

} // namespace

double otherLoadCores(const RunData& run) {
    return averageOtherCores(loadSamples(run));
}

double runLoadCores(const RunData& run) {
    return averageRunCores(loadSamples(run));
}

QString runWorkKey(const RunData& run) {
    if (!run.started) return {};
    QStringList parts{QString::fromStdString(run.started->exercise)};
    for (const auto& [k, v] : run.started->params) // a std::map: always in the same order
        parts << QString::fromStdString(k + "=" + v);
    return parts.join(' ');
}

qint64 lostUpdates(const ResultEvent& result) {
    const auto it = result.checks.find("lost");
    if (it == result.checks.end()) return 0;
    return QString::fromStdString(it->second).remove('"').toLongLong();
}

RunSummary summariseRun(const RunData& run, std::optional<BaselineRun> baseline, int cores) {
    RunSummary out;
    const auto& r = *run.result;
    const double wall = run.finished ? run.finished->wallNs / 1e9 : 0;
    const QLocale english(QLocale::English);
    QString html = "<p style='font-size:130%'><b>" + QObject::tr("Result:") + "</b> " +
                   breakableNumbers(QString::fromStdString(r.value).toHtmlEscaped()) + "</p>";
    // An unlocked counter that lost updates is the lesson, but it is still a wrong answer: say so.
    const qint64 lost = lostUpdates(r);
    const bool wrong = !r.correct || lost > 0;
    if (lost > 0) {
        const auto expected = r.checks.count("expected")
                                  ? QString::fromStdString(r.checks.at("expected")).remove('"').toDouble()
                                  : 0.0;
        html += "<p style='color:#d55e00'><b>" +
                QObject::tr("Wrong: lost %1 of %2 updates.")
                    .arg(english.toString(double(lost) / 1e6, 'f', 1) + " M",
                         english.toString(expected / 1e6, 'f', 1) + " M") +
                "</b> " + QObject::tr("Workers overwrote each other's increments.") + "</p>";
    } else {
        html += r.correct
                    ? QString("<p>" + QObject::tr("Checked: correct.") + "</p>")
                    : QString("<p style='color:#d55e00'><b>" + QObject::tr("Wrong answer!") + "</b></p>");
    }
    html += checksHtml(r.checks);
    html += "<p>" + QObject::tr("Wall time: %1").arg(secondsText(wall)) + "</p>";
    auto& m = out.measures;
    m.seconds = wall;
    m.checks = r.checks;
    const double others = otherLoadCores(run);
    const bool busy =
        others >= kNoticeableOtherCores || (baseline && baseline->otherCores >= kNoticeableOtherCores);
    const bool sequential = run.started && run.started->backend == "sequential";
    if (sequential) {
        m.speedup = 1.0;
        m.efficiency = 100.0;
    } else if (run.started && baseline && wall > 0 && baseline->seconds > 0) {
        const bool sameWork =
            baseline->work == 0 || run.started->items == 0 || baseline->work == run.started->items;
        const double s =
            sameWork ? baseline->seconds / wall
                     : (double(run.started->items) / wall) / (double(baseline->work) / baseline->seconds);
        m.speedup = s;
        m.efficiency = 100.0 * s / run.started->workers;
        html += "<p>" + QObject::tr("Sequential baseline: %1").arg(secondsText(baseline->seconds)) +
                (sameWork ? QString() : QObject::tr(" (for 1 worker's share; compared per unit of work)")) +
                "</p>";
        QString line = QString::fromStdString(describeSpeedup(run.started->workers, cores, s, busy));
        if (wrong) line += QObject::tr(" (but the answer is wrong)");
        html += "<p style='font-size:120%'><b>" + line.toHtmlEscaped() + "</b></p>";
    }
    if (busy) {
        const double worst = std::max(others == others ? others : 0.0, baseline ? baseline->otherCores : 0.0);
        html += "<p style='color:#d55e00'>" +
                QObject::tr("The machine was busy: other programs used about %1 of the %2 cores while this "
                            "ran%3, so these figures understate what the code can do. Run again when the "
                            "machine is quiet.")
                    .arg(worst, 0, 'f', 1)
                    .arg(cores)
                    .arg(baseline && baseline->otherCores >= kNoticeableOtherCores
                             ? QObject::tr(" or its baseline ran")
                             : QString()) +
                "</p>";
    }
    out.html = html;
    return out;
}

RunSummary summariseSweep(std::size_t runs, double p, std::uint64_t best, double busyCoresBefore, int cores) {
    RunSummary out;
    QString html =
        "<p style='font-size:120%'><b>" + QObject::tr("Sweep finished: %1 runs.").arg(runs) + "</b></p>";
    if (p == p) // NaN when the sweep had a single worker count
        html += "<p>" +
                QString::fromStdString(describeParallelFraction(p, busyCoresBefore, cores)).toHtmlEscaped() +
                "</p>";
    if (best > 0)
        html +=
            "<p>" +
            QObject::tr("Fastest chunksize: %1.").arg(QLocale(QLocale::English).toString(qulonglong(best))) +
            "</p>";
    out.html = html;
    if (p == p) out.measures.parallelFraction = p * 100;
    if (best > 0) out.measures.bestChunksize = double(best);
    return out;
}

std::optional<CounterRunSummary> summariseCounter(const RunData& run, const RunMeasures& measures) {
    if (run.counters.empty() || !run.finished || !run.result || run.finished->wallNs <= 0)
        return std::nullopt;
    const auto& last = run.counters.back().counter;
    CounterRunSummary summary;
    summary.mode = QString::fromStdString(last.mode);
    summary.workers = run.started ? run.started->workers : 1;
    summary.incrementsPerSecond = double(last.increments) / (run.finished->wallNs / 1e9);
    summary.lost = qint64(last.increments) - last.value;
    summary.increments = qint64(last.increments);
    if (const auto lost = measureValue("check.lost", measures)) summary.lost = qint64(*lost);
    return summary;
}

} // namespace mpwb
