// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The File menu's work: opening and saving runs, and exporting the run on screen (its plots, its chunks as
// CSV, a summary for class, the kitchen). Dialogs start in the folder last used for any of these (one folder
// for all: a student's runs, plots and tables for one assignment usually live together) and propose a name
// made from the run (runFileName). The functions without a dialog are the ones tests call.

#include <QObject>
#include <QString>
#include <functional>

class QMainWindow;
class QMenu;
class QWidget;

namespace mpwb {

class ExercisePage;
class RunLibrary;
class RunModel;

class RunFileActions : public QObject {
    Q_OBJECT
public:
    // `currentPage` answers the exercise page on screen, or null when a lesson or the compare page is.
    RunFileActions(QMainWindow* window, RunLibrary& library, std::function<ExercisePage*()> currentPage);

    // Open, Save, the exports, in that order, with their shortcuts.
    void addTo(QMenu* menu);

    // The run on screen when no exercise page is (the Python page's), so it is saved and exported too.
    void setOtherShownRun(std::function<const RunModel*()> shown) { m_otherShownRun = std::move(shown); }
    // Opens a saved run (read on a worker thread; the library announces it when it has loaded); false at
    // once, with the reason, when the file cannot be read at all.
    bool openRunFile(const QString& path, QString* why);
    // Writes the run on screen (the current exercise page's) to a file; false with the reason otherwise.
    bool saveShownRun(const QString& path, QString* why);
    // Writes the current exercise's last run, its prediction and its plots to a PNG or PDF.
    bool exportSummary(const QString& path, QString* why);
    // Writes the plot of the current tab, below the core plot when `withCores` (and the core plot is not
    // folded away), as on screen but without the tab bar and the playback bar.
    bool exportPlots(const QString& path, bool withCores, QString* why);
    // Writes the shown run's chunks, one line each, as CSV.
    bool exportChunks(const QString& path, QString* why);
    // The widgets exportPlots draws, top to bottom (tests).
    QList<QWidget*> plotsOnScreen(bool withCores) const;

    // The name the dialogs propose for the run on screen, e.g.
    // "sum-squares-processes-4w-2026-11-30-plots.png".
    QString proposedName(const QString& what, const QString& extension) const;
    // Where the next dialog starts: the folder of the last file opened or written, else Documents.
    static QString lastFolder();
    static void rememberFolder(const QString& path);

private:
    void openRun();
    void saveRun();
    void exportPlotsAs(bool withCores);
    void exportChunksAs();
    void exportSummaryAs();
    void exportKitchenAs();
    // A save dialog in the last folder with the proposed name; empty when the student cancels.
    QString askSavePath(const QString& title, const QString& what, const QString& extension,
                        const QString& filter);
    const RunModel* shownRun() const;
    void warn(const QString& title, const QString& text) const;

    QMainWindow* m_window;
    RunLibrary& m_library;
    std::function<ExercisePage*()> m_currentPage;
    std::function<const RunModel*()> m_otherShownRun;
};

} // namespace mpwb
