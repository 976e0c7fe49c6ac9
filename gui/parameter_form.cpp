#include "parameter_form.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace mpwb {
namespace {

constexpr int kMaxWorkers = 1024; // the engine's own limit

QLabel* problemLabel() {
    auto* l = new QLabel;
    l->setStyleSheet("color: #d55e00; font-weight: bold;");
    l->setWordWrap(true);
    l->hide();
    return l;
}

// A field with its problem line underneath, so the message sits where the eye already is.
QWidget* withProblem(QWidget* field, QLabel* problem) {
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(field);
    v->addWidget(problem);
    return box;
}

} // namespace

ParameterForm::ParameterForm(const ExerciseDeclaration& exercise, QWidget* parent)
    : QWidget(parent), m_exercise(exercise) {
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_backend = new QComboBox;
    m_backend->addItem(tr("Processes (a pool of worker processes)"), "processes");
    m_backend->addItem(tr("Threads with a GIL (like Python threads)"), "gil-threads");
    m_backend->addItem(tr("Threads (truly parallel)"), "threads");
    m_backend->addItem(tr("Sequential (one loop, the baseline)"), "sequential");
    // Long item texts must not force the whole panel wider than a projector's screen allows.
    for (auto* box : {m_backend}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(14);
    }
    form->addRow(tr("Backend"), m_backend);

    m_start = new QComboBox;
    m_start->addItem(tr("fork (copy this process)"), "fork");
    m_start->addItem(tr("spawn (start a fresh program)"), "spawn");
    m_start->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_start->setMinimumContentsLength(14);
    form->addRow(tr("Start method"), m_start);

    m_workers = new QSpinBox;
    m_workers->setRange(1, kMaxWorkers);
    m_workers->setValue(qMax(1, QThread::idealThreadCount()));
    m_workers->setToolTip(tr("How many workers run at once (1 to %1). This machine has %2 cores.")
                              .arg(kMaxWorkers)
                              .arg(QThread::idealThreadCount()));
    form->addRow(tr("Workers"), m_workers);

    m_chunksize = new QLineEdit("auto");
    m_chunksize->setToolTip(tr("Items sent to a worker at once: a whole number from 1, or 'auto' "
                               "(about four chunks per worker)."));
    m_chunksizeProblem = problemLabel();
    form->addRow(tr("Chunksize"), withProblem(m_chunksize, m_chunksizeProblem));

    const QLocale locale(QLocale::English);
    for (const auto& p : m_exercise.parameters) {
        auto* edit = new QLineEdit(locale.toString(p.defaultValue));
        edit->setToolTip(
            tr("%1 (%2 to %3)").arg(p.help, locale.toString(p.minimum), locale.toString(p.maximum)));
        auto* problem = problemLabel();
        m_fields.push_back(edit);
        m_fieldProblems.push_back(problem);
        form->addRow(p.label, withProblem(edit, problem));
        connect(edit, &QLineEdit::textChanged, this, &ParameterForm::revalidate);
    }

    connect(m_backend, &QComboBox::currentIndexChanged, this, &ParameterForm::revalidate);
    connect(m_chunksize, &QLineEdit::textChanged, this, &ParameterForm::revalidate);
    revalidate();
}

QString ParameterForm::backend() const {
    return m_backend->currentData().toString();
}
int ParameterForm::workers() const {
    return backend() == "sequential" ? 1 : m_workers->value();
}

QStringList ParameterForm::problems() const {
    QStringList out;
    const auto c = m_chunksize->text().trimmed();
    if (c.compare("auto", Qt::CaseInsensitive) != 0) {
        const auto v = parseTypedInteger(c);
        if (!v || *v < 1) out << tr("Chunksize must be a whole number from 1, or 'auto'");
    }
    for (int i = 0; i < m_fields.size(); ++i) {
        const auto problem = checkParameter(m_exercise.parameters[i], m_fields[i]->text());
        if (!problem.isEmpty()) out << problem;
    }
    return out;
}

void ParameterForm::revalidate() {
    const bool processes = backend() == "processes";
    m_start->setEnabled(processes);
    m_workers->setEnabled(backend() != "sequential");

    const auto c = m_chunksize->text().trimmed();
    bool chunkOk = c.compare("auto", Qt::CaseInsensitive) == 0;
    if (!chunkOk) {
        const auto v = parseTypedInteger(c);
        chunkOk = v && *v >= 1;
    }
    m_chunksizeProblem->setText(tr("a whole number from 1, or 'auto'"));
    m_chunksizeProblem->setVisible(!chunkOk);
    bool valid = chunkOk;
    for (int i = 0; i < m_fields.size(); ++i) {
        const auto problem = checkParameter(m_exercise.parameters[i], m_fields[i]->text());
        m_fieldProblems[i]->setText(problem);
        m_fieldProblems[i]->setVisible(!problem.isEmpty());
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

QStringList ParameterForm::exerciseArguments() const {
    QStringList args;
    for (int i = 0; i < m_fields.size(); ++i)
        args << "--" + m_exercise.parameters[i].name
             << QString::number(*parseTypedInteger(m_fields[i]->text()));
    return args;
}

QStringList ParameterForm::runArguments() const {
    if (!isValid()) return {};
    QStringList args{"run", m_exercise.id, "--backend", backend(), "--workers", QString::number(workers())};
    if (backend() == "processes") args << "--start" << m_start->currentData().toString();
    const auto c = m_chunksize->text().trimmed();
    args << "--chunksize"
         << (c.compare("auto", Qt::CaseInsensitive) == 0 ? "auto" : QString::number(*parseTypedInteger(c)));
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
    QStringList workerList;
    for (const auto& part : workers.split(',', Qt::SkipEmptyParts)) {
        const auto v = parseTypedInteger(part);
        if (!v || *v < 1 || *v > kMaxWorkers) {
            *why = tr("each worker count must be a whole number from 1 to %1, got '%2'")
                       .arg(kMaxWorkers)
                       .arg(part.trimmed());
            return {};
        }
        workerList << QString::number(*v);
    }
    if (workerList.isEmpty()) {
        *why = tr("list at least one worker count, e.g. 1,2,4");
        return {};
    }
    QStringList chunkList;
    const bool autoChunks = chunksizes.trimmed().compare("auto", Qt::CaseInsensitive) == 0;
    if (!autoChunks)
        for (const auto& part : chunksizes.split(',', Qt::SkipEmptyParts)) {
            const auto v = parseTypedInteger(part);
            if (!v || *v < 1) {
                *why = tr("each chunksize must be a whole number from 1 (or write just 'auto'), got '%1'")
                           .arg(part.trimmed());
                return {};
            }
            chunkList << QString::number(*v);
        }
    QStringList args{
        "sweep",     m_exercise.id,        "--backend", backend() == "sequential" ? "processes" : backend(),
        "--workers", workerList.join(','), "--repeats", QString::number(repeats)};
    if (backend() == "processes" || backend() == "sequential")
        args << "--start" << m_start->currentData().toString();
    if (!chunkList.isEmpty()) args << "--chunksize" << chunkList.join(',');
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
        } else {
            bool known = false;
            for (int i = 0; i < m_fields.size(); ++i)
                if (m_exercise.parameters[i].name == key) {
                    m_fields[i]->setText(value);
                    known = true;
                }
            if (!known) problems << tr("%1 has no field called \"%2\"").arg(m_exercise.title, key);
        }
    }
    revalidate();
    return problems + this->problems();
}

} // namespace mpwb
