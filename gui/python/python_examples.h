// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The example scripts the Python page offers: the exercises' Python versions, found as plain files beside
// the app (share/mpwb/examples, the same in a build tree and an installed one), so the student runs the
// very file they read.

#include <QString>
#include <QVector>

namespace mpwb {

struct PythonExample {
    QString name;     // the file's stem, e.g. "sum_squares"; mpwb:python/example/<name> opens it
    QString title;    // what the list shows: "Sum of squares (exercise 1)"
    QString exercise; // the exercise it is the Python version of ("sum-squares"); empty if none
    QString path;     // absolute path of the .py file
};

// $MPWB_EXAMPLES, else ../share/mpwb/examples relative to this program's folder. Empty when neither exists,
// with every place looked at in *why.
QString examplesFolder(QString* why = nullptr);

// Every .py in the examples folder, the exercises' versions first in course order.
QVector<PythonExample> pythonExamples();

// The example of this name or of this exercise id; an empty path when there is none.
PythonExample findPythonExample(const QString& nameOrExercise);

// Arguments for an exercise's Python version that do the same work as the exercise's form, read from the
// form's "mpwb-run run EXERCISE --workers W --chunksize C --n N ..." (ParameterForm::runArguments), in the
// order of the script's usage line. A value the script has no word for (chunksize auto) is left to the
// script's default, and so are the values after it.
QStringList pythonArgumentsFor(const QString& exercise, const QStringList& runArguments);

} // namespace mpwb
