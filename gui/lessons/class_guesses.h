// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Guesses from the room: an instructor types what the class called out ("1.5, 2, 1.8, 3, 2", or one per
// line), and after the run the workbench puts their spread beside the measurement. Reading the list, its
// summary and the sentence that says it are pure functions here, tested without widgets.

#include <QString>
#include <QVector>

#include "lesson.h"

namespace mpwb {

// A typed list of guesses, read: the numbers, or what is wrong with the text (then values is empty).
struct GuessList {
    QVector<double> values;
    QString problem; // empty when the text is a valid list (an empty text is a valid, empty list)
    bool ok() const { return problem.isEmpty(); }
};

// The most guesses one list takes: a lecture hall, not a spreadsheet.
constexpr int kMaxClassGuesses = 200;

// Numbers of zero or more, with a decimal point, separated by commas, semicolons, spaces or new lines; each
// may end in the prediction's unit ("1.8×", "1.8x", "35%"). A comma inside a number ("1,5" or "10,000") is
// refused with a word on how to write it, since commas separate guesses.
GuessList parseGuessList(const QString& text, const QString& unit = {});

// What is allowed, in one line, for under the field.
QString guessListHint(const QString& unit);

double median(QVector<double> values); // NaN for an empty list

// Whether a guess counts as close to the measurement, by the same rule describePrediction uses: the same
// order of magnitude for a chunksize, exactly zero when the answer is zero, otherwise within 10%.
bool guessIsClose(const QString& measure, double guess, double measured);
// The rule above in words: "within 10%", "the same order of magnitude", "exactly zero".
QString closenessWords(const QString& measure, double measured);

struct GuessSpread {
    int count = 0;
    double median = 0;
    double lowest = 0;
    double highest = 0;
    int close = 0; // how many guesses are close to the measurement (see guessIsClose)
};
GuessSpread summariseGuesses(const QString& measure, const QVector<double>& guesses, double measured);

// "12 guesses, median 2.00×; measured 1.86×; 7 of 12 within 10%."
QString describeGuessSpread(const Prediction& prediction, const QVector<double>& guesses, double measured);
// Before the run: "12 guesses from the class, median 2.00× (1.50× to 3.00×)."
QString describeGuessesPending(const Prediction& prediction, const QVector<double>& guesses);

// HTML, as the instructor's sheet prints it: the question, the spread in words and the lesson's explanation.
QString describeClassPrediction(const Prediction& prediction, const QVector<double>& guesses,
                                double measured);

// Where each guess's dot goes on a strip: its value, and its place in the stack of guesses that read the
// same (as formatted; 1.8 and 1.80 are one value), counting from 1. Same order as the guesses.
struct StackedDot {
    double value = 0;
    int level = 1;
};
QVector<StackedDot> stackGuesses(const Prediction& prediction, const QVector<double>& guesses);

} // namespace mpwb
