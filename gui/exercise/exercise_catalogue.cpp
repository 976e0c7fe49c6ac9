// SPDX-License-Identifier: GPL-3.0-or-later
#include "exercise_catalogue.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace mpwb {

QVector<ExerciseDeclaration> parseExerciseList(const QByteArray& json, QString* why) {
    QJsonParseError error{};
    const auto doc = QJsonDocument::fromJson(json, &error);
    QVector<ExerciseDeclaration> out;
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        if (why) *why = QObject::tr("the exercise list is not valid JSON: %1").arg(error.errorString());
        return out;
    }
    for (const auto& value : doc.object()["exercises"].toArray()) {
        const auto o = value.toObject();
        ExerciseDeclaration e;
        e.id = o["id"].toString();
        e.title = o["title"].toString();
        e.summary = o["summary"].toString();
        for (const auto& p : o["parameters"].toArray()) {
            const auto q = p.toObject();
            ParameterDeclaration d;
            d.name = q["name"].toString();
            d.label = q["label"].toString();
            d.help = q["help"].toString();
            const auto kind = q["kind"].toString("integer");
            d.kind = kind == "choice"   ? ParameterDeclaration::Kind::Choice
                     : kind == "folder" ? ParameterDeclaration::Kind::Folder
                                        : ParameterDeclaration::Kind::Integer;
            if (d.kind == ParameterDeclaration::Kind::Integer) {
                d.minimum = q["min"].toInteger();
                d.maximum = q["max"].toInteger();
                d.defaultValue = q["default"].toInteger();
            } else {
                d.defaultText = q["default"].toString();
            }
            for (const auto& c : q["choices"].toArray())
                d.choices << c.toString();
            d.mustExist = q["must_exist"].toBool();
            e.parameters.push_back(d);
        }
        // Older engines do not say; then every backend and start method is offered.
        if (o.contains("backends")) {
            e.backends.clear();
            for (const auto& b : o["backends"].toArray())
                e.backends << b.toString();
        }
        if (o.contains("start_methods")) {
            e.startMethods.clear();
            for (const auto& m : o["start_methods"].toArray())
                e.startMethods << m.toString();
        }
        e.usesChunksize = o["chunksize"].toBool(true);
        e.defaultWorkers = o["default_workers"].toInt(0);
        e.defaultStallTimeoutMs = o["default_stall_timeout_ms"].toInteger(e.defaultStallTimeoutMs);
        e.pythonSweep = o["python_sweep"].toBool(false);
        if (!e.id.isEmpty()) out.push_back(e);
    }
    return out;
}

std::optional<qint64> parseTypedInteger(const QString& text) {
    // One number, as the form shows it (10,000,000) or as Python writes it (10_000_000): '_' only between
    // two digits, and a ',' or space only before a group of exactly three digits. So "2,4" or "10,0" (a list,
    // or a slip) is refused rather than read as 24 or 100.
    const auto t = text.trimmed();
    QString digits;
    const auto isDigit = [&t](int i) { return i >= 0 && i < t.size() && t[i].isDigit(); };
    for (int i = 0; i < t.size(); ++i) {
        const QChar c = t[i];
        if (c.isDigit() || ((c == '-' || c == '+') && i == 0)) {
            digits += c;
        } else if (c == '_') {
            if (!isDigit(i - 1) || !isDigit(i + 1)) return std::nullopt;
        } else if (c == ',' || c == ' ') {
            int group = 0;
            for (int j = i + 1; j < t.size() && t[j] != ',' && t[j] != ' '; ++j) {
                if (!t[j].isDigit() && t[j] != '_') return std::nullopt;
                group += t[j].isDigit() ? 1 : 0;
            }
            if (!isDigit(i - 1) || !isDigit(i + 1) || group != 3) return std::nullopt;
        } else {
            return std::nullopt;
        }
    }
    bool ok = false;
    const auto v = digits.toLongLong(&ok);
    if (!ok) return std::nullopt;
    return v;
}

QString checkParameter(const ParameterDeclaration& p, const QString& text) {
    if (p.kind == ParameterDeclaration::Kind::Choice)
        return p.choices.contains(text)
                   ? QString()
                   : QObject::tr("%1 must be one of %2").arg(p.label, p.choices.join(", "));
    if (p.kind == ParameterDeclaration::Kind::Folder) {
        if (!p.mustExist || text.trimmed().isEmpty()) return {};
        const QFileInfo info(text.trimmed());
        if (!info.exists()) return QObject::tr("the folder %1 does not exist").arg(text.trimmed());
        if (!info.isDir()) return QObject::tr("%1 is a file, not a folder").arg(text.trimmed());
        return {};
    }
    const QLocale locale(QLocale::English);
    const auto range =
        QObject::tr("allowed: %1 to %2").arg(locale.toString(p.minimum), locale.toString(p.maximum));
    const auto v = parseTypedInteger(text);
    if (!v) return QObject::tr("%1 must be a whole number (%2)").arg(p.label, range);
    if (*v < p.minimum || *v > p.maximum) return QObject::tr("%1 is out of range (%2)").arg(p.label, range);
    return {};
}

} // namespace mpwb
