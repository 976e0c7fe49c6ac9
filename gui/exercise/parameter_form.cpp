// SPDX-License-Identifier: GPL-3.0-or-later
#include "parameter_form.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include "field_notes.h"
#include "range_spin_box.h"
#include "sweep_lists.h"
#include "workers_cost.h"

namespace mpwb {
namespace {

// A folder field: the path can be typed, or picked with the usual dialog.
QWidget* withBrowseButton(QLineEdit* edit, const QString& what) {
    auto* box = new QWidget;
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(edit, 1);
    auto* browse = new QPushButton(QObject::tr("Browse…"));
    browse->setAccessibleName(QObject::tr("Browse for %1").arg(what));
    row->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, what] {
        const auto dir = QFileDialog::getExistingDirectory(edit, what, edit->text());
        if (!dir.isEmpty()) edit->setText(dir);
    });
    return box;
}

} // namespace

ParameterForm::ParameterForm(const ExerciseDeclaration& exercise, QWidget* parent)
    : QWidget(parent), m_exercise(exercise) {
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const int cores = QThread::idealThreadCount();

    m_backend = new QComboBox;
    const QList<std::pair<QString, QString>> backends{
        {"processes", tr("Processes (a pool of worker processes)")},
        {"gil-threads", tr("Threads with a GIL (like Python threads)")},
        {"threads", tr("Threads (truly parallel)")},
        {"sequential", tr("Sequential (one loop, the baseline)")}};
    // Only what this exercise runs on: a backend it refuses is never offered.
    for (const auto& [name, text] : backends)
        if (m_exercise.backends.contains(name)) m_backend->addItem(text, name);
    // Long item texts must not force the whole panel wider than a projector's screen allows.
    for (auto* box : {m_backend}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(14);
    }
    describeField(m_backend, tr("Backend: how the work is shared out"),
                  tr("Processes, threads with a GIL, truly parallel threads, or one sequential loop"));
    form->addRow(tr("Backend"), m_backend);

    m_start = new QComboBox;
    if (m_exercise.startMethods.contains("fork")) m_start->addItem(tr("fork (copy this process)"), "fork");
    if (m_exercise.startMethods.contains("spawn"))
        m_start->addItem(tr("spawn (start a fresh program)"), "spawn");
    if (m_exercise.startMethods.contains("forkserver")) {
        m_start->addItem(tr("forkserver (copy a fresh server)"), "forkserver");
        m_start->setItemData(
            m_start->count() - 1,
            tr("A fresh server program is started once; each worker is a copy of that server, "
               "not of this process (Python 3.14's default on Linux)"),
            Qt::ToolTipRole);
    }
    m_start->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_start->setMinimumContentsLength(14);
    describeField(m_start, tr("Start method: how worker processes begin"),
                  tr("fork copies this process, spawn starts a fresh program, forkserver copies a fresh "
                     "server; only for "
                     "the processes backend"));
    form->addRow(tr("Start method"), m_start);

    m_workers = new RangeSpinBox;
    m_workers->setRange(1, kMaxWorkers);
    m_workers->setToolTip(
        tr("How many workers run at once (1 to %1). This machine has %2 cores.").arg(kMaxWorkers).arg(cores));
    describeField(m_workers, tr("Workers: how many run at once"),
                  tr("A whole number from 1 to %1; this machine has %2 cores").arg(kMaxWorkers).arg(cores));
    m_workersProblem = problemLabel();
    m_workersNote = noteLabel();
    addFieldRows(form, tr("Workers"), m_workers, m_workersProblem, m_workersNote);

    m_chunksize = new QLineEdit;
    m_chunksize->setToolTip(tr("Items sent to a worker at once: a whole number from 1, or 'auto' "
                               "(about four chunks per worker)."));
    describeField(m_chunksize, tr("Chunksize: items sent to a worker at once"),
                  tr("A whole number from 1, or auto for about four chunks per worker"));
    m_chunksizeProblem = problemLabel();
    addFieldRows(form, tr("Chunksize"), m_chunksize, m_chunksizeProblem);
    if (!m_exercise.usesChunksize) form->setRowVisible(m_chunksize, false);

    // Advanced, and only where it applies: how long a stuck worker process is waited for before the run
    // ends as stalled. The exercise's own default fits its items on a slow, busy machine.
    m_stallTimeout = new RangeSpinBox;
    m_stallTimeout->setRange(1, 86400);
    m_stallTimeout->setSuffix(tr(" s"));
    m_stallTimeout->setToolTip(
        tr("A worker process that holds work and finishes no item for this many seconds "
           "ends the run as stalled, naming it (default %1 s for this exercise).")
            .arg(defaultStallTimeoutSeconds()));
    describeField(m_stallTimeout, tr("Stall timeout: seconds a stuck worker is waited for"),
                  tr("A whole number of seconds from 1 to 86400; %1 by default; processes only")
                      .arg(defaultStallTimeoutSeconds()));
    form->addRow(tr("Stall timeout"), m_stallTimeout);

    for (const auto& p : m_exercise.parameters) {
        Field f;
        f.problem = problemLabel();
        QWidget* widget = nullptr;
        const auto name = p.help.isEmpty() ? p.label : tr("%1: %2").arg(p.label, p.help);
        if (p.kind == ParameterDeclaration::Kind::Choice) {
            f.combo = new QComboBox;
            for (const auto& c : p.choices)
                f.combo->addItem(c, c);
            f.combo->setToolTip(p.help);
            describeField(f.combo, name, tr("One of %1").arg(p.choices.join(", ")));
            connect(f.combo, &QComboBox::currentIndexChanged, this, &ParameterForm::revalidate);
            widget = f.combo;
        } else {
            f.edit = new QLineEdit;
            connect(f.edit, &QLineEdit::textChanged, this, &ParameterForm::revalidate);
            widget = f.edit;
            if (p.kind == ParameterDeclaration::Kind::Folder) {
                f.edit->setPlaceholderText(p.mustExist ? tr("none: use a generated sample set")
                                                       : tr("a new folder"));
                f.edit->setToolTip(p.help);
                describeField(f.edit, name,
                              p.mustExist ? tr("A folder of pictures; leave empty for a generated sample set")
                                          : tr("A new folder"));
                widget = withBrowseButton(f.edit, p.label);
            } else {
                const QLocale locale(QLocale::English);
                const auto range = tr("%1 to %2").arg(locale.toString(p.minimum), locale.toString(p.maximum));
                f.edit->setToolTip(tr("%1 (%2)").arg(p.help, range));
                describeField(f.edit, name, tr("A whole number from %1").arg(range));
            }
        }
        addFieldRows(form, p.label, widget, f.problem);
        m_fields.push_back(f);
    }

    connect(m_backend, &QComboBox::currentIndexChanged, this, &ParameterForm::revalidate);
    connect(m_chunksize, &QLineEdit::textChanged, this, &ParameterForm::revalidate);
    connect(m_workers, &RangeSpinBox::notesChanged, this, &ParameterForm::revalidate);
    connect(m_workers, &QSpinBox::valueChanged, this, &ParameterForm::revalidate);
    resetToDefaults();
}

