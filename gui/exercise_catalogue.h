#pragma once
// The exercises as the engine declares them (from "mpwb-run list --json"), so a new exercise needs no new
// GUI code: its page is built from these declarations.

#include <QByteArray>
#include <QString>
#include <QVector>
#include <optional>

namespace mpwb {

struct ParameterDeclaration {
    QString name, label, help;
    qint64 minimum = 0, maximum = 0, defaultValue = 0;
};

struct ExerciseDeclaration {
    QString id, title, summary;
    QVector<ParameterDeclaration> parameters;
};

// Throws nothing: returns an empty list and sets *why on malformed input.
QVector<ExerciseDeclaration> parseExerciseList(const QByteArray& json, QString* why);

// Parses what a person typed into a whole number: digits with optional _ or , separators.
std::optional<qint64> parseTypedInteger(const QString& text);

// "Must be between 1 and 1,000,000,000,000" when out of range or not a number; empty when fine.
QString checkParameter(const ParameterDeclaration& p, const QString& text);

} // namespace mpwb
