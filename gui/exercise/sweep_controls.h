#pragma once
// The sweep box of an exercise page: the worker counts and chunksizes to try, the repeats per cell and the
// Sweep button. The lists are checked by the page's ParameterForm when they become engine arguments, so a
// sweep and a single run accept the same values; the page decides when a sweep may start.

#include <QGroupBox>

#include "exercise_catalogue.h"

class QLineEdit;
class QPushButton;
class QSpinBox;

namespace mpwb {

class ParameterForm;
struct LessonLink;

class SweepControls : public QGroupBox {
    Q_OBJECT
public:
    explicit SweepControls(const ExerciseDeclaration& exercise, QWidget* parent = nullptr);

    // mpwb-run arguments for a sweep of these lists with the form's parameters; empty, with the reason in
    // *why, when the form or a list is invalid.
    QStringList arguments(const ParameterForm& form, QString* why) const;
    // Runs the sweep will make: the sequential baseline and every workers × chunksizes cell, each repeated.
    int runCount() const;
    // Only chunksizes vary (one worker count, several chunksizes): the chunksize plot is the one to show.
    bool variesOnlyChunksize() const;
    // Takes the lists and repeats a lesson's link gives; what it leaves out stays as it was.
    void applyLink(const LessonLink& link);
    // Only the button: the lists stay editable while a run goes on.
    void setSweepEnabled(bool enabled);

Q_SIGNALS:
    void sweepRequested();

private:
    int workerCounts() const;
    int chunkCounts() const;

    QLineEdit* m_workers = nullptr;
    QLineEdit* m_chunks = nullptr;
    QSpinBox* m_repeats = nullptr;
    QPushButton* m_button = nullptr;
};

} // namespace mpwb
