// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The workbench window: the navigator of lessons and exercises on the left, the chosen lesson or exercise
// in the centre, menus for runs, plots and progress, and a status bar that says what the engine is doing.
// Layout and choices persist (QSettings).

#include <QMainWindow>
#include <QMap>

#include "exercise_catalogue.h"
#include "lesson_catalogue.h"

class QStackedWidget;
class QTextBrowser;
class QAction;

namespace mpwb {

class ComparePage;
class EngineHost;
class ExercisePage;
class LessonPage;
class Navigator;
class PresentationBar;
class PresentationMode;
class ProgressStore;
class PythonPage;
class RunFileActions;
class RunLibrary;
class RunModel;
class SystemMonitor;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ExercisePage* exercisePage(const QString& id) const { return m_pages.value(id); }
    ExercisePage* currentPage() const;
    LessonPage* lessonPage(const QString& id);
    Navigator* navigator() const { return m_navigator; }
    ProgressStore& progress() const { return *m_progress; }
    const LessonCatalogue& lessons() const { return m_lessons; }

    void showExercise(const QString& id);
    void showLesson(const QString& id);
    void showLessonIndex();
    void showCompare();
    ComparePage* comparePage() const { return m_compare; }
    // Runs the exercise page's work with the backends it supports (or those named), on the compare page.
    bool compareBackends(ExercisePage* page, const QStringList& backends, QString* why);
    // Follows an mpwb: link from a lesson; returns false with the reason when it leads nowhere valid.
    bool openLink(const QUrl& url, QString* why);
    // Runs the experiment a lesson's prediction asks about, after the guess has been stored.
    bool runPrediction(const QString& lessonId, QString* why);
    void setDarkTheme(bool dark);
    // Presentation mode's look: text 1.5× the student's size (plots too), high-contrast plots.
    void setPresentationLook(bool on);
    PresentationMode& presentation() const { return *m_presentation; }
    // Opens saved runs (each file one step: a run, or several compared) and presents them in that order.
    bool presentFiles(const QStringList& paths, QString* why);
    QWidget* sidePanel() const { return m_side; }
    QList<ExercisePage*> exercisePages() const { return m_pages.values(); }
    bool isCompareShown() const;
    // "Your own Python": the page, showing it, and whether it is on screen.
    PythonPage* pythonPage() const { return m_python; }
    void showPython();
    bool isPythonShown() const;
    // File › Open Python script…: a file dialog, then the Python page with that script.
    void openPythonScript();
    // Shows runs read from a file: one on its exercise's page, several compared.
    void showRuns(const QString& path, const QList<RunModel*>& runs) { showOpenedRuns(path, runs); }
    // Fits the window to the screen it is on (after restoring a size saved on a larger one) and shows it,
    // maximised if it was left so.
    void showAsLeft();
    // Opens a saved run (read on a worker thread) and shows it on its exercise's page when it has loaded;
    // returns false at once, with the reason, when the file cannot be read at all.
    bool openRunFile(const QString& path, QString* why);
    // Writes the run on screen (the current exercise page's) to a file; false with the reason otherwise.
    bool saveShownRun(const QString& path, QString* why);
    RunLibrary& library() const { return *m_library; }
    // The File menu's work: open, save and export.
    RunFileActions& fileActions() const { return *m_fileActions; }
    // Writes the current exercise's last run, its prediction and its plots to a PNG or PDF.
    bool exportSummary(const QString& path, QString* why);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildPages(const QVector<ExerciseDeclaration>& exercises);
    void resetProgress();
    void changeFontSize(int delta);
    void applyLook();
    void escape();
    void showKeyboardHelp();

    void showOpenedRuns(const QString& path, const QList<RunModel*>& runs);
    void buildPythonPage();
    // mpwb:python/example/NAME, mpwb:python/exercise/ID?args=...&start=..., mpwb:python?file=PATH.
    bool openPythonLink(const QUrl& url, QString* why);
    // A Python run of an exercise's version beside the library's latest engine run of that exercise.
    bool comparePythonRun(RunModel* run, QString* why);

    EngineHost* m_host = nullptr;
    RunLibrary* m_library = nullptr;
    RunFileActions* m_fileActions = nullptr;
    SystemMonitor* m_monitor = nullptr;
    ProgressStore* m_progress = nullptr;
    LessonCatalogue m_lessons;
    Navigator* m_navigator = nullptr;
    QStackedWidget* m_stack = nullptr;
    ComparePage* m_compare = nullptr;
    PythonPage* m_python = nullptr;
    QTextBrowser* m_index = nullptr;
    QMap<QString, ExercisePage*> m_pages;
    QMap<QString, LessonPage*> m_lessonPages;
    QAction* m_darkAction = nullptr;
    QAction* m_presentAction = nullptr;
    QWidget* m_side = nullptr;
    PresentationBar* m_presentationBar = nullptr;
    PresentationMode* m_presentation = nullptr;
    bool m_dark = false;
    bool m_presenting = false;
    qreal m_textPoints = 0; // the student's text size; presentation mode enlarges it
};

} // namespace mpwb
