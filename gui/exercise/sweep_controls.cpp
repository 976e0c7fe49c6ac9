// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_controls.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QThread>

#include "field_notes.h"
#include "lesson.h"
#include "parameter_form.h"
#include "range_spin_box.h"
#include "sweep_lists.h"
#include "workers_cost.h"

namespace mpwb {

namespace {

const QString kDefaultChunksizes = QStringLiteral("auto");
constexpr int kDefaultRepeats = 3;

// Worker counts that double up to the machine's cores, so the same default suits 2 and 64 cores.
QString defaultWorkerCounts() {
    const int cores = QThread::idealThreadCount();
    QStringList counts;
    for (int w = 1; w < cores; w *= 2)
        counts << QString::number(w);
    counts << QString::number(cores);
    return counts.join(',');
}

} // namespace

SweepControls::SweepControls(const ExerciseDeclaration& exercise, QWidget* parent)
    : QGroupBox(tr("Sweep: many runs, one speedup curve"), parent), m_usesChunksize(exercise.usesChunksize) {
    auto* form = new QFormLayout(this);
    const int cores = QThread::idealThreadCount();
    m_workers = new QLineEdit(defaultWorkerCounts());
    m_workers->setToolTip(tr("Worker counts to try, separated by commas"));
    describeField(m_workers, tr("Sweep worker counts: how many workers each run of the sweep uses"),
                  tr("Whole numbers from 1 to %1, separated by commas, e.g. 1,2,4; this machine has %2 cores")
                      .arg(ParameterForm::kMaxWorkers)
                      .arg(cores));
    m_chunks = new QLineEdit(kDefaultChunksizes);
    m_chunks->setToolTip(tr("Chunksizes to try, separated by commas (e.g. 1,10,100,1000), or 'auto'"));
    describeField(m_chunks, tr("Sweep chunksizes: items sent to a worker at once, for each run"),
                  tr("Whole numbers from 1, separated by commas, e.g. 1,10,100, or auto"));
    m_repeats = new RangeSpinBox;
    m_repeats->setRange(1, 20);
    m_repeats->setValue(kDefaultRepeats);
    m_repeats->setToolTip(tr("Runs per cell; the plots show medians, and the spread as error bars"));
    describeField(m_repeats, tr("Sweep repeats: runs per combination"),
                  tr("A whole number from 1 to 20; the plots show the median and the spread"));
    m_button = new QPushButton(tr("Sweep"));
    m_button->setAccessibleDescription(
        tr("Run the sequential baseline, then every combination of worker counts and chunksizes"));
    m_workersProblem = problemLabel();
    m_workersNote = noteLabel();
    m_chunksProblem = problemLabel();
    m_repeatsProblem = problemLabel();
    addFieldRows(form, tr("Workers"), m_workers, m_workersProblem, m_workersNote);
    addFieldRows(form, tr("Chunksizes"), m_chunks, m_chunksProblem);
    if (!m_usesChunksize) form->setRowVisible(m_chunks, false);
    addFieldRows(form, tr("Repeats"), m_repeats, m_repeatsProblem);
    if (exercise.pythonSweep) {
        // The engine is C++: its cost per item is a few microseconds, CPython's a hundred. The same grid run
        // with the exercise's Python version shows that on the same plots instead of telling it.
        m_cpython = new QCheckBox(tr("Then the same sweep with real CPython"));
        m_cpython->setToolTip(tr("After the engine's sweep, runs the exercise's own Python version with the "
                                 "same work, workers and chunksizes, and shows both sweeps on the compare "
                                 "page"));
        m_cpython->setAccessibleDescription(m_cpython->toolTip());
        auto* note = noteLabel();
        showNote(note, tr("Python adds the squares some 30 to 100 times slower than the engine: keep N to a "
                          "few tens of millions, or this sweep takes hours."));
        form->addRow(m_cpython);
        form->addRow(note);
    }
    form->addRow(m_button);
    connect(m_button, &QPushButton::clicked, this, &SweepControls::sweepRequested);
    connect(m_workers, &QLineEdit::textChanged, this, &SweepControls::revalidate);
    connect(m_chunks, &QLineEdit::textChanged, this, &SweepControls::revalidate);
    connect(m_repeats, &RangeSpinBox::notesChanged, this, &SweepControls::revalidate);
    revalidate();
}

QStringList SweepControls::arguments(const ParameterForm& form, QString* why) const {
    if (!m_repeats->problem().isEmpty()) {
        *why = tr("Repeats: %1").arg(m_repeats->problem());
        return {};
    }
    return form.sweepArguments(m_workers->text(), m_usesChunksize ? m_chunks->text() : QString("auto"),
                               m_repeats->value(), why);
}

QStringList SweepControls::problems() const {
    QStringList out;
    QString why;
    if (!parseWorkerCounts(m_workers->text(), ParameterForm::kMaxWorkers, &why)) out << why;
    if (m_usesChunksize && !parseChunksizes(m_chunks->text(), &why)) out << why;
    if (!m_repeats->problem().isEmpty()) out << m_repeats->problem();
    return out;
}

void SweepControls::revalidate() {
    QString why;
    const auto counts = parseWorkerCounts(m_workers->text(), ParameterForm::kMaxWorkers, &why);
    showNote(m_workersProblem, counts ? QString() : why);
    describeProblem(m_workers, m_workersProblem->text());
    int largest = 0;
    for (const auto& c : counts.value_or(QStringList{}))
        largest = qMax(largest, c.toInt());
    showNote(m_workersNote, sweepCostNote(largest, QThread::idealThreadCount()));
    const auto sizes = parseChunksizes(m_chunks->text(), &why);
    showNote(m_chunksProblem, sizes || !m_usesChunksize ? QString() : why);
    describeProblem(m_chunks, m_chunksProblem->text());
    showNote(m_repeatsProblem, m_repeats->problem());
    describeProblem(m_repeats, m_repeats->problem());
    m_button->setEnabled(m_allowed && isValid());
}

int SweepControls::workerCounts() const {
    return int(m_workers->text().split(',', Qt::SkipEmptyParts).size());
}

int SweepControls::chunkCounts() const {
    return m_chunks->text().trimmed() == "auto" ? 1
                                                : int(m_chunks->text().split(',', Qt::SkipEmptyParts).size());
}

int SweepControls::runCount() const {
    return m_repeats->value() * (1 + workerCounts() * chunkCounts());
}

bool SweepControls::variesOnlyChunksize() const {
    return chunkCounts() > 1 && workerCounts() == 1;
}

bool SweepControls::alsoCPython() const {
    return m_cpython && m_cpython->isChecked();
}

void SweepControls::setAlsoCPython(bool on) {
    if (m_cpython) m_cpython->setChecked(on);
}

QStringList SweepControls::cpythonArguments(QStringList args) {
    // The engine's own options go; --start stays (the same start method for both), the lists and the
    // exercise's parameters stay as they are.
    for (const auto* engineOnly : {"--stall-timeout", "--switch-interval-us", "--cpu-interval-ms"}) {
        const auto at = args.indexOf(engineOnly);
        if (at >= 0) args.remove(at, std::min<qsizetype>(2, args.size() - at));
    }
    const auto backend = args.indexOf("--backend");
    if (backend >= 0 && backend + 1 < args.size())
        args[backend + 1] = "cpython";
    else
        args << "--backend"
             << "cpython";
    return args;
}

void SweepControls::applyLink(const LessonLink& link) {
    // What the link does not say is the default, never what the student typed last: the same link always
    // sweeps the same grid.
    m_workers->setText(link.sweepWorkers.isEmpty() ? defaultWorkerCounts() : link.sweepWorkers);
    m_chunks->setText(link.sweepChunksizes.isEmpty() ? kDefaultChunksizes : link.sweepChunksizes);
    m_repeats->setValue(link.repeats > 0 ? link.repeats : kDefaultRepeats);
    setAlsoCPython(link.sweepCPython);
}

void SweepControls::setSweepEnabled(bool enabled) {
    m_allowed = enabled;
    revalidate();
}

bool SweepControls::sweepButtonEnabled() const {
    return m_button->isEnabled();
}

} // namespace mpwb
