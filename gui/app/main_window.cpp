// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include "app_palette.h"
#include "compare_page.h"
#include "engine_host.h"
#include "exercise_page.h"
#include "keyboard_help.h"
#include "kitchen_view.h"
#include "lesson_page.h"
#include "navigator.h"
#include "parameter_form.h"
#include "plot_theme.h"
#include "prediction_outcome.h"
#include "presentation_bar.h"
#include "presentation_mode.h"
#include "progress_store.h"
#include "python_page.h"
#include "run_file_actions.h"
#include "run_library.h"
#include "system_monitor.h"

namespace mpwb {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("MP Workbench"));
    m_host = new EngineHost(EngineHost::defaultRunnerPath(), this);
    m_library = new RunLibrary(this);
    m_monitor = new SystemMonitor(this);
    connect(m_library, &RunLibrary::opened, this, &MainWindow::showOpenedRuns);
    connect(m_library, &RunLibrary::openFailed, this, [this](const QString& path, const QString& why) {
        QMessageBox::warning(this, tr("Open run"), tr("%1 could not be opened: %2").arg(path, why));
    });
    m_progress = new ProgressStore(this);
    QString why;
    const auto exercises = parseExerciseList(m_host->listExercises(&why), &why);
    m_navigator = new Navigator(m_lessons, exercises, *m_progress);
    auto* legend = new QLabel(tr("✓ read or run   ★ quiz passed\n◆ prediction made"));
    legend->setWordWrap(true);
    legend->setStyleSheet("color: gray; padding: 2px 4px;");
    auto* left = m_side = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_navigator);
    leftLayout->addWidget(legend);
    m_stack = new QStackedWidget;
    auto* split = new QSplitter;
    split->addWidget(left);
    split->addWidget(m_stack);
    split->setStretchFactor(1, 4);
    split->setSizes({290, 1200});
    m_presentationBar = new PresentationBar;
    auto* central = new QWidget;
    central->setFocusPolicy(Qt::StrongFocus); // holds the keys in presentation mode, with the forms hidden
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_presentationBar);
    centralLayout->addWidget(split, 1);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Engine idle"));

    m_index = new QTextBrowser;
    m_index->setOpenLinks(false);
    connect(m_index, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        QString linkWhy;
        if (!openLink(url, &linkWhy)) QMessageBox::warning(this, tr("Lesson index"), linkWhy);
    });
    m_stack->addWidget(m_index);
    if (exercises.isEmpty()) {
        auto* label = new QLabel(tr("The engine could not be asked for its exercises: %1").arg(why));
        label->setWordWrap(true);
        m_stack->addWidget(label);
        m_stack->setCurrentWidget(label);
    }
    buildPages(exercises);
    m_compare = new ComparePage(*m_host, *m_library);
    m_stack->addWidget(m_compare);
    connect(m_compare, &ComparePage::statusChanged, this,
            [this](const QString& text) { statusBar()->showMessage(text); });
    buildPythonPage();
    m_presentation = new PresentationMode(*this, *m_presentationBar);
    buildMenus();
    if (!m_lessons.problems().isEmpty())
        statusBar()->showMessage(
            tr("Some lessons could not be read: %1").arg(m_lessons.problems().join("; ")));
    connect(m_navigator, &Navigator::lessonChosen, this, &MainWindow::showLesson);
    connect(m_navigator, &Navigator::exerciseChosen, this, &MainWindow::showExercise);
    connect(m_navigator, &Navigator::compareChosen, this, &MainWindow::showCompare);
    connect(m_navigator, &Navigator::pythonChosen, this, &MainWindow::showPython);

    QSettings settings;
    // The first time, fit the screen it opens on (a 1280×720 projector too); later, as the student left it.
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) {
        if (const auto* screen = QGuiApplication::primaryScreen())
            resize(screen->availableGeometry().size().boundedTo(QSize(1600, 1000)));
    }
    restoreState(settings.value("window/state").toByteArray());
    m_textPoints = settings.value("view/fontSize", QApplication::font().pointSizeF()).toReal();
    setDarkTheme(settings.value("view/dark", false).toBool());
    // Start where the student left off: the last page shown, else the first lesson.
    const auto last = settings.value("window/lastPage").toString();
    if (last.startsWith("lesson:") && m_lessons.find(last.mid(7)))
        showLesson(last.mid(7));
    else if (last.startsWith("exercise:") && m_pages.contains(last.mid(9)))
        showExercise(last.mid(9));
    else if (last == "python")
        showPython();
    else if (!m_lessons.lessons().isEmpty())
        showLesson(m_lessons.lessons().first().id);
    else if (!m_pages.isEmpty())
        showExercise(m_pages.firstKey());
}

