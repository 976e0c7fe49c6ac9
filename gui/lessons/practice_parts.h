// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The attempt phase of a practice lesson: the student starts from a starter program with the parts to
// write left out, opens the hints one at a time, and sees the solution only when they ask for it. In the
// lesson's Markdown (docs/LESSONS.md):
//
//   ```python starter        the starter program: shown as code, with a link that saves it as the
//   ...                      student's own file and opens it on the Python page
//   ```
//   ::: hint                 one hint; the hints open one at a time, in order
//   ...
//   :::
//   ::: solution             the solution, code and all, hidden until asked for
//   ...
//   :::
//
// Pure text in, text out, except saveAttempt, which writes the student's file.

#include <QString>
#include <QUrl>

namespace mpwb {

struct PracticeParts {
    int hints = 0;
    bool solution = false;
    QString starter; // the starter program's code, empty when the lesson has none
};

// What the lesson holds; nullopt-like failure through *why (an unclosed or unknown ::: block, a second
// solution or starter, a block inside another).
bool readPracticeParts(const QString& markdown, PracticeParts* parts, QString* why);

// What is revealed so far.
struct PracticeShown {
    int hints = 0;
    bool solution = false;
};

// The Markdown as the student sees it now: the first shown.hints hints, each numbered ("Hint 2 of 4"), a link
// to open the next one, and the solution or a link to show it; the starter as a Python block with its link.
QString withPracticeShown(const QString& markdown, const PracticeShown& shown);

// The links that withPracticeShown adds, which the lesson page answers itself.
enum class PracticeLink { None, NextHint, Solution, Attempt };
PracticeLink practiceLink(const QUrl& url);
// One sentence for the link's tooltip.
QString describePracticeLink(PracticeLink link);

// The student's attempt for the lesson: <Documents>/MP Workbench/attempts/<lesson>.py, made from the starter
// the first time and never overwritten after, since it holds the student's work. Returns the path; empty,
// with the reason in *why, when the folder or the file cannot be written.
QString saveAttempt(const QString& lesson, const QString& starter, QString* why);

} // namespace mpwb
