// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_examples.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <algorithm>

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("PythonExamples", text);
}

struct KnownExample {
    const char* name;
    const char* exercise;
    const char* title;
    // The script's positional arguments, in its usage line's order, as the form's option names.
    QStringList order;
};

// In course order (lessons 10 to 13), so the list reads like the navigator.
const QVector<KnownExample>& knownExamples() {
    static const QVector<KnownExample> known{
        {"sum_squares",
         "sum-squares",
         QT_TRANSLATE_NOOP("PythonExamples", "Sum of squares (a pool of processes)"),
         {"n", "block", "workers", "chunksize"}},
        {"image_filter",
         "image-filter",
         QT_TRANSLATE_NOOP("PythonExamples", "Image filter (a pool over pictures)"),
         {"samples", "size", "radius", "workers", "chunksize"}},
        {"pipeline",
         "pipeline",
         QT_TRANSLATE_NOOP("PythonExamples", "Pipeline (processes joined by queues)"),
         {"items", "workers", "bound", "produce-us", "work-us", "collect-us"}},
        {"shared_counter",
         "shared-counter",
         QT_TRANSLATE_NOOP("PythonExamples", "Shared counter (a Value, with and without its lock)"),
         {"workers", "increments"}},
    };
    return known;
}

} // namespace

QString examplesFolder(QString* why) {
    QStringList tried;
    const auto fromEnv = qEnvironmentVariable("MPWB_EXAMPLES");
    if (!fromEnv.isEmpty()) {
        if (QFileInfo(fromEnv).isDir()) return QFileInfo(fromEnv).absoluteFilePath();
        tried << fromEnv + tr(" ($MPWB_EXAMPLES)");
    }
    // From /proc, as the engine host finds mpwb-run: bin/ and share/ are siblings in a build tree and when
    // installed alike.
    const QFileInfo self(QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget());
    auto beside = QDir::cleanPath(self.dir().filePath(QStringLiteral("../share/mpwb/examples")));
    if (QFileInfo(beside).isDir()) return beside;
    tried << beside;
    if (why) *why = tr("The example scripts were not found; looked in %1.").arg(tried.join(tr(" and ")));
    return {};
}

QVector<PythonExample> pythonExamples() {
    const auto folder = examplesFolder();
    if (folder.isEmpty()) return {};
    QVector<PythonExample> examples;
    const auto files = QDir(folder).entryInfoList({QStringLiteral("*.py")}, QDir::Files, QDir::Name);
    for (const auto& file : files) {
        PythonExample e{file.completeBaseName(), file.completeBaseName(), {}, file.absoluteFilePath()};
        for (const auto& k : knownExamples())
            if (e.name == QLatin1String(k.name)) {
                e.title = QCoreApplication::translate("PythonExamples", k.title);
                e.exercise = QString::fromLatin1(k.exercise);
            }
        examples << e;
    }
    const auto rank = [](const PythonExample& e) {
        const auto& known = knownExamples();
        const auto it = std::find_if(known.begin(), known.end(),
                                     [&](const KnownExample& k) { return e.name == QLatin1String(k.name); });
        return int(it - known.begin()); // unknown ones after the exercises, by name
    };
    std::stable_sort(examples.begin(), examples.end(),
                     [&](const PythonExample& a, const PythonExample& b) { return rank(a) < rank(b); });
    return examples;
}

PythonExample findPythonExample(const QString& nameOrExercise) {
    for (const auto& e : pythonExamples())
        if (e.name == nameOrExercise || (!e.exercise.isEmpty() && e.exercise == nameOrExercise)) return e;
    return {};
}

QStringList pythonArgumentsFor(const QString& exercise, const QStringList& runArguments) {
    QHash<QString, QString> given;
    for (qsizetype i = 0; i + 1 < runArguments.size(); ++i)
        if (runArguments[i].startsWith(QLatin1String("--")))
            given[runArguments[i].mid(2)] = runArguments[i + 1];
    QStringList args;
    for (const auto& k : knownExamples()) {
        if (exercise != QLatin1String(k.exercise)) continue;
        for (const auto& option : k.order) {
            auto value = given.value(option);
            // The engine's auto block is max(1000, N / 100,000); the script has no "auto", so say it in
            // numbers.
            if (option == QLatin1String("block") && value == QLatin1String("0"))
                value = QString::number(std::max<qulonglong>(1000, given.value("n").toULongLong() / 100'000));
            bool number = false;
            value.toULongLong(&number);
            if (!number) break; // "auto", or not given: this and the rest keep the script's defaults
            args << value;
        }
    }
    return args;
}

} // namespace mpwb