MainWindow::~MainWindow() {
    // The app's font is shared: a window that goes while presenting must not leave it at projector size.
    if (m_presentation->isOn()) m_presentation->setOn(false);
    // Pages use the engine host, the run library and the monitor: they go first.
    delete m_stack;
    m_stack = nullptr;
}

void MainWindow::buildPages(const QVector<ExerciseDeclaration>& exercises) {
    for (const auto& e : exercises) {
        auto* page = new ExercisePage(e, *m_host, m_library, m_monitor);
        m_pages[e.id] = page;
        // The kitchen's legend links to the lessons that explain its pictures.
        for (auto* kitchen : page->findChildren<KitchenView*>())
            connect(kitchen, &KitchenView::linkChosen, this, [this](const QUrl& link) {
                QString why;
                openLink(link, &why);
            });
        m_stack->addWidget(page);
        connect(page, &ExercisePage::statusChanged, this,
                [this](const QString& s) { statusBar()->showMessage(s); });
        connect(page, &ExercisePage::runFinished, this, [this, page, id = e.id](bool ok) {
            if (!ok) return;
            m_progress->markExerciseRun(id);
            const auto line = page->resultLine();
            if (!line.isEmpty()) m_progress->addExerciseResult(id, line);
        });
        connect(page, &ExercisePage::compareRequested, this, [this, page] {
            QString why;
            if (!compareBackends(page, {}, &why)) QMessageBox::information(this, tr("Compare backends"), why);
        });
        connect(page, &ExercisePage::sweepsToCompare, this, [this](const QList<RunModel*>& sweeps) {
            if (m_compare->isRunning()) return; // the sweeps stay in the library, to pick there
            m_compare->showRuns(sweeps);
            showCompare();
        });
        connect(page, &ExercisePage::pythonVersionRequested, this, [this](const QUrl& link) {
            QString why;
            if (!openLink(link, &why)) QMessageBox::information(this, tr("Run the Python version"), why);
        });
        connect(page->predictionOutcome(), &PredictionOutcome::measured, m_progress,
                &ProgressStore::recordMeasurement);
    }
}

LessonPage* MainWindow::lessonPage(const QString& requested) {
    const QString id = currentLessonId(requested);
    if (auto* page = m_lessonPages.value(id)) return page;
    const Lesson* lesson = m_lessons.find(id);
    if (!lesson) return nullptr;
    auto* page = new LessonPage(*lesson, *m_progress);
    page->setDark(m_dark);
    m_lessonPages[id] = page;
    m_stack->addWidget(page);
    connect(page, &LessonPage::linkChosen, this, [this](const QUrl& url) {
        QString why;
        if (!openLink(url, &why)) QMessageBox::warning(this, tr("Lesson link"), why);
    });
    connect(page, &LessonPage::predictionRunRequested, this, [this](const QString& lessonId) {
        QString why;
        if (!runPrediction(lessonId, &why)) QMessageBox::warning(this, tr("Predict, then run"), why);
    });
    return page;
}

void MainWindow::showLesson(const QString& requested) {
    const QString id = currentLessonId(requested);
    if (auto* page = lessonPage(id)) {
        m_stack->setCurrentWidget(page);
        m_navigator->select(Navigator::Kind::Lesson, id);
        QSettings().setValue("window/lastPage", QString("lesson:" + id));
    }
}

void MainWindow::showLessonIndex() {
    QString html =
        "<h1>" + tr("Lessons") + "</h1><p>" +
        tr("In teaching order. Each ends with an experiment to run, a prediction to make and a quiz.") +
        "</p><ol>";
    for (const auto& lesson : m_lessons.lessons()) {
        QStringList done;
        if (m_progress->lessonRead(lesson.id)) done << tr("read");
        if (m_progress->quizPassed(lesson.id)) done << tr("quiz passed");
        if (m_progress->prediction(lesson.id)) done << tr("prediction made");
        html += QString("<li><a href='mpwb:lesson/%1'>%2</a>%3</li>")
                    .arg(lesson.id, lesson.title.toHtmlEscaped(),
                         done.isEmpty() ? QString() : " &nbsp;<i>(" + done.join(", ") + ")</i>");
    }
    html += "</ol>";
    m_index->setHtml(html);
    m_stack->setCurrentWidget(m_index);
}

