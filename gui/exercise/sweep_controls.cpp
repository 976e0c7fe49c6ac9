#include "sweep_controls.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>

#include "lesson.h"
#include "parameter_form.h"

namespace mpwb {

SweepControls::SweepControls(const ExerciseDeclaration& exercise, QWidget* parent)
    : QGroupBox(tr("Sweep: many runs, one speedup curve"), parent) {
    auto* form = new QFormLayout(this);
    // Worker counts that double up to the machine's cores, so the same default suits 2 and 64 cores.
    QStringList counts;
    for (int w = 1; w < QThread::idealThreadCount(); w *= 2)
        counts << QString::number(w);
    counts << QString::number(QThread::idealThreadCount());
    m_workers = new QLineEdit(counts.join(','));
    m_workers->setToolTip(tr("Worker counts to try, separated by commas"));
    m_workers->setAccessibleName(tr("Sweep worker counts"));
    m_chunks = new QLineEdit("auto");
    m_chunks->setToolTip(tr("Chunksizes to try, separated by commas (e.g. 1,10,100,1000), or 'auto'"));
    m_chunks->setAccessibleName(tr("Sweep chunksizes"));
    m_repeats = new QSpinBox;
    m_repeats->setRange(1, 20);
    m_repeats->setValue(3);
    m_repeats->setToolTip(tr("Runs per cell; the plots show medians, and the spread as error bars"));
    m_repeats->setAccessibleName(tr("Sweep repeats"));
    m_button = new QPushButton(tr("Sweep"));
    form->addRow(tr("Workers"), m_workers);
    form->addRow(tr("Chunksizes"), m_chunks);
    if (!exercise.usesChunksize) form->setRowVisible(m_chunks, false);
    form->addRow(tr("Repeats"), m_repeats);
    form->addRow(m_button);
    connect(m_button, &QPushButton::clicked, this, &SweepControls::sweepRequested);
}

QStringList SweepControls::arguments(const ParameterForm& form, QString* why) const {
    return form.sweepArguments(m_workers->text(), m_chunks->text(), m_repeats->value(), why);
}

int SweepControls::workerCounts() const {
    return m_workers->text().split(',', Qt::SkipEmptyParts).size();
}

int SweepControls::chunkCounts() const {
    return m_chunks->text().trimmed() == "auto" ? 1 : m_chunks->text().split(',', Qt::SkipEmptyParts).size();
}

int SweepControls::runCount() const {
    return m_repeats->value() * (1 + workerCounts() * chunkCounts());
}

bool SweepControls::variesOnlyChunksize() const {
    return chunkCounts() > 1 && workerCounts() == 1;
}

void SweepControls::applyLink(const LessonLink& link) {
    if (!link.sweepWorkers.isEmpty()) m_workers->setText(link.sweepWorkers);
    if (!link.sweepChunksizes.isEmpty()) m_chunks->setText(link.sweepChunksizes);
    if (link.repeats > 0) m_repeats->setValue(link.repeats);
}

void SweepControls::setSweepEnabled(bool enabled) {
    m_button->setEnabled(enabled);
}

} // namespace mpwb