void ParameterForm::resetToDefaults() {
    // The first backend and start method offered are the exercise's own choice (processes, fork).
    m_backend->setCurrentIndex(0);
    m_start->setCurrentIndex(0);
    m_workers->setValue(m_exercise.defaultWorkers > 0 ? m_exercise.defaultWorkers
                                                      : qMax(1, QThread::idealThreadCount()));
    m_chunksize->setText(QStringLiteral("auto"));
    m_stallTimeout->setValue(defaultStallTimeoutSeconds());
    const QLocale locale(QLocale::English);
    for (int i = 0; i < m_fields.size(); ++i) {
        const auto& p = m_exercise.parameters[i];
        auto& f = m_fields[i];
        if (f.combo)
            f.combo->setCurrentIndex(qMax(0, f.combo->findData(p.defaultText)));
        else if (p.kind == ParameterDeclaration::Kind::Folder)
            f.edit->setText(p.defaultText);
        else
            f.edit->setText(locale.toString(p.defaultValue));
    }
    revalidate();
}

QString ParameterForm::backend() const {
    return m_backend->currentData().toString();
}
int ParameterForm::workers() const {
    return backend() == "sequential" ? 1 : m_workers->value();
}

int ParameterForm::defaultStallTimeoutSeconds() const {
    // Whole seconds, rounded up: a default of 2.5 s must not become a shorter 2.
    return int(qBound(qint64(1), (m_exercise.defaultStallTimeoutMs + 999) / 1000, qint64(86400)));
}

