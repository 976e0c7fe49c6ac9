// SPDX-License-Identifier: GPL-3.0-or-later
#include "script_request.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("ScriptRequest", text);
}

} // namespace

QStringList ScriptRequest::runnerOptions() const {
    QStringList options;
    if (!python.isEmpty()) options << "--python" << python;
    if (!startMethod.isEmpty()) options << "--start" << startMethod;
    return options;
}

QString ScriptRequest::shownCommand() const {
    QStringList words{shellQuoted(python.isEmpty() ? QStringLiteral("python3") : python),
                      shellQuoted(QFileInfo(script).fileName())};
    for (const auto& a : args)
        words << shellQuoted(a);
    return words.join(' ');
}

std::optional<QStringList> splitArguments(const QString& line, QString* why) {
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == '\'' || c == '"') {
            const qsizetype open = i;
            inWord = true;
            for (++i; i < line.size() && line[i] != c; ++i) {
                // Inside double quotes a backslash only protects a quote or another backslash.
                if (c == '"' && line[i] == '\\' && i + 1 < line.size() &&
                    (line[i + 1] == '"' || line[i + 1] == '\\'))
                    ++i;
                word += line[i];
            }
            if (i >= line.size()) {
                if (why)
                    *why =
                        tr("The quote %1 at character %2 is never closed: add the closing %1, or remove it.")
                            .arg(c)
                            .arg(open + 1);
                return std::nullopt;
            }
        } else if (c == '\\') {
            if (i + 1 >= line.size()) {
                if (why)
                    *why = tr("The arguments end with a lone backslash: remove it, or put it in quotes.");
                return std::nullopt;
            }
            word += line[++i];
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord) words << word;
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) words << word;
    return words;
}

QString shellQuoted(const QString& word) {
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./=:,+@%-]+$"));
    if (plain.match(word).hasMatch()) return word;
    auto inner = word;
    inner.replace('\'', QStringLiteral("'\\''"));
    return '\'' + inner + '\'';
}

QString scriptProblem(const QString& path) {
    if (path.trimmed().isEmpty()) return tr("No script is chosen: open a .py file, or pick an example.");
    const QFileInfo info(path);
    if (!info.exists()) return tr("There is no file %1: it may have been moved or deleted.").arg(path);
    if (info.isDir()) return tr("%1 is a folder: choose a .py file inside it.").arg(path);
    if (info.suffix().compare("py", Qt::CaseInsensitive) != 0)
        return tr("%1 is not a Python script: the workbench runs .py files.").arg(info.fileName());
    if (!info.isReadable()) return tr("%1 cannot be read: check its permissions.").arg(path);
    return {};
}

QStringList pythonInterpretersOnPath() {
    static const QRegularExpression name(QStringLiteral("^python3(\\.(\\d+)(t?))?$"));
    QStringList found;
    QSet<QString> seen;
    for (const auto& dir : qEnvironmentVariable("PATH").split(':', Qt::SkipEmptyParts)) {
        const auto entries = QDir(dir).entryInfoList(QDir::Files | QDir::Executable);
        for (const auto& entry : entries) {
            if (!name.match(entry.fileName()).hasMatch() || seen.contains(entry.fileName())) continue;
            seen.insert(entry.fileName());
            found << entry.fileName();
        }
    }
    // python3 first (what "python3" means here), then the newest minor versions, a free-threaded build just
    // after its version's ordinary one.
    std::sort(found.begin(), found.end(), [](const QString& a, const QString& b) {
        const auto ma = name.match(a), mb = name.match(b);
        const int va = ma.captured(2).isEmpty() ? 1000 : ma.captured(2).toInt();
        const int vb = mb.captured(2).isEmpty() ? 1000 : mb.captured(2).toInt();
        if (va != vb) return va > vb;
        return ma.captured(3) < mb.captured(3);
    });
    return found;
}

} // namespace mpwb
