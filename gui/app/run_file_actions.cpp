// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_file_actions.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextStream>

#include "exercise_page.h"
#include "kitchen_canvas.h"
#include "kitchen_view.h"
#include "plot_export.h"
#include "run_file_name.h"
#include "run_library.h"
#include "run_view.h"

namespace mpwb {
namespace {
const char* const kLastFolderKey = "files/lastFolder";
} // namespace

RunFileActions::RunFileActions(QMainWindow* window, RunLibrary& library,
                               std::function<ExercisePage*()> currentPage)
    : QObject(window), m_window(window), m_library(library), m_currentPage(std::move(currentPage)) {}

void RunFileActions::addTo(QMenu* menu) {
    menu->addAction(tr("&Open run…"), QKeySequence::Open, this, &RunFileActions::openRun);
    menu->addAction(tr("&Save run…"), QKeySequence::Save, this, &RunFileActions::saveRun);
    menu->addSeparator();
    menu->addAction(tr("&Export plots as PNG, PDF or SVG…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                    [this] { exportPlotsAs(true); });
    menu->addAction(tr("Export the &tab's plot only…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this,
                    [this] { exportPlotsAs(false); });
    menu->addAction(tr("Export chunks as &CSV…"), this, &RunFileActions::exportChunksAs);
    menu->addAction(tr("Export run s&ummary for class (PNG or PDF)…"), this,
                    &RunFileActions::exportSummaryAs);
    menu->addAction(tr("Export the &kitchen as PNG…"), this, &RunFileActions::exportKitchenAs);
}

QString RunFileActions::lastFolder() {
    auto folder = QSettings().value(kLastFolderKey).toString();
    if (!folder.isEmpty() && QFileInfo(folder).isDir()) return folder;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void RunFileActions::rememberFolder(const QString& path) {
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
}

const RunModel* RunFileActions::shownRun() const {
    auto* page = m_currentPage();
    if (page) return page->shownRun();
    return m_otherShownRun ? m_otherShownRun() : nullptr;
}

QString RunFileActions::proposedName(const QString& what, const QString& extension) const {
    return runFileName(runNameParts(shownRun(), QDate::currentDate()), what, extension);
}

QString RunFileActions::askSavePath(const QString& title, const QString& what, const QString& extension,
                                    const QString& filter) {
    const auto start = QDir(lastFolder()).filePath(proposedName(what, extension));
    auto path = QFileDialog::getSaveFileName(m_window, title, start, filter);
    if (!path.isEmpty()) rememberFolder(path);
    return path;
}

void RunFileActions::warn(const QString& title, const QString& text) const {
    QMessageBox::warning(m_window, title, text);
}

bool RunFileActions::openRunFile(const QString& path, QString* why) {
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable()) {
        *why = info.exists() ? tr("it cannot be read") : tr("there is no such file");
        return false;
    }
    m_library.openFile(path);
    m_window->statusBar()->showMessage(tr("Opening %1…").arg(info.fileName()));
    return true;
}

void RunFileActions::openRun() {
    const auto path = QFileDialog::getOpenFileName(m_window, tr("Open a saved run"), lastFolder(),
                                                   tr("Runs (*.mpwbrun);;All files (*)"));
    if (path.isEmpty()) return;
    rememberFolder(path);
    QString why;
    if (!openRunFile(path, &why)) warn(tr("Open run"), tr("%1 could not be opened: %2").arg(path, why));
}

bool RunFileActions::saveShownRun(const QString& path, QString* why) {
    const RunModel* run = shownRun();
    if (!run || run->eventCount() == 0) {
        *why = tr("There is no run on screen to save: open an exercise and press Run first.");
        return false;
    }
    if (run->isLive()) {
        *why = tr("The run is still going on: save it when it has finished.");
        return false;
    }
    return RunLibrary::save(*run, path, why);
}

void RunFileActions::saveRun() {
    if (!shownRun()) {
        QMessageBox::information(m_window, tr("Save run"),
                                 tr("There is no run to save yet: press Run first."));
        return;
    }
    const auto path = askSavePath(tr("Save the run on screen"), {}, "mpwbrun", tr("Runs (*.mpwbrun)"));
    QString why;
    if (!path.isEmpty() && !saveShownRun(path, &why))
        warn(tr("Save run"), tr("Could not save %1: %2").arg(path, why));
}

bool RunFileActions::exportSummary(const QString& path, QString* why) {
    auto* page = m_currentPage();
    const auto content = page ? page->summaryContent() : SummaryContent();
    if (content.title.isEmpty()) {
        *why = tr("There is no finished run to summarise yet: open an exercise and press Run.");
        return false;
    }
    const auto sheet = makeSummarySheet(content, page->plotArea());
    // The sheet holds pictures grabbed at screen size: a larger PNG would only blur them.
    ExportOptions options;
    options.pngScale = 1.0;
    options.pdfPage = ExportOptions::PdfPage::A4Landscape;
    return exportWidget(sheet.get(), path, why, options);
}

void RunFileActions::exportSummaryAs() {
    const auto path = askSavePath(tr("Export run summary"), "summary", "pdf",
                                  tr("PDF document (*.pdf);;PNG image (*.png)"));
    QString why;
    if (!path.isEmpty() && !exportSummary(path, &why)) warn(tr("Export run summary"), why);
}

QList<QWidget*> RunFileActions::plotsOnScreen(bool withCores) const {
    auto* page = m_currentPage();
    if (!page) return {};
    QList<QWidget*> shown;
    // The core plot is the first view; the splitter may have folded it away, and then it is not on screen.
    QWidget* cores = page->views().empty() ? nullptr : page->views().front()->widget();
    if (withCores && cores && cores->isVisible() && cores->height() > 0) shown << cores;
    if (auto* tabs = page->plotArea()->findChild<QTabWidget*>(); tabs && tabs->currentWidget())
        shown << tabs->currentWidget();
    return shown;
}

bool RunFileActions::exportPlots(const QString& path, bool withCores, QString* why) {
    const auto plots = plotsOnScreen(withCores);
    if (plots.isEmpty()) {
        *why = tr("Open an exercise to export its plots.");
        return false;
    }
    return exportWidgets(plots, path, why);
}

void RunFileActions::exportPlotsAs(bool withCores) {
    if (!m_currentPage()) {
        QMessageBox::information(m_window, tr("Export plots"), tr("Open an exercise to export its plots."));
        return;
    }
    const auto path =
        askSavePath(withCores ? tr("Export the core plot and the tab's plot") : tr("Export the tab's plot"),
                    "plots", "png", tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"));
    QString why;
    if (!path.isEmpty() && !exportPlots(path, withCores, &why)) warn(tr("Export plots"), why);
}

bool RunFileActions::exportChunks(const QString& path, QString* why) {
    auto* page = m_currentPage();
    if (!page || page->run().chunks.empty()) {
        *why = tr("There are no chunks to export yet: press Run first.");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *why = tr("%1 could not be written: %2").arg(path, file.errorString());
        return false;
    }
    QTextStream out(&file);
    out << "worker,core,first_item,items,merged,dispatch_s,start_s,end_s,bytes_in,bytes_out\n";
    for (const auto& c : page->run().chunks)
        out << c.worker << ',' << c.core << ',' << c.firstItem << ',' << c.items << ',' << c.merged << ','
            << c.dispatchNs / 1e9 << ',' << c.startNs / 1e9 << ',' << c.endNs / 1e9 << ',' << c.bytesIn << ','
            << c.bytesOut << '\n';
    out.flush();
    if (!file.commit()) {
        *why = tr("%1 could not be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void RunFileActions::exportChunksAs() {
    auto* page = m_currentPage();
    if (!page || page->run().chunks.empty()) {
        QMessageBox::information(m_window, tr("Export CSV"),
                                 tr("There are no chunks to export yet: press Run first."));
        return;
    }
    const auto path = askSavePath(tr("Export chunks"), "chunks", "csv", tr("CSV (*.csv)"));
    QString why;
    if (!path.isEmpty() && !exportChunks(path, &why)) warn(tr("Export CSV"), why);
}

void RunFileActions::exportKitchenAs() {
    // The kitchen of the exercise on screen, at its cursor, at least projector-sized for slides.
    auto* page = m_currentPage();
    auto* kitchen = page ? page->findChild<KitchenView*>() : nullptr;
    if (!kitchen || kitchen->scene().kitchens.empty()) {
        QMessageBox::information(m_window, tr("Export the kitchen"),
                                 tr("Open an exercise and run it first."));
        return;
    }
    const auto path = askSavePath(tr("Export the kitchen"), "kitchen", "png", tr("PNG image (*.png)"));
    QString why;
    if (!path.isEmpty() &&
        !kitchen->canvas()->savePng(path, kitchen->canvas()->size().expandedTo({1280, 720}), &why))
        warn(tr("Export the kitchen"), why);
}

} // namespace mpwb