int ParameterForm::stallTimeoutSeconds() const {
    return m_stallTimeout->value();
}

QStringList ParameterForm::stallArguments(bool processesMayRun) const {
    if (!processesMayRun || stallTimeoutSeconds() == defaultStallTimeoutSeconds()) return {};
    return {"--stall-timeout", QString::number(stallTimeoutSeconds())};
}

bool ParameterForm::chunksizeOk() const {
    const auto c = m_chunksize->text().trimmed();
    if (c.compare("auto", Qt::CaseInsensitive) == 0) return true;
    const auto v = parseTypedInteger(c);
    return v && *v >= 1;
}

// A typed worker count outside the range is not what would run (the box still holds the last allowed one).
QString ParameterForm::workersProblem() const {
    return backend() == "sequential" ? QString() : m_workers->problem();
}

QStringList ParameterForm::problems() const {
    QStringList out;
    if (!workersProblem().isEmpty()) out << tr("Workers: %1").arg(workersProblem());
    if (!chunksizeOk()) out << tr("Chunksize must be a whole number from 1, or 'auto'");
    for (int i = 0; i < m_fields.size(); ++i) {
        const auto problem = checkParameter(m_exercise.parameters[i], fieldText(i));
        if (!problem.isEmpty()) out << problem;
    }
    return out;
}

void ParameterForm::revalidate() {
    const bool processes = backend() == "processes";
    m_start->setEnabled(processes);
    if (auto* form = qobject_cast<QFormLayout*>(layout())) form->setRowVisible(m_stallTimeout, processes);
    m_workers->setEnabled(backend() != "sequential");

    showNote(m_workersProblem, workersProblem());
    describeProblem(m_workers, workersProblem());
    QStringList notes;
    if (backend() != "sequential")
        notes << m_workers->clampNote()
              << workersCostNote(m_workers->value(), QThread::idealThreadCount(), backend());
    notes.removeAll(QString());
    showNote(m_workersNote, notes.join(' '));

    const bool chunkOk = chunksizeOk();
    showNote(m_chunksizeProblem, chunkOk ? QString() : tr("a whole number from 1, or 'auto'"));
    describeProblem(m_chunksize, m_chunksizeProblem->text());
    bool valid = chunkOk && workersProblem().isEmpty();
    for (int i = 0; i < m_fields.size(); ++i) {
        const auto problem = checkParameter(m_exercise.parameters[i], fieldText(i));
        showNote(m_fields[i].problem, problem);
        describeProblem(m_fields[i].edit ? static_cast<QWidget*>(m_fields[i].edit) : m_fields[i].combo,
                        problem);
        valid = valid && problem.isEmpty();
    }
    if (valid != m_valid) {
        m_valid = valid;
        Q_EMIT validityChanged(valid);
    }
}

bool ParameterForm::isValid() const {
    return problems().isEmpty();
}

QString ParameterForm::fieldText(int i) const {
    const auto& f = m_fields[i];
    return f.combo ? f.combo->currentData().toString() : f.edit->text().trimmed();
}

QStringList ParameterForm::exerciseArguments() const {
    QStringList args;
    for (int i = 0; i < m_fields.size(); ++i) {
        const auto& p = m_exercise.parameters[i];
        const auto text = fieldText(i);
        if (p.kind == ParameterDeclaration::Kind::Integer)
            args << "--" + p.name << QString::number(*parseTypedInteger(text));
        else if (!text.isEmpty()) // an empty folder means "the exercise's default", as on the command line
            args << "--" + p.name << text;
    }
    return args;
}

QStringList ParameterForm::runArguments() const {
    if (!isValid()) return {};
    QStringList args{"run", m_exercise.id, "--backend", backend(), "--workers", QString::number(workers())};
    if (backend() == "processes") args << "--start" << m_start->currentData().toString();
    args << stallArguments(backend() == "processes");
    const auto c = m_chunksize->text().trimmed();
    if (m_exercise.usesChunksize)
        args << "--chunksize"
             << (c.compare("auto", Qt::CaseInsensitive) == 0 ? "auto"
                                                             : QString::number(*parseTypedInteger(c)));
    return args + exerciseArguments();
}

