// SPDX-License-Identifier: GPL-3.0-or-later
#include "python_page.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine_host.h"
#include "plot_theme.h"
#include "python_examples.h"
#include "python_outcome.h"
#include "run_library.h"
#include "run_views_panel.h"
#include "script_output_view.h"
#include "script_source_view.h"
#include "text_scale.h"

namespace mpwb {
namespace {

// The views of an exercise page, for a run whose work is the student's: it may use chunks, queues, a
// counter; which of them it has shows as it runs.
ExerciseDeclaration scriptDeclaration() {
    ExerciseDeclaration d;
    d.id = QStringLiteral("python");
    d.title = QObject::tr("Your own Python");
    d.backends = {QStringLiteral("cpython")};
    d.startMethods = {QStringLiteral("fork"), QStringLiteral("spawn"), QStringLiteral("forkserver")};
    return d;
}

} // namespace

PythonPage::PythonPage(EngineHost& host, RunLibrary* library, QWidget* parent)
    : QWidget(parent), m_host(host), m_ownLibrary(library ? nullptr : std::make_unique<RunLibrary>()),
      m_library(library ? *library : *m_ownLibrary) {
    m_views = new RunViewsPanel(scriptDeclaration(), m_cursor);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_column = buildScriptColumn());
    split->addWidget(m_views);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({400, 800});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    connect(&m_cursor, &PlaybackCursor::moved, m_views, &RunViewsPanel::showCursor);
    connect(&m_cursor, &PlaybackCursor::runChanged, m_views, &RunViewsPanel::showCursor);
    fillExamples();
    fillRecent();
    updateCommand();
}

PythonPage::~PythonPage() {
    if (isRunning()) m_host.cancel();
}

bool PythonPage::openScript(const QString& path, QString* why) {
    QString problem = scriptProblem(path);
    const auto absolute = QFileInfo(path).absoluteFilePath();
    if (problem.isEmpty()) m_source->load(absolute, &problem); // sets problem when it cannot be read
    if (!problem.isEmpty()) {
        setResult("<b>" + tr("Cannot open:") + "</b> " + problem.toHtmlEscaped());
        if (why) *why = problem;
        return false;
    }
    m_script = absolute;
    m_edit->setEnabled(true);
    m_scriptName->setText(
        tr("Script: <b>%1</b> in %2")
            .arg(QFileInfo(absolute).fileName().toHtmlEscaped(), QFileInfo(absolute).path().toHtmlEscaped()));
    m_texts->setCurrentWidget(m_source);
    const int example = m_examples->findData(absolute);
    m_examples->setCurrentIndex(example < 0 ? 0 : example);
    rememberRecent(absolute);
    setResult({});
    updateCommand();
    return true;
}

bool PythonPage::openExample(const QString& nameOrExercise, QString* why) {
    const auto example = findPythonExample(nameOrExercise);
    if (example.path.isEmpty()) {
        QString where;
        examplesFolder(&where);
        const QString problem = tr("There is no example called \"%1\".").arg(nameOrExercise) +
                                (where.isEmpty() ? QString() : ' ' + where);
        setResult("<b>" + tr("Cannot open:") + "</b> " + problem.toHtmlEscaped());
        if (why) *why = problem;
        return false;
    }
    return openScript(example.path, why);
}

void PythonPage::setArguments(const QStringList& args) {
    QStringList words;
    for (const auto& a : args)
        words << shellQuoted(a);
    m_args->setText(words.join(' '));
}

void PythonPage::setStartMethod(const QString& method) {
    const int at = m_start->findData(method);
    m_start->setCurrentIndex(at < 0 ? 0 : at);
}

std::optional<ScriptRequest> PythonPage::request(QString* why) const {
    if (const auto problem = scriptProblem(m_script); !problem.isEmpty()) {
        if (why) *why = problem;
        return std::nullopt;
    }
    const auto args = splitArguments(m_args->text(), why);
    if (!args) return std::nullopt;
    return ScriptRequest{m_script, *args, m_python->currentData().toString(),
                         m_start->currentData().toString()};
}

void PythonPage::updateCommand() {
    QString why;
    const auto r = request(&why);
    if (r)
        m_command->setText(tr("Will run:") + QStringLiteral(" <code>") + r->shownCommand().toHtmlEscaped() +
                           QStringLiteral("</code>"));
    else
        m_command->setText(QStringLiteral("<i>") + why.toHtmlEscaped() + QStringLiteral("</i>"));
}

