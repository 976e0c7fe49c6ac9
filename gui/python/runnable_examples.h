// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which of a lesson's Python code blocks can be run as they stand, and the "Run in the workbench" link under
// each: the block is saved as a .py file in the app's cache folder and opened on the Python page.

#include <QString>
#include <QStringList>

class QUrl;

namespace mpwb {

// A whole program: nothing left out ("..." placeholders, ">>>" sessions), and, if it starts processes, it
// does so under the main guard (else spawn and forkserver would start them again in every child).
bool isWholeProgram(const QString& code);

// The lesson's Markdown with a link "mpwb:python/lesson-example/N" after each ```python block that is a
// whole program; the programs, N = their index, go to *programs.
QString withRunLinks(const QString& markdown, QStringList* programs);

// Whether a link is one of withRunLinks' and which program it names (-1: not one).
int lessonExampleIndex(const QUrl& url);

// Writes the program to <cache>/lesson-examples/example-<hash>.py (the same text, the same file) and returns
// the path; empty, with the reason in *why, when it cannot be written.
QString saveLessonExample(const QString& code, QString* why);

// The Python page's link to a saved file: "mpwb:python?file=PATH&action=run" runs it at once, action=open
// only shows it (a starter with parts still to write); view=KEY brings that view to the front.
QUrl pythonFileLink(const QString& path, bool run, const QString& view = {});

} // namespace mpwb
