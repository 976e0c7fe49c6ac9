#include "exercise_catalogue.h"

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
        ExerciseDeclaration e{o["id"].toString(), o["title"].toString(), o["summary"].toString(), {}};
        for (const auto& p : o["parameters"].toArray()) {
            const auto q = p.toObject();
            e.parameters.push_back({q["name"].toString(), q["label"].toString(), q["help"].toString(),
                                    q["min"].toInteger(), q["max"].toInteger(), q["default"].toInteger()});
        }
        if (!e.id.isEmpty()) out.push_back(e);
    }
    return out;
}

std::optional<qint64> parseTypedInteger(const QString& text) {
    QString digits = text.trimmed();
    digits.remove('_').remove(',').remove(' ');
    bool ok = false;
    const auto v = digits.toLongLong(&ok);
    if (!ok) return std::nullopt;
    return v;
}

QString checkParameter(const ParameterDeclaration& p, const QString& text) {
    const QLocale locale(QLocale::English);
    const auto range =
        QObject::tr("allowed: %1 to %2").arg(locale.toString(p.minimum), locale.toString(p.maximum));
    const auto v = parseTypedInteger(text);
    if (!v) return QObject::tr("%1 must be a whole number (%2)").arg(p.label, range);
    if (*v < p.minimum || *v > p.maximum) return QObject::tr("%1 is out of range (%2)").arg(p.label, range);
    return {};
}

} // namespace mpwb
