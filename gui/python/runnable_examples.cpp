// SPDX-License-Identifier: GPL-3.0-or-later
#include "runnable_examples.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace mpwb {
namespace {

const QString kLinkPrefix = QStringLiteral("python/lesson-example/");

} // namespace

bool isWholeProgram(const QString& code) {
    static const QRegularExpression placeholder(QStringLiteral(R"(^\s*(\.\.\.|>>>|#\s*\.\.\.)\s*)"),
                                                QRegularExpression::MultilineOption);
    static const QRegularExpression guard(QStringLiteral(R"(^if\s+__name__\s*==\s*['"]__main__['"]\s*:)"),
                                          QRegularExpression::MultilineOption);
    static const QRegularExpression startsProcesses(
        QStringLiteral(R"(\b(Process|Pool|ProcessPoolExecutor|Manager)\s*\()"));
    if (code.trimmed().isEmpty() || placeholder.match(code).hasMatch()) return false;
    return guard.match(code).hasMatch() || !startsProcesses.match(code).hasMatch();
}

QString withRunLinks(const QString& markdown, QStringList* programs) {
    const auto label = QCoreApplication::translate("RunnableExamples", "▶ Run in the workbench");
    QStringList out;
    QString code;
    bool inPython = false, inOther = false;
    for (const auto& line : markdown.split('\n')) {
        const auto trimmed = line.trimmed();
        out << line;
        if (inPython) {
            if (trimmed == QLatin1String("```")) {
                inPython = false;
                if (isWholeProgram(code)) {
                    out << QString()
                        << QStringLiteral("[%1](mpwb:%2%3)").arg(label, kLinkPrefix).arg(programs->size())
                        << QString();
                    programs->append(code);
                }
            } else {
                code += line + '\n';
            }
        } else if (inOther) {
            inOther = trimmed != QLatin1String("```");
        } else if (trimmed.startsWith(QLatin1String("```"))) {
            const auto language = trimmed.mid(3).trimmed();
            inPython = language == QLatin1String("python") || language == QLatin1String("py");
            inOther = !inPython;
            code.clear();
        }
    }
    return out.join('\n');
}

int lessonExampleIndex(const QUrl& url) {
    if (url.scheme() != QLatin1String("mpwb") || !url.path().startsWith(kLinkPrefix)) return -1;
    bool ok = false;
    const int n = url.path().mid(kLinkPrefix.size()).toInt(&ok);
    return ok && n >= 0 ? n : -1;
}

QString saveLessonExample(const QString& code, QString* why) {
    const QDir dir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                   QStringLiteral("/lesson-examples"));
    if (!dir.mkpath(QStringLiteral("."))) {
        if (why)
            *why = QCoreApplication::translate("RunnableExamples", "The folder %1 could not be made.")
                       .arg(dir.path());
        return {};
    }
    const auto bytes = code.toUtf8();
    const auto hash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex().left(12);
    auto path = dir.filePath(QStringLiteral("example-%1.py").arg(QString::fromLatin1(hash)));
    QSaveFile file(path); // whole or not at all: a full disk leaves no half script to run
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (why)
            *why = QCoreApplication::translate("RunnableExamples", "%1 could not be written: %2")
                       .arg(path, file.errorString());
        return {};
    }
    return path;
}

QUrl pythonFileLink(const QString& path, bool run, const QString& view) {
    QUrl link(QStringLiteral("mpwb:python"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("file"), path);
    query.addQueryItem(QStringLiteral("action"), run ? QStringLiteral("run") : QStringLiteral("open"));
    if (!view.isEmpty()) query.addQueryItem(QStringLiteral("view"), view);
    link.setQuery(query);
    return link;
}

} // namespace mpwb
