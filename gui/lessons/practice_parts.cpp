// SPDX-License-Identifier: GPL-3.0-or-later
#include "practice_parts.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStringList>

namespace mpwb {

namespace {

const QString kHintLink = QStringLiteral("mpwb:practice/hint");
const QString kSolutionLink = QStringLiteral("mpwb:practice/solution");
const QString kAttemptLink = QStringLiteral("mpwb:practice/attempt");

QString tr(const char* text) {
    return QCoreApplication::translate("PracticeParts", text);
}

bool isFence(const QString& trimmed) {
    return trimmed.startsWith(QLatin1String("```"));
}

// The pieces of the Markdown in order: plain lines, hints, the solution and the starter, each kept whole.
struct Piece {
    enum Kind { Text, Hint, Solution, Starter } kind = Text;
    QStringList lines;
};

bool split(const QString& markdown, QVector<Piece>* pieces, QString* why) {
    const auto fail = [why](int line, const QString& text) {
        if (why) *why = QString("line %1 of the body: %2").arg(line).arg(text);
        return false;
    };
    const QStringList lines = markdown.split('\n');
    Piece* open = nullptr; // the ::: block or starter being read
    bool inCode = false;   // inside a ``` block, where ::: is only text
    int openedAt = 0, solutions = 0, starters = 0;
    for (int i = 0; i < lines.size(); ++i) {
        const QString& line = lines[i];
        const QString trimmed = line.trimmed();
        if (open && open->kind == Piece::Starter) {
            if (trimmed == QLatin1String("```")) {
                open = nullptr;
                continue;
            }
            open->lines << line;
            continue;
        }
        if (isFence(trimmed)) {
            const QString info = trimmed.mid(3).trimmed();
            if (!inCode && info == QLatin1String("python starter")) {
                if (open) return fail(i + 1, "a starter cannot sit inside a ::: block");
                if (++starters > 1) return fail(i + 1, "a lesson has at most one starter");
                pieces->append(Piece{Piece::Starter, {}});
                open = &pieces->last();
                openedAt = i + 1;
                continue;
            }
            inCode = !inCode;
        } else if (!inCode && trimmed.startsWith(QLatin1String(":::"))) {
            const QString kind = trimmed.mid(3).trimmed();
            if (kind.isEmpty()) {
                if (!open) return fail(i + 1, "this ::: closes no block");
                open = nullptr;
                continue;
            }
            if (open)
                return fail(i + 1, QString("a ::: block inside the one opened on line %1").arg(openedAt));
            if (kind == QLatin1String("hint"))
                pieces->append(Piece{Piece::Hint, {}});
            else if (kind == QLatin1String("solution")) {
                if (++solutions > 1) return fail(i + 1, "a lesson has at most one solution");
                pieces->append(Piece{Piece::Solution, {}});
            } else
                return fail(i + 1,
                            QString("\"::: %1\": a block is \"::: hint\" or \"::: solution\"").arg(kind));
            open = &pieces->last();
            openedAt = i + 1;
            continue;
        }
        if (open)
            open->lines << line;
        else {
            if (pieces->isEmpty() || pieces->last().kind != Piece::Text)
                pieces->append(Piece{Piece::Text, {}});
            pieces->last().lines << line;
        }
    }
    if (open) return fail(openedAt, "this block is never closed");
    return true;
}

} // namespace

bool readPracticeParts(const QString& markdown, PracticeParts* parts, QString* why) {
    QVector<Piece> pieces;
    if (!split(markdown, &pieces, why)) return false;
    *parts = {};
    for (const auto& piece : pieces) {
        if (piece.kind == Piece::Hint) ++parts->hints;
        if (piece.kind == Piece::Solution) parts->solution = true;
        if (piece.kind == Piece::Starter) parts->starter = piece.lines.join('\n') + '\n';
    }
    return true;
}

QString withPracticeShown(const QString& markdown, const PracticeShown& shown) {
    QVector<Piece> pieces;
    if (!split(markdown, &pieces, nullptr)) return markdown; // the catalogue refuses such a lesson first
    int hints = 0;
    for (const auto& piece : pieces)
        hints += piece.kind == Piece::Hint;
    QStringList out;
    int hint = 0;
    for (const auto& piece : pieces) {
        switch (piece.kind) {
        case Piece::Text:
            out << piece.lines;
            break;
        case Piece::Hint:
            ++hint;
            if (hint <= shown.hints) {
                // The number leads the hint's first paragraph, so the hints read as a list once open.
                QStringList lines = piece.lines;
                while (!lines.isEmpty() && lines.first().trimmed().isEmpty())
                    lines.removeFirst();
                const QString label = QString("*%1*").arg(tr("Hint %1 of %2.").arg(hint).arg(hints));
                if (lines.isEmpty())
                    lines << label;
                else
                    lines.first() = label + ' ' + lines.first();
                out << QString() << lines << QString();
            } else if (hint == shown.hints + 1) {
                out << QString()
                    << QString("[%1](%2)").arg(tr("Show hint %1 of %2").arg(hint).arg(hints), kHintLink)
                    << QString();
            }
            break;
        case Piece::Solution:
            if (shown.solution)
                out << piece.lines;
            else
                out << QString()
                    << QString("[%1](%2) %3")
                           .arg(tr("Show the solution"), kSolutionLink,
                                tr("(it stays hidden until you ask: try the task first, with the hints "
                                   "above if you need them)"))
                    << QString();
            break;
        case Piece::Starter:
            // Still tagged as the starter: it is highlighted as Python, but gets no "Run in the workbench"
            // link of its own, since it stops at its first TODO.
            out << QStringLiteral("```python starter") << piece.lines << QStringLiteral("```") << QString()
                << QString("[%1](%2)")
                       .arg(tr("Start my attempt: save this starter as my own file and open it"),
                            kAttemptLink)
                << QString();
            break;
        }
    }
    return out.join('\n');
}

PracticeLink practiceLink(const QUrl& url) {
    const QString link = url.toString();
    if (link == kHintLink) return PracticeLink::NextHint;
    if (link == kSolutionLink) return PracticeLink::Solution;
    if (link == kAttemptLink) return PracticeLink::Attempt;
    return PracticeLink::None;
}

QString describePracticeLink(PracticeLink link) {
    switch (link) {
    case PracticeLink::NextHint:
        return tr("Opens the next hint; the ones after it stay closed");
    case PracticeLink::Solution:
        return tr("Shows the whole solution");
    case PracticeLink::Attempt:
        return tr("Saves the starter as your own .py file (never over one you already have) and opens it on "
                  "the Python page; nothing runs until you press Run");
    case PracticeLink::None:
        break;
    }
    return {};
}

QString saveAttempt(const QString& lesson, const QString& starter, QString* why) {
    QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (documents.isEmpty()) documents = QDir::homePath();
    const QDir dir(documents + QStringLiteral("/MP Workbench/attempts"));
    if (!dir.mkpath(QStringLiteral("."))) {
        if (why) *why = tr("The folder %1 could not be made.").arg(QDir::toNativeSeparators(dir.path()));
        return {};
    }
    // "10-practice-parallel-sum" becomes practice_parallel_sum.py: a name Python could also import.
    QString stem = lesson.section('-', 1);
    stem.replace('-', '_');
    QString path = dir.filePath((stem.isEmpty() ? lesson : stem) + QStringLiteral(".py"));
    if (QFileInfo::exists(path)) return path; // the student's work: never replaced
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(starter.toUtf8()) < 0 || !file.commit()) {
        if (why)
            *why = tr("Your attempt could not be saved as %1: %2")
                       .arg(QDir::toNativeSeparators(path), file.errorString());
        return {};
    }
    return path;
}

} // namespace mpwb