bool MainWindow::openLink(const QUrl& url, QString* why) {
    if (url.scheme() == "mpwb" && (url.path() == "python" || url.path().startsWith("python/")))
        return openPythonLink(url, why);
    const auto link = parseLessonLink(url, why);
    if (!link) return false;
    if (link->kind == LessonLink::Kind::Lesson) {
        if (!m_lessons.find(link->target)) {
            *why = tr("There is no lesson called \"%1\".").arg(link->target);
            return false;
        }
        showLesson(link->target);
        lessonPage(link->target)->scrollToPart(link->part);
        return true;
    }
    auto* page = m_pages.value(link->target);
    if (!page) {
        *why = tr("This workbench has no exercise called \"%1\".").arg(link->target);
        return false;
    }
    showExercise(link->target);
    if (!page->applyLink(*link, why)) return false;
    if (link->action == LessonLink::Action::Compare)
        return compareBackends(page, link->backends.split(',', Qt::SkipEmptyParts), why);
    return true;
}

bool MainWindow::runPrediction(const QString& lessonId, QString* why) {
    const Lesson* lesson = m_lessons.find(lessonId);
    const auto record = m_progress->prediction(lessonId);
    if (!lesson || !lesson->prediction || !record) {
        *why = tr("There is no prediction to run for this lesson.");
        return false;
    }
    const auto link = parseLessonLink(lesson->prediction->run, why);
    if (!link) return false;
    auto* page = m_pages.value(link->target);
    if (!page) {
        *why = tr("This workbench has no exercise called \"%1\".").arg(link->target);
        return false;
    }
    showExercise(link->target);
    if (m_host->isRunning()) {
        *why = tr("A run is going on; wait for it or cancel it, then lock in your guess again.");
        return false;
    }
    page->predictionOutcome()->setPending(lessonId, *lesson->prediction, record->guess, record->classGuesses);
    if (page->applyLink(*link, why)) return true;
    page->predictionOutcome()->abandon(*why);
    return false;
}

ExercisePage* MainWindow::currentPage() const {
    return qobject_cast<ExercisePage*>(m_stack->currentWidget());
}

void MainWindow::showExercise(const QString& id) {
    if (auto* page = m_pages.value(id)) {
        m_stack->setCurrentWidget(page);
        m_navigator->select(Navigator::Kind::Exercise, id);
        QSettings().setValue("window/lastPage", QString("exercise:" + id));
    }
}

void MainWindow::showCompare() {
    m_stack->setCurrentWidget(m_compare);
    m_navigator->select(Navigator::Kind::Compare, "compare");
}

bool MainWindow::compareBackends(ExercisePage* page, const QStringList& backends, QString* why) {
    const auto args = page->form()->compareArguments();
    if (args.isEmpty()) {
        *why = tr("Fix the exercise's parameters first: %1").arg(page->form()->problems().join("; "));
        return false;
    }
    QStringList chosen;
    for (const auto& b : page->exercise().backends)
        if (backends.isEmpty() || backends.contains(b)) chosen << b;
    // Sequential first: it is what every speedup is measured against.
    std::stable_sort(chosen.begin(), chosen.end(), [](const QString& a, const QString& b) {
        return a == "sequential" && b != "sequential";
    });
    m_compare->setBackends(chosen);
    showCompare();
    return m_compare->startComparison(args, why);
}

void MainWindow::setDarkTheme(bool dark) {
    if (m_darkAction && m_darkAction->isChecked() != dark) m_darkAction->setChecked(dark);
    m_dark = dark;
    applyLook();
    for (auto* page : m_lessonPages)
        page->setDark(dark);
    QSettings().setValue("view/dark", dark);
}

void MainWindow::setPresentationLook(bool on) {
    m_presenting = on;
    applyLook();
}

