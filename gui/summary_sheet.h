#pragma once
// A class-ready page about one run: what was run (exercise, backend, workers, parameters, machine), what it
// measured, the student's prediction beside the measurement when there was one, and the plots as they are on
// screen. Built off-screen for File › Export run summary, and written as PNG or PDF with exportWidget().

#include <QString>
#include <memory>

class QWidget;

namespace mpwb {

struct SummaryContent {
    QString title;          // e.g. "Parallel sum of squares"
    QString setup;          // one line: backend, workers, parameters
    QString machine;        // from the run's hello
    QString resultHtml;     // the result panel's text
    QString predictionHtml; // empty when no prediction was made for this run
};

// A white sheet whatever the theme, so it prints and projects the same; `plots` is grabbed as it is now.
std::unique_ptr<QWidget> makeSummarySheet(const SummaryContent& content, QWidget* plots);

} // namespace mpwb