void PythonPage::setResult(const QString& html) {
    m_result->setText(html);
    m_result->setVisible(!html.isEmpty());
}

QString PythonPage::resultHtml() const {
    return m_result->text();
}

bool PythonPage::startRun(QString* why) {
    QString problem;
    std::optional<ScriptRequest> r;
    if (isRunning() || m_host.isRunning())
        problem = tr("Another run is going on: wait for it or cancel it.");
    else
        r = request(&problem);
    if (!r) {
        setResult("<b>" + tr("Not started:") + "</b> " + problem.toHtmlEscaped());
        if (why) *why = problem;
        return false;
    }
    m_cancelled = false;
    setResult({});
    // Read again: the student may have changed the file in an editor since it was opened, and a traceback's
    // line numbers must match what is shown.
    QString unread;
    if (!m_source->load(r->script, &unread)) m_source->showText(unread);
    m_live = m_library.beginLiveRun();
    showRun(m_live);
    m_texts->setCurrentWidget(m_output);
    disconnect(&m_host, nullptr, this, nullptr);
    connect(&m_host, &EngineHost::eventsArrived, this, [this](const std::vector<Event>& events) {
        if (m_live) m_live->append(events);
    });
    connect(&m_host, &EngineHost::finished, this, &PythonPage::onHostFinished);
    connect(&m_host, &EngineHost::failed, this, [this](const QString& text) {
        setResult("<b>" + tr("Could not run:") + "</b> " + text.toHtmlEscaped());
        if (!m_host.isRunning()) { // no finished signal follows
            m_library.finishLive(m_live);
            setRunning(false);
            Q_EMIT runFinished(false);
        }
    });
    setRunning(true);
    m_status->setText(tr("Running %1…").arg(QFileInfo(r->script).fileName()));
    Q_EMIT statusChanged(m_status->text());
    if (!m_host.startPython(r->runnerOptions(), r->script, r->args)) {
        m_library.finishLive(m_live);
        setRunning(false);
        return false;
    }
    return true;
}

void PythonPage::cancelRun() {
    if (!isRunning()) return;
    m_cancelled = true;
    m_status->setText(tr("Cancelling…"));
    m_host.cancel();
}

void PythonPage::onHostFinished(int exitCode, const QString& errorText) {
    RunModel* run = m_live;
    m_library.finishLive(run);
    const RunData empty;
    const auto& data = run ? run->data() : empty;
    setResult(pythonOutcomeHtml(data, exitCode, m_cancelled, errorText));
    const bool ok = exitCode == 0 && data.result && data.result->correct && !m_cancelled;
    setRunning(false);
    m_views->showCursor();
    Q_EMIT runFinished(ok);
}

void PythonPage::setRunning(bool running) {
    if (!running) {
        m_live = nullptr;
        disconnect(&m_host, nullptr, this, nullptr);
        m_status->setText(tr("Ready."));
        Q_EMIT statusChanged(tr("Engine idle"));
    }
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    updateCompare();
    m_examples->setEnabled(!running);
}

void PythonPage::showRun(RunModel* run) {
    m_shown = run;
    m_cursor.setRun(run);
    m_output->setRun(run);
    m_views->showCursor();
    updateCompare();
    // A finished run from the library (opened from a file, or an earlier one): its outcome as it ended.
    if (run && !run->isLive() && run->isFinished() && run != m_live) {
        const auto& status = run->data().finished->status;
        setResult(pythonOutcomeHtml(run->data(),
                                    status == "ok"          ? 0
                                    : status == "cancelled" ? 130
                                                            : 1,
                                    false, {}));
    }
}

void PythonPage::updateCompare() {
    const auto* started = m_shown && m_shown->isFinished() ? &m_shown->data().started : nullptr;
    m_compare->setEnabled(!isRunning() && started && *started && (*started)->params.count("exercise") > 0);
}

void PythonPage::setTheme(const PlotTheme& theme, bool dark) {
    m_views->setTheme(theme);
    m_source->setDark(dark);
    m_output->setDark(dark);
}

void PythonPage::setPresenting(bool on) {
    m_column->setVisible(!on);
    m_views->setPresenting(on);
}

} // namespace mpwb
