// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's menus and the keys that belong to the whole window (Esc, F5, F11, the keyboard help).
#include <QAction>
#include <QCoreApplication>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QToolButton>

#include "about_text.h"
#include "compare_page.h"
#include "engine_host.h"
#include "exercise_page.h"
#include "keyboard_help.h"
#include "main_window.h"
#include "presentation_mode.h"
#include "progress_store.h"
#include "python_page.h"
#include "run_file_actions.h"

namespace mpwb {

void MainWindow::resetProgress() {
    if (QMessageBox::question(
            this, tr("Reset progress"),
            tr("Forget every lesson read, quiz passed, prediction made and exercise run?")) ==
        QMessageBox::Yes)
        m_progress->reset();
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    m_fileActions = new RunFileActions(this, *m_library, [this] { return currentPage(); });
    m_fileActions->addTo(file);
    m_fileActions->setOtherShownRun(
        [this]() -> const RunModel* { return isPythonShown() ? m_python->shownRun() : nullptr; });
    file->addAction(tr("Open &Python script…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                    &MainWindow::openPythonScript);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* view = menuBar()->addMenu(tr("&View"));
    m_darkAction = view->addAction(tr("&Dark theme"));
    m_darkAction->setCheckable(true);
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::setDarkTheme);
    m_presentAction = view->addAction(tr("&Present to a class"));
    m_presentAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_presentAction->setCheckable(true);
    m_presentAction->setToolTip(tr("Presentation mode: the views large, for a projector (F5)"));
    connect(m_presentAction, &QAction::triggered, m_presentation, &PresentationMode::setOn);
    connect(m_presentation, &PresentationMode::toggled, m_presentAction, &QAction::setChecked);
    view->addAction(tr("Present saved &runs to a class…"), this, [this] {
        const auto paths = QFileDialog::getOpenFileNames(
            this, tr("Runs to present, in the order to show them"), {}, tr("Runs (*.mpwbrun)"));
        QString why;
        if (!paths.isEmpty() && !presentFiles(paths, &why))
            QMessageBox::warning(this, tr("Present saved runs"), why);
    });
    auto* fullScreen = view->addAction(tr("&Full screen"), this,
                                       [this] { isFullScreen() ? showNormal() : showFullScreen(); });
    fullScreen->setShortcuts({QKeySequence(Qt::Key_F11), QKeySequence::FullScreen});
    // The menu bar is hidden in presentation mode, and with it its shortcuts: these keys stay with the
    // window.
    addAction(m_presentAction);
    addAction(fullScreen);
    auto* escape = new QAction(this);
    escape->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(escape, &QAction::triggered, this, &MainWindow::escape);
    addAction(escape);
    // The toolbar button for presentation mode sits in the menu bar's corner: no extra row on a 720-pixel
    // screen.
    auto* present = new QToolButton;
    present->setDefaultAction(m_presentAction);
    present->setToolButtonStyle(Qt::ToolButtonTextOnly);
    present->setText(tr("Present (F5)"));
    menuBar()->setCornerWidget(present, Qt::TopRightCorner);
    view->addAction(tr("&Larger text"), QKeySequence::ZoomIn, this, [this] { changeFontSize(+1); });
    view->addAction(tr("&Smaller text"), QKeySequence::ZoomOut, this, [this] { changeFontSize(-1); });

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Lesson index"), QKeySequence::HelpContents, this, &MainWindow::showLessonIndex);
    help->addAction(tr("&Keyboard shortcuts"), QKeySequence(Qt::CTRL | Qt::Key_Slash), this,
                    &MainWindow::showKeyboardHelp);
    help->addAction(tr("&Reset my progress…"), this, &MainWindow::resetProgress);
    help->addSeparator();
    help->addAction(tr("&About MP Workbench"), this, [this] {
        QMessageBox::about(this, tr("About MP Workbench"),
                           aboutText(QCoreApplication::applicationDirPath(), m_host->runnerPath()));
    });
}

void MainWindow::escape() {
    // One Esc for the whole window, so it never competes with itself: leave presentation mode, else full
    // screen, else cancel the run on screen.
    if (m_presentation->isOn()) {
        m_presentation->setOn(false);
    } else if (isFullScreen()) {
        showNormal();
    } else if (isCompareShown()) {
        if (m_compare->isRunning()) m_compare->cancel();
    } else if (isPythonShown()) {
        m_python->cancelRun();
    } else if (auto* page = currentPage()) {
        if (page->isRunning()) page->cancelRun();
    }
}

void MainWindow::showKeyboardHelp() {
    QMessageBox box(this);
    box.setWindowTitle(tr("Keyboard shortcuts"));
    box.setTextFormat(Qt::RichText);
    box.setText(keyboardHelpHtml(*menuBar(), m_presentation->keys()));
    box.exec();
}

} // namespace mpwb