void MainWindow::applyLook() {
    // One text size for everything: widgets through the app's font (scaleText follows it), plots through
    // their theme, lessons by re-rendering at the new font.
    const qreal points = m_presenting ? std::max(m_textPoints * 1.5, 16.0) : m_textPoints;
    auto f = QApplication::font();
    f.setPointSizeF(points);
    QApplication::setFont(f);
    applyAppPalette(m_dark); // widgets with style sheets are polished again, to the new size and colours
    auto theme = m_dark ? PlotTheme::dark(points * 1.1) : PlotTheme::light(points * 1.1);
    if (m_presenting) theme = theme.highContrast();
    for (auto* page : m_pages)
        page->setTheme(theme);
    m_compare->setTheme(theme);
    m_python->setTheme(theme, m_dark);
}

void MainWindow::changeFontSize(int delta) {
    m_textPoints = qBound(8.0, m_textPoints + delta, 28.0);
    applyLook();
    QSettings().setValue("view/fontSize", m_textPoints);
}

bool MainWindow::isCompareShown() const {
    return m_stack->currentWidget() == m_compare;
}

void MainWindow::showAsLeft() {
    // A size saved on a large monitor must not hang off a projector's screen.
    if (const auto* screen = this->screen()) {
        const QRect room = screen->availableGeometry();
        if (width() > room.width() || height() > room.height()) resize(size().boundedTo(room.size()));
        if (!room.contains(frameGeometry().topLeft())) move(room.topLeft());
    }
    if (QSettings().value("window/maximised", false).toBool())
        showMaximized();
    else
        show();
}

bool MainWindow::presentFiles(const QStringList& paths, QString* why) {
    return m_presentation->presentFiles(paths, *m_library, why);
}

bool MainWindow::openRunFile(const QString& path, QString* why) {
    return m_fileActions->openRunFile(path, why);
}

void MainWindow::showOpenedRuns(const QString& path, const QList<RunModel*>& runs) {
    const auto name = QFileInfo(path).fileName();
    // A file of several runs (a comparison, or sweeps to overlay) goes to the compare page.
    if (runs.size() > 1 && !m_compare->isRunning()) {
        m_compare->showRuns(runs);
        showCompare();
        statusBar()->showMessage(tr("Opened %1: %2 runs, compared.").arg(name).arg(runs.size()));
        return;
    }
    RunModel* last = runs.isEmpty() ? nullptr : runs.back();
    const auto& started = last ? last->data().started : std::nullopt;
    const auto& sweep = last ? last->data().sweep : std::nullopt;
    const QString id = started ? QString::fromStdString(started->exercise)
                       : sweep ? QString::fromStdString(sweep->exercise)
                               : QString();
    if (id == "python" && last && !m_python->isRunning()) { // a Python run: on its own page
        showPython();
        m_python->showRun(last);
        statusBar()->showMessage(tr("Opened %1: use the playback bar to replay it.").arg(name));
        return;
    }
    ExercisePage* page = m_pages.value(id);
    if (!page && last && last->isSweep() && !sweep) page = currentPage(); // older sweeps name no exercise
    if (!page) {
        QMessageBox::warning(this, tr("Open run"),
                             tr("%1 is not a run of an exercise this workbench knows.").arg(path));
        return;
    }
    if (page->isRunning()) {
        QMessageBox::information(this, tr("Open run"),
                                 tr("%1 is in the run library; a run is going on on its page, so it is not "
                                    "shown yet. Pick it on the compare page, or open it again later.")
                                     .arg(name));
        return;
    }
    showExercise(page->exercise().id);
    page->showRun(last);
    statusBar()->showMessage(tr("Opened %1: use the playback bar to replay it.").arg(name));
}

bool MainWindow::saveShownRun(const QString& path, QString* why) {
    return m_fileActions->saveShownRun(path, why);
}

bool MainWindow::exportSummary(const QString& path, QString* why) {
    return m_fileActions->exportSummary(path, why);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    for (auto* page : m_pages)
        page->cancelRun();
    m_python->cancelRun();
    QSettings settings;
    if (m_presentation->isOn()) m_presentation->setOn(false); // save the student's window, not the show
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/maximised", isMaximized());
    settings.setValue("window/state", saveState());
    event->accept();
}

} // namespace mpwb
