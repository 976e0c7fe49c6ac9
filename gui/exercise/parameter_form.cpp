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

// A folder field: the path can be typed, or picked with the usual dialog.
QWidget* withBrowseButton(QLineEdit* edit, const QString& what) {
    auto* box = new QWidget;
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(edit, 1);
    auto* browse = new QPushButton(QObject::tr("Browse…"));
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
    form->addRow(tr("Backend"), m_backend);

    m_start = new QComboBox;
    if (m_exercise.startMethods.contains("fork")) m_start->addItem(tr("fork (copy this process)"), "fork");
    if (m_exercise.startMethods.contains("spawn"))
        m_start->addItem(tr("spawn (start a fresh program)"), "spawn");
    m_start->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_start->setMinimumContentsLength(14);
    form->addRow(tr("Start method"), m_start);

    m_workers = new QSpinBox;
    m_workers->setRange(1, kMaxWorkers);
    m_workers->setValue(m_exercise.defaultWorkers > 0 ? m_exercise.defaultWorkers
                                                      : qMax(1, QThread::idealThreadCount()));
    m_workers->setToolTip(tr("How many workers run at once (1 to %1). This machine has %2 cores.")
                              .arg(kMaxWorkers)
                              .arg(QThread::idealThreadCount()));
    form->addRow(tr("Workers"), m_workers);

    m_chunksize = new QLineEdit("auto");
    m_chunksize->setToolTip(tr("Items sent to a worker at once: a whole number from 1, or 'auto' "
                               "(about four chunks per worker)."));
    m_chunksizeProblem = problemLabel();
    form->addRow(tr("Chunksize"), withProblem(m_chunksize, m_chunksizeProblem));
    if (!m_exercise.usesChunksize) form->setRowVisible(m_chunksize->parentWidget(), false);

    for (const auto& p : m_exercise.parameters) {
        Field f;
        f.problem = problemLabel();
        QWidget* widget = nullptr;
        if (p.kind == ParameterDeclaration::Kind::Choice) {
            f.combo = new QComboBox;
            for (const auto& c : p.choices)
                f.combo->addItem(c, c);
            f.combo->setCurrentIndex(qMax(0, f.combo->findData(p.defaultText)));
            f.combo->setToolTip(p.help);
            connect(f.combo, &QComboBox::currentIndexChanged, this, &ParameterForm::revalidate);
            widget = f.combo;
        } else {
            f.edit = new QLineEdit;
            connect(f.edit, &QLineEdit::textChanged, this, &ParameterForm::revalidate);
            widget = f.edit;
            if (p.kind == ParameterDeclaration::Kind::Folder) {
                f.edit->setText(p.defaultText);
                f.edit->setPlaceholderText(p.mustExist ? tr("none: use a generated sample set")
                                                       : tr("a new folder"));
                f.edit->setToolTip(p.help);
                widget = withBrowseButton(f.edit, p.label);
            } else {
                const QLocale locale(QLocale::English);
                f.edit->setText(locale.toString(p.defaultValue));
                f.edit->setToolTip(
                    tr("%1 (%2 to %3)").arg(p.help, locale.toString(p.minimum), locale.toString(p.maximum)));
            }
        }
        form->addRow(p.label, withProblem(widget, f.problem));
        m_fields.push_back(f);
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
        const auto problem = checkParameter(m_exercise.parameters[i], fieldText(i));
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
        const auto problem = checkParameter(m_exercise.parameters[i], fieldText(i));
        m_fields[i].problem->setText(problem);
        m_fields[i].problem->setVisible(!problem.isEmpty());
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
