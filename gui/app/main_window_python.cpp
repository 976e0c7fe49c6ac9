// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's part of "Your own Python": the page, its links and File › Open Python script….
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUrlQuery>

#include "compare_page.h"
#include "lesson.h"
#include "main_window.h"
#include "navigator.h"
#include "progress_store.h"
#include "python_page.h"
#include "run_file_actions.h"
#include "run_library.h"
#include "run_model.h"
#include "run_views_panel.h"
#include "script_request.h"

namespace mpwb {

void MainWindow::buildPythonPage() {
    m_python = new PythonPage(*m_host, m_library);
    m_stack->addWidget(m_python);
    connect(m_python, &PythonPage::statusChanged, this,
            [this](const QString& s) { statusBar()->showMessage(s); });
    connect(m_python, &PythonPage::compareRequested, this, [this](RunModel* run) {
        QString why;
        if (!comparePythonRun(run, &why)) QMessageBox::information(this, tr("Compare with the engine"), why);
    });
    connect(m_python, &PythonPage::linkChosen, this, [this](const QUrl& url) {
        QString why;
        if (!openLink(url, &why)) QMessageBox::warning(this, tr("Lesson link"), why);
    });
}

void MainWindow::showPython() {
    m_stack->setCurrentWidget(m_python);
    m_navigator->select(Navigator::Kind::Python, "python");
    QSettings().setValue("window/lastPage", QStringLiteral("python"));
}

bool MainWindow::isPythonShown() const {
    return m_stack->currentWidget() == m_python;
}

void MainWindow::openPythonScript() {
    const auto path = QFileDialog::getOpenFileName(this, tr("Open Python script"),
                                                   QSettings().value("python/lastFolder").toString(),
                                                   tr("Python scripts (*.py)"));
    if (path.isEmpty()) return;
    QSettings().setValue("python/lastFolder", QFileInfo(path).path());
    showPython();
    QString why;
    if (!m_python->openScript(path, &why)) QMessageBox::warning(this, tr("Open Python script"), why);
}

bool MainWindow::comparePythonRun(RunModel* run, QString* why) {
    const auto& started = run->data().started;
    const auto exercise =
        started && started->params.count("exercise") ? started->params.at("exercise") : std::string();
    if (exercise.empty()) {
        *why = tr(
            "This script is not an exercise's Python version, so there is no engine run to put beside it.");
        return false;
    }
    if (m_compare->isRunning()) {
        *why = tr("A comparison is running on the compare page; wait for it first.");
        return false;
    }
    for (int row = m_library->size() - 1; row >= 0; --row) { // the newest first
        auto* other = m_library->runAt(row);
        const auto& s = other->data().started;
        if (other->isFinished() && s && s->exercise == exercise && s->backend != "cpython") {
            m_compare->showRuns({other, run});
            showCompare();
            return true;
        }
    }
    *why = tr("There is no finished engine run of %1 yet: run it on its exercise page, then compare again.")
               .arg(QString::fromStdString(exercise));
    return false;
}

bool MainWindow::openPythonLink(const QUrl& url, QString* why) {
    const QUrlQuery query(url);
    const auto parts = url.path().split('/');
    // Check everything before changing anything on the page: a bad link leaves it as it was.
    std::optional<QStringList> args;
    if (query.hasQueryItem("args")) {
        args = splitArguments(query.queryItemValue("args", QUrl::FullyDecoded), why);
        if (!args) return false;
    }
    const auto start = query.queryItemValue("start");
    if (!start.isEmpty() && start != "fork" && start != "spawn" && start != "forkserver") {
        *why = tr("The start method \"%1\" is not one Python has: use fork, spawn or forkserver.").arg(start);
        return false;
    }
    const auto action = query.queryItemValue("action");
    if (!action.isEmpty() && action != "open" && action != "run") {
        *why = tr("A Python link's action is open or run, not \"%1\".").arg(action);
        return false;
    }
    const auto view = query.queryItemValue("view");
    if (!view.isEmpty() && !linkViews().contains(view)) {
        *why = tr("A link's view is one of %1, not \"%2\".").arg(linkViews().join(", "), view);
        return false;
    }
    if (m_python->isRunning()) {
        *why = tr("A Python run is going on; cancel it or wait for it first.");
        showPython();
        return false;
    }
    bool opened = true;
    if (parts.size() == 3 && (parts[1] == "example" || parts[1] == "exercise"))
        opened = m_python->openExample(parts[2], why);
    else if (query.hasQueryItem("file"))
        opened = m_python->openScript(query.queryItemValue("file", QUrl::FullyDecoded), why);
    else if (parts.size() != 1) {
        *why = tr("The link %1 leads nowhere: Python links are mpwb:python/example/NAME or "
                  "mpwb:python?file=PATH.")
                   .arg(url.toString());
        return false;
    }
    showPython();
    if (!opened) return false;
    if (args) m_python->setArguments(*args);
    if (query.hasQueryItem("start")) m_python->setStartMethod(start);
    // As on an exercise page: a link without a view forgets the one an earlier link wanted in front.
    m_python->viewsPanel()->showView(view);
    return action == "run" ? m_python->startRun(why) : true;
}

} // namespace mpwb
