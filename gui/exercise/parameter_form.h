// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The parameters of a run, built from the exercise's own declaration plus the choices every exercise has
// (backend, start method, workers, chunksize, and for processes the stall timeout). Checked as the student
// types; the allowed range is shown under a field that is wrong, and an invalid form never produces engine
// arguments.

#include <QHash>
#include <QWidget>

#include "exercise_catalogue.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QFormLayout;

namespace mpwb {

class RangeSpinBox;

class ParameterForm : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxWorkers = 1024; // the engine's own limit

    explicit ParameterForm(const ExerciseDeclaration& exercise, QWidget* parent = nullptr);

    bool isValid() const;
    // Every problem, one per line; empty when the form is valid.
    QStringList problems() const;
    // "run <id> --backend ... --n ..." for mpwb-run; empty when invalid.
    QStringList runArguments() const;
    // A sweep over the given comma-separated worker counts and chunksizes ("auto" allowed), or empty (with
    // *why set) when the form or the lists are invalid.
    QStringList sweepArguments(const QString& workers, const QString& chunksizes, int repeats,
                               QString* why) const;
    // The same run, with the sequential backend: the baseline to compare with.
    QStringList baselineArguments() const;
    // "compare <exercise> --workers ... <exercise options>" for mpwb-run, without --backends; empty if
    // invalid.
    QStringList compareArguments() const;
    // Identifies the work (exercise and its own parameters), so a baseline is reused only for the same work.
    QString workKey() const;

    QString backend() const;
    int workers() const;
    // Seconds a worker process may hold work without finishing an item (processes only); the exercise's
    // default until it is changed.
    int stallTimeoutSeconds() const;
    int defaultStallTimeoutSeconds() const;

    // Every field back to the exercise's default, as on a fresh page.
    void resetToDefaults();
    // Sets fields by name (backend, start, workers, chunksize, or an exercise parameter), e.g. from a lesson.
    // Returns what was wrong: unknown names, values that are not allowed, and the form's own problems.
    QStringList applyPreset(const QHash<QString, QString>& values);

Q_SIGNALS:
    void validityChanged(bool valid);

private:
    void revalidate();
    bool chunksizeOk() const;
    QString workersProblem() const;
    QStringList exerciseArguments() const;
    // "--stall-timeout S" when it differs from the exercise's default and a backend that watches for stalls
    // (processes) may run: `processesMayRun`.
    QStringList stallArguments(bool processesMayRun) const;

    ExerciseDeclaration m_exercise;
    QComboBox* m_backend = nullptr;
    QComboBox* m_start = nullptr;
    RangeSpinBox* m_workers = nullptr;
    QLabel* m_workersProblem = nullptr; // a typed count outside 1..kMaxWorkers
    QLabel* m_workersNote = nullptr;    // a count that was clamped, or more workers than cores
    QLineEdit* m_chunksize = nullptr;
    QLabel* m_chunksizeProblem = nullptr;
    RangeSpinBox* m_stallTimeout = nullptr; // seconds; shown for the processes backend only
    // One per exercise parameter: a line edit (numbers, folders) or a combo box (choices), and its problem.
    struct Field {
        QLineEdit* edit = nullptr;
        QComboBox* combo = nullptr;
        QLabel* problem = nullptr;
    };
    QString fieldText(int i) const;
    QVector<Field> m_fields;
    bool m_valid = true;
};

} // namespace mpwb