QStringList ParameterForm::compareArguments() const {
    if (!isValid()) return {};
    QStringList args{"compare", m_exercise.id, "--workers", QString::number(workers())};
    if (m_exercise.startMethods.size() > 0) args << "--start" << m_start->currentData().toString();
    args << stallArguments(m_exercise.backends.contains("processes"));
    const auto c = m_chunksize->text().trimmed();
    if (m_exercise.usesChunksize && c.compare("auto", Qt::CaseInsensitive) != 0)
        args << "--chunksize" << QString::number(*parseTypedInteger(c));
    return args + exerciseArguments();
}

QStringList ParameterForm::baselineArguments() const {
    if (!isValid()) return {};
    return QStringList{"run", m_exercise.id, "--backend", "sequential", "--workers", "1"} +
           exerciseArguments();
}

QStringList ParameterForm::sweepArguments(const QString& workers, const QString& chunksizes, int repeats,
                                          QString* why) const {
    if (!isValid()) {
        *why = problems().join("; ");
        return {};
    }
    const auto workerList = parseWorkerCounts(workers, kMaxWorkers, why);
    if (!workerList) return {};
    const auto chunkList = parseChunksizes(chunksizes, why);
    if (!chunkList) return {};
    QStringList args{
        "sweep",     m_exercise.id,         "--backend", backend() == "sequential" ? "processes" : backend(),
        "--workers", workerList->join(','), "--repeats", QString::number(repeats)};
    if (backend() == "processes" || backend() == "sequential")
        args << "--start" << m_start->currentData().toString();
    args << stallArguments(backend() == "processes" || backend() == "sequential");
    if (!chunkList->isEmpty()) args << "--chunksize" << chunkList->join(',');
    return args + exerciseArguments();
}

QString ParameterForm::workKey() const {
    return (QStringList{m_exercise.id} + exerciseArguments()).join(' ');
}

QStringList ParameterForm::applyPreset(const QHash<QString, QString>& values) {
    QStringList problems;
    for (auto it = values.begin(); it != values.end(); ++it) {
        const auto& key = it.key();
        const auto& value = it.value();
        if (key == "backend" || key == "start") {
            auto* box = key == "backend" ? m_backend : m_start;
            const int index = box->findData(value);
            if (index < 0) {
                QStringList allowed;
                for (int i = 0; i < box->count(); ++i)
                    allowed << box->itemData(i).toString();
                problems << tr("%1 \"%2\" is not one of %3").arg(key, value, allowed.join(", "));
            } else {
                box->setCurrentIndex(index);
            }
        } else if (key == "workers") {
            const auto v = parseTypedInteger(value);
            if (!v || *v < m_workers->minimum() || *v > m_workers->maximum())
                problems << tr("workers must be a whole number from %1 to %2, not \"%3\"")
                                .arg(m_workers->minimum())
                                .arg(m_workers->maximum())
                                .arg(value);
            else
                m_workers->setValue(int(*v));
        } else if (key == "chunksize") {
            m_chunksize->setText(value);
        } else if (key == "stall-timeout") {
            const auto v = parseTypedInteger(value);
            if (!v || *v < m_stallTimeout->minimum() || *v > m_stallTimeout->maximum())
                problems << tr("stall-timeout must be a whole number of seconds from %1 to %2, not \"%3\"")
                                .arg(m_stallTimeout->minimum())
                                .arg(m_stallTimeout->maximum())
                                .arg(value);
            else
                m_stallTimeout->setValue(int(*v));
        } else {
            bool known = false;
            for (int i = 0; i < m_fields.size(); ++i)
                if (m_exercise.parameters[i].name == key) {
                    auto& f = m_fields[i];
                    if (f.combo) {
                        const int index = f.combo->findData(value);
                        if (index < 0)
                            problems << tr("%1 must be one of %2, not \"%3\"")
                                            .arg(m_exercise.parameters[i].label,
                                                 m_exercise.parameters[i].choices.join(", "), value);
                        else
                            f.combo->setCurrentIndex(index);
                    } else {
                        f.edit->setText(value);
                    }
                    known = true;
                }
            if (!known) problems << tr("%1 has no field called \"%2\"").arg(m_exercise.title, key);
        }
    }
    revalidate();
    return problems + this->problems();
}

} // namespace mpwb
