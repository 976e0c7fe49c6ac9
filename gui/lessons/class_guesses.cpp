// SPDX-License-Identifier: GPL-3.0-or-later
#include "class_guesses.h"

#include <QLocale>
#include <QMap>
#include <QObject>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

#include "prediction.h"

namespace mpwb {

namespace {

// "1.8×", "1.8x" and "1.8" are one guess when the prediction is a speedup; "35%" when it is a percentage.
QString withoutUnit(QString token, const QString& unit) {
    if (unit.isEmpty()) return token;
    if (unit == QString::fromUtf8("×") && (token.endsWith('x') || token.endsWith('X')))
        return token.chopped(1);
    if (token.endsWith(unit, Qt::CaseInsensitive)) return token.chopped(unit.size());
    return token;
}

bool isUnitAlone(const QString& token, const QString& unit) {
    return !unit.isEmpty() && !token.isEmpty() && withoutUnit(token, unit).isEmpty();
}

} // namespace

GuessList parseGuessList(const QString& text, const QString& unit) {
    static const QRegularExpression separators("[\\s;]+");
    // Commas separate guesses, so a comma between digits with nothing else around it is someone's
    // thousands separator ("10,000") or decimal comma ("1,5"): asking beats guessing which.
    static const QRegularExpression thousands("^\\d{1,3}(,\\d{3})+$");
    static const QRegularExpression decimalComma("^\\d+,\\d+$");
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::RejectGroupSeparator);
    GuessList list;
    auto refuse = [&list](const QString& why) {
        list.values.clear();
        list.problem = why;
        return list;
    };
    const auto chunks = text.split(separators, Qt::SkipEmptyParts);
    for (const QString& chunk : chunks) {
        const QString bare = withoutUnit(chunk, unit);
        if (thousands.match(bare).hasMatch())
            return refuse(QObject::tr("“%1”: commas separate guesses, so write %2 without the comma.")
                              .arg(chunk, QString(bare).remove(',')));
        if (decimalComma.match(bare).hasMatch())
            return refuse(QObject::tr("“%1” could be one guess or two: write %2 for one, or “%3” for two.")
                              .arg(chunk, QString(bare).replace(',', '.'), QString(bare).replace(',', ", ")));
        for (const QString& token : chunk.split(',', Qt::SkipEmptyParts)) {
            if (isUnitAlone(token, unit)) continue; // "1.8 ×": the unit after a space
            bool ok = false;
            const double value = c.toDouble(withoutUnit(token, unit), &ok);
            const int which = int(list.values.size()) + 1;
            if (!ok || !std::isfinite(value))
                return refuse(QObject::tr("Guess %1, “%2”, is not a number.").arg(which).arg(token));
            if (value < 0)
                return refuse(QObject::tr("Guess %1, “%2”, is below zero; the answer cannot be.")
                                  .arg(which)
                                  .arg(token));
            list.values << value;
            if (list.values.size() > kMaxClassGuesses)
                return refuse(
                    QObject::tr("More than %1 guesses: keep one per student.").arg(kMaxClassGuesses));
        }
    }
    return list;
}

QString guessListHint(const QString& unit) {
    const QString example = unit == QString::fromUtf8("×") ? QStringLiteral("1.5, 2, 1.8×, 3")
                            : unit == QStringLiteral("%")  ? QStringLiteral("40, 55%, 70")
                                                           : QStringLiteral("1.5, 2, 1.8, 3");
    return QObject::tr(
               "Numbers of zero or more with a decimal point, separated by commas, spaces or new lines "
               "(e.g. %1).")
        .arg(example);
}

double median(QVector<double> values) {
    if (values.isEmpty()) return std::nan("");
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

bool guessIsClose(const QString& measure, double guess, double measured) {
    if (measure == "best-chunksize")
        return std::abs(std::log10(std::max(guess, 1.0) / std::max(measured, 1.0))) < 0.5;
    if (measureIsShare(measure)) return std::abs(guess - measured) <= kSharePoints;
    if (std::abs(measured) < 1e-9) return std::abs(guess) < 1e-9;
    return std::abs(guess - measured) / std::abs(measured) <= 0.1;
}

QString closenessWords(const QString& measure, double measured) {
    if (measure == "best-chunksize") return QObject::tr("within the same order of magnitude");
    if (measureIsShare(measure)) return QObject::tr("within %1 percentage points").arg(kSharePoints);
    if (std::abs(measured) < 1e-9) return QObject::tr("guessed exactly zero");
    return QObject::tr("within 10%");
}

GuessSpread summariseGuesses(const QString& measure, const QVector<double>& guesses, double measured) {
    GuessSpread s;
    s.count = int(guesses.size());
    if (guesses.isEmpty()) return s;
    s.median = median(guesses);
    const auto [low, high] = std::minmax_element(guesses.begin(), guesses.end());
    s.lowest = *low;
    s.highest = *high;
    s.close = int(std::count_if(guesses.begin(), guesses.end(),
                                [&](double g) { return guessIsClose(measure, g, measured); }));
    return s;
}

QString describeGuessSpread(const Prediction& p, const QVector<double>& guesses, double measured) {
    const auto s = summariseGuesses(p.measure, guesses, measured);
    const QString howMany = s.count == 1 ? QObject::tr("1 guess") : QObject::tr("%1 guesses").arg(s.count);
    return QObject::tr("%1, median %2; measured %3; %4 of %5 %6.")
        .arg(howMany, formatMeasure(p.measure, p.unit, s.median), formatMeasure(p.measure, p.unit, measured))
        .arg(s.close)
        .arg(s.count)
        .arg(closenessWords(p.measure, measured));
}

QString describeGuessesPending(const Prediction& p, const QVector<double>& guesses) {
    const auto s = summariseGuesses(p.measure, guesses, 0);
    const QString median = formatMeasure(p.measure, p.unit, s.median);
    if (s.count == 1) return QObject::tr("1 guess from the class: %1.").arg(median);
    return QObject::tr("%1 guesses from the class, median %2 (%3 to %4).")
        .arg(QString::number(s.count), median, formatMeasure(p.measure, p.unit, s.lowest),
             formatMeasure(p.measure, p.unit, s.highest));
}

QString describeClassPrediction(const Prediction& p, const QVector<double>& guesses, double measured) {
    return QString("<p><b>%1</b></p><p style='font-size:120%'>%2</p><p>%3</p>")
        .arg(p.ask.toHtmlEscaped(), describeGuessSpread(p, guesses, measured).toHtmlEscaped(),
             p.explain.toHtmlEscaped());
}

QVector<StackedDot> stackGuesses(const Prediction& p, const QVector<double>& guesses) {
    QMap<QString, StackedDot> tops; // per value as read, the highest dot so far
    QVector<StackedDot> dots;
    for (double g : guesses) {
        const QString key = formatMeasure(p.measure, p.unit, g);
        auto it = tops.find(key);
        if (it == tops.end())
            it = tops.insert(key, StackedDot{g, 1});
        else
            ++it->level;
        dots << *it;
    }
    return dots;
}

} // namespace mpwb
