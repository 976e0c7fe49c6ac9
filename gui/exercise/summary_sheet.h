// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A class-ready page about one run: what was run (exercise, backend, workers, parameters, machine), what it
// measured, the student's prediction beside the measurement when there was one, and the plots of that run
// (drawn afresh from its events, whatever the screen shows now). Built off-screen for File › Export run
// summary, and written as PNG or PDF with exportWidget().

#include <QString>
#include <memory>

class QWidget;

namespace mpwb {

class RunModel;

struct SummaryContent {
    QString title;                 // e.g. "Parallel sum of squares"
    QString setup;                 // one line: backend, workers, parameters
    QString machine;               // from the run's hello
    QString resultHtml;            // the result panel's text
    QString predictionHtml;        // empty when no prediction was made for this run
    const RunModel* run = nullptr; // the run summarised; its plots are drawn from it
};

// What the sheet says about a finished run of the exercise titled `title`: what was run and on what machine,
// from its events; the result and the prediction as the page shows them. Empty (no title) when the run has
// not finished.
SummaryContent summaryContentOf(const QString& title, const RunModel& run, const QString& resultHtml,
                                const QString& predictionHtml);

// A white sheet whatever the theme, so it prints and projects the same. The plots are the run's own (cores,
// workers' CPU, timeline) drawn whole; for a sweep, `plots` is grabbed as it is.
std::unique_ptr<QWidget> makeSummarySheet(const SummaryContent& content, QWidget* plots);

} // namespace mpwb
