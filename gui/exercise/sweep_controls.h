// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The sweep box of an exercise page: the worker counts and chunksizes to try, the repeats per cell and the
// Sweep button. The lists are checked as the student types, as the run form's fields are: a wrong list
// says what is wrong and what is allowed underneath, and Sweep stays disabled until it is fixed. The same
// reading (sweep_lists.h) makes the engine arguments, with the page's ParameterForm.

#include <QGroupBox>

#include "exercise_catalogue.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mpwb {

class ParameterForm;
class RangeSpinBox;
struct LessonLink;

class SweepControls : public QGroupBox {
    Q_OBJECT
public:
    explicit SweepControls(const ExerciseDeclaration& exercise, QWidget* parent = nullptr);

    // mpwb-run arguments for a sweep of these lists with the form's parameters; empty, with the reason in
    // *why, when the form or a list is invalid.
    QStringList arguments(const ParameterForm& form, QString* why) const;
    // Every problem of the lists and repeats, one per entry; empty when a sweep may start.
    QStringList problems() const;
    bool isValid() const { return problems().isEmpty(); }
    // Runs the sweep will make: the sequential baseline and every workers × chunksizes cell, each repeated.
    int runCount() const;
    // Only chunksizes vary (one worker count, several chunksizes): the chunksize plot is the one to show.
    bool variesOnlyChunksize() const;
    // Takes the lists and repeats a lesson's link gives; what it leaves out stays as it was.
    void applyLink(const LessonLink& link);
    // Whether the page allows a sweep now (no run going on, a valid form); the button is enabled only when
    // the lists are valid too. The lists stay editable while a run goes on.
    void setSweepEnabled(bool enabled);
    bool sweepButtonEnabled() const;
    // "Then the same with real CPython": after the engine's sweep, the same grid with the exercise's own
    // Python version (only for an exercise whose Python version is a pool map).
    bool alsoCPython() const;
    void setAlsoCPython(bool on);
    // The engine sweep's arguments turned into the CPython sweep of the same work and grid.
    static QStringList cpythonArguments(QStringList sweepArguments);

Q_SIGNALS:
    void sweepRequested();

private:
    void revalidate();
    int workerCounts() const;
    int chunkCounts() const;

    bool m_usesChunksize = true;
    bool m_allowed = true;
    QLineEdit* m_workers = nullptr;
    QLineEdit* m_chunks = nullptr;
    RangeSpinBox* m_repeats = nullptr;
    QLabel* m_workersProblem = nullptr;
    QLabel* m_workersNote = nullptr; // counts above the machine's cores, and what they will show
    QLabel* m_chunksProblem = nullptr;
    QLabel* m_repeatsProblem = nullptr;
    QPushButton* m_button = nullptr;
    QCheckBox* m_cpython = nullptr; // null when the exercise's Python version cannot be swept
};

} // namespace mpwb
