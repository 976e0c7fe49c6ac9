// SPDX-License-Identifier: GPL-3.0-or-later
#include "prediction.h"

#include <QLocale>
#include <cmath>

namespace mpwb {

QString formatMeasure(const QString& measure, const QString& unit, double value) {
    const QLocale english(QLocale::English);
    QString number;
    if (measure == "best-chunksize" || measure.startsWith("check."))
        number = english.toString(qlonglong(std::llround(value)));
    else if (measure == "efficiency" || measure == "parallel-fraction")
        number = QString::number(value, 'f', 0);
    else if (measureIsShare(measure)) // a small share needs its decimal: 0.8% is not 1%
        number = QString::number(value, 'f', std::abs(value) < 10 ? 1 : 0);
    else if (measure == "cpu-cores")
        number = QString::number(value, 'f', 1);
    else if (measure.endsWith("-ratio"))
        number = QString::number(value, 'f', std::abs(value) < 10 ? 2 : 1);
    else if (measure == "seconds")
        number = QString::number(value, 'f', value < 10 ? 2 : 1);
    else
        number = QString::number(value, 'f', 2);
    if (unit.isEmpty()) return number;
    // Units that hug the number ("1.8×", "35%") against units that are words ("0.41 s").
    if (unit == "×" || unit == "%") return number + unit;
    return number + ' ' + unit;
}

QString describePrediction(const Prediction& p, double guess, double measured) {
    const QString g = formatMeasure(p.measure, p.unit, guess);
    const QString m = formatMeasure(p.measure, p.unit, measured);
    QString verdict;
    if (p.measure == "best-chunksize") {
        // Chunksizes span powers of ten, so closeness is a matter of ratio, not difference.
        const double decades = std::abs(std::log10(std::max(guess, 1.0) / std::max(measured, 1.0)));
        verdict = decades < 0.5   ? QObject::tr("Right on: the same order of magnitude.")
                  : decades < 1.5 ? QObject::tr("Close: within a factor of about ten.")
                                  : QObject::tr("Off by a factor of %1 or more.")
                                        .arg(std::pow(10, std::floor(decades)), 0, 'f', 0);
    } else if (measureIsShare(p.measure)) {
        // A share is judged in percentage points: 3% against 1.5% is close, though it is twice as much.
        const double points = guess - measured;
        if (std::abs(points) <= kSharePoints)
            verdict =
                QObject::tr("Right on: within %1 percentage points of the measurement.").arg(kSharePoints);
        else
            verdict = QObject::tr("Your guess was %1 percentage points %2 than the measurement.")
                          .arg(std::abs(points), 0, 'f', 0)
                          .arg(points > 0 ? QObject::tr("higher") : QObject::tr("lower"));
    } else if (std::abs(measured) < 1e-9) {
        // A relative error means nothing when the answer is zero (no updates lost, nothing missing).
        verdict = std::abs(guess) < 1e-9 ? QObject::tr("Right on: exactly zero.")
                                         : QObject::tr("The answer was zero; you guessed %1.").arg(g);
    } else {
        const double scale = std::abs(measured);
        const double off = (guess - measured) / scale;
        if (std::abs(off) <= 0.1)
            verdict = QObject::tr("Right on: within 10% of the measurement.");
        else
            verdict = QObject::tr("Your guess was %1% %2 than the measurement.")
                          .arg(std::abs(off) * 100, 0, 'f', 0)
                          .arg(off > 0 ? QObject::tr("higher") : QObject::tr("lower"));
    }
    return QString("<p><b>%1</b></p><p style='font-size:120%'>%2 <b>%3</b> &nbsp;·&nbsp; %4 "
                   "<b>%5</b></p><p>%6</p><p>%7</p>")
        .arg(p.ask.toHtmlEscaped(), QObject::tr("You predicted"), g.toHtmlEscaped(), QObject::tr("measured"),
             m.toHtmlEscaped(), verdict.toHtmlEscaped(), p.explain.toHtmlEscaped());
}

} // namespace mpwb
