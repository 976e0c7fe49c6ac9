// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A lesson as plain values, parsed from its Markdown file (format: docs/LESSONS.md): the text to show, the
// Python examples, the prediction to make before a run and the quiz. Pure: no widgets, no files.

#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>
#include <optional>

#include "practice_parts.h"

namespace mpwb {

// Where an "mpwb:" link leads: an exercise with preset fields (and maybe an action), another lesson, or one
// of this lesson's Python programs on the Python page (its number among the programs that get a "Run in the
// workbench" link, counted from 0: mpwb:python/lesson-example/N), with an action and a view only.
struct LessonLink {
    enum class Kind { Exercise, Lesson, Example };
    enum class Action { Open, Run, Sweep, Compare };
    Kind kind = Kind::Exercise;
    QString target; // exercise or lesson id, or the example's number
    Action action = Action::Open;
    QHash<QString, QString> preset; // form fields: backend, start, workers, chunksize, exercise parameters
    QString sweepWorkers, sweepChunksizes;
    QString backends;          // action=compare: the backends to compare, comma-separated; empty: all
    QString view;              // view=kitchen, timeline, ...: the view brought to the front (linkViews())
    QString part;              // for a lesson: "predict" or "quiz" from a #fragment, to open it at that part
    int repeats = 0;           // 0: the sweep's default
    bool sweepCPython = false; // cpython=1: the sweep is followed by CPython's sweep of the same work
};

// The views a link can bring to the front with view=KEY: each view's title as a key ("Worker CPU" is
// worker-cpu). A view that only some runs have (queues, counter, files) comes to the front when it appears.
const QStringList& linkViews();
QString viewKey(const QString& title);

// Parses "mpwb:exercise/ID?k=v&...", "mpwb:lesson/ID" or "mpwb:python/lesson-example/N?action=..&view=..";
// nullopt (with *why) for anything else.
std::optional<LessonLink> parseLessonLink(const QUrl& url, QString* why = nullptr);

// Whether following the link starts something at once (a run, a sweep, a comparison) rather than only
// opening a page: such links are marked with kStartsMark, so a reader knows before clicking.
bool linkStartsWork(const LessonLink& link);
inline constexpr QChar kStartsMark = QChar(0x25B6); // ▶
// The lesson's Markdown with every link that starts work marked at the front of its label.
QString withStartMarks(const QString& markdown);
// One sentence for a link's tooltip: what it opens, and whether it starts at once or waits for Run.
QString describeLink(const LessonLink& link);

struct Prediction {
    QString ask, measure, unit, explain;
    QUrl run;
};

struct QuizOption {
    QString text, explanation;
    bool right = false;
};

struct QuizQuestion {
    QString ask;
    QString code;                // a program to read with the question ("spot the bug"), or empty
    QVector<QuizOption> options; // empty for a numeric question
    std::optional<double> numericAnswer;
    double tolerance = 0;
    QString numericExplanation;

    bool isNumeric() const { return numericAnswer.has_value(); }
    // True when the typed number is within the tolerance of the answer (half a unit in the last given digit
    // when the file gives no tolerance).
    bool acceptsNumber(double value) const;
};

struct CodeBlock {
    QString language;
    QString code;
    bool starter = false; // a practice lesson's starter ("python starter"): it has parts left to write
};

struct Lesson {
    QString id; // the file's stem, e.g. "04-pools-and-chunksize"
    QString title;
    QString exercise; // the exercise this lesson prepares, or empty
    QString markdown; // the body, without front matter, prediction and quiz
    QVector<CodeBlock> codeBlocks;
    QVector<QUrl> links;    // every mpwb: link in the body
    PracticeParts practice; // a practice lesson's starter, hints and solution (none in other lessons)
    std::optional<Prediction> prediction;
    QVector<QuizQuestion> quiz;
};

// Returns nullopt and the reason (with a line number where one helps) in *why when the file breaks a rule
// of docs/LESSONS.md.
std::optional<Lesson> parseLesson(const QString& id, const QString& text, QString* why);

// The measures a prediction may name (docs/LESSONS.md), apart from "check.NAME".
QStringList predictionMeasures();

} // namespace mpwb
