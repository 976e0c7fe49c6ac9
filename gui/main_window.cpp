#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPdfWriter>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSvgGenerator>
#include <QTextStream>
#include <QTreeWidget>

#include "engine_host.h"
#include "exercise_page.h"
#include "plot_theme.h"

namespace mpwb {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("MP Workbench"));
    m_host = new EngineHost(EngineHost::defaultRunnerPath(), this);
    m_navigator = new QTreeWidget;
    m_navigator->setHeaderHidden(true);
    m_navigator->setMinimumWidth(150);
    m_stack = new QStackedWidget;
    auto* split = new QSplitter;
    split->addWidget(m_navigator);
    split->addWidget(m_stack);
    split->setStretchFactor(1, 4);
    split->setSizes({190, 1200});
    setCentralWidget(split);
    statusBar()->showMessage(tr("Engine idle"));

    buildPages();
    buildMenus();
    connect(m_navigator, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item && !item->data(0, Qt::UserRole).toString().isEmpty())
            showExercise(item->data(0, Qt::UserRole).toString());
    });

    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    const int fontSize = settings.value("view/fontSize", 0).toInt();
    if (fontSize > 0) {
        auto f = QApplication::font();
        f.setPointSize(fontSize);
        QApplication::setFont(f);
    }
    setDarkTheme(settings.value("view/dark", false).toBool());
    if (!m_pages.isEmpty())
        showExercise(m_pages.firstKey() == "sum-squares" ? "sum-squares" : m_pages.firstKey());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildPages() {
    QString why;
    const auto exercises = parseExerciseList(m_host->listExercises(&why), &why);
    auto* group = new QTreeWidgetItem(m_navigator, {tr("Exercises")});
    group->setFlags(Qt::ItemIsEnabled);
    if (exercises.isEmpty()) {
        auto* label = new QLabel(tr("The engine could not be asked for its exercises: %1").arg(why));
        label->setWordWrap(true);
        m_stack->addWidget(label);
        return;
    }
    QSettings settings;
    int number = 1;
    for (const auto& e : exercises) {
        auto* page = new ExercisePage(e, *m_host);
        m_pages[e.id] = page;
        m_stack->addWidget(page);
        auto* item = new QTreeWidgetItem(group, {tr("%1. %2").arg(number++).arg(e.title)});
        item->setData(0, Qt::UserRole, e.id);
        m_items[e.id] = item;
        if (settings.value("progress/exercise/" + e.id).toBool())
            item->setText(0, item->text(0) + "  \u2713");
        connect(page, &ExercisePage::statusChanged, this,
                [this](const QString& s) { statusBar()->showMessage(s); });
        connect(page, &ExercisePage::runFinished, this, [this, id = e.id](bool ok) {
            if (ok) markDone(id);
        });
    }
    m_navigator->expandAll();
}

void MainWindow::markDone(const QString& id) {
    QSettings settings;
    if (settings.value("progress/exercise/" + id).toBool()) return;
    settings.setValue("progress/exercise/" + id, true);
    if (auto* item = m_items.value(id)) item->setText(0, item->text(0) + "  \u2713");
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open run…"), QKeySequence::Open, this, &MainWindow::openRun);
    file->addAction(tr("&Save run…"), QKeySequence::Save, this, &MainWindow::saveRun);
    file->addSeparator();
    file->addAction(tr("&Export plots as PNG, PDF or SVG…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                    &MainWindow::exportPlots);
    file->addAction(tr("Export chunks as &CSV…"), this, &MainWindow::exportCsv);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* view = menuBar()->addMenu(tr("&View"));
    m_darkAction = view->addAction(tr("&Dark theme"));
    m_darkAction->setCheckable(true);
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::setDarkTheme);
    view->addAction(tr("&Full screen"), QKeySequence::FullScreen, this,
                    [this] { isFullScreen() ? showNormal() : showFullScreen(); });
    view->addAction(tr("&Larger text"), QKeySequence::ZoomIn, this, [this] { changeFontSize(+1); });
    view->addAction(tr("&Smaller text"), QKeySequence::ZoomOut, this, [this] { changeFontSize(-1); });

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About MP Workbench"), this, [this] {
        QMessageBox::about(
            this, tr("About MP Workbench"),
            tr("<p><b>MP Workbench</b> teaches multiprocessing by running it live: real worker "
               "processes, real pipes, real CPU samples from /proc.</p><p>The engine runs as its "
               "own program (%1), so a crash in a run never takes this window down.</p>")
                .arg(m_host->runnerPath().toHtmlEscaped()));
    });
}

ExercisePage* MainWindow::currentPage() const {
    return qobject_cast<ExercisePage*>(m_stack->currentWidget());
}

void MainWindow::showExercise(const QString& id) {
    if (auto* page = m_pages.value(id)) {
        m_stack->setCurrentWidget(page);
        if (auto* item = m_items.value(id)) m_navigator->setCurrentItem(item);
    }
}

void MainWindow::setDarkTheme(bool dark) {
    if (m_darkAction && m_darkAction->isChecked() != dark) m_darkAction->setChecked(dark);
    const auto theme = dark ? PlotTheme::dark() : PlotTheme::light();
    QPalette palette;
    if (dark) {
        palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        palette.setColor(QPalette::WindowText, Qt::white);
        palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        palette.setColor(QPalette::AlternateBase, QColor(0x35, 0x35, 0x35));
        palette.setColor(QPalette::Text, Qt::white);
        palette.setColor(QPalette::Button, QColor(0x3c, 0x3c, 0x3c));
        palette.setColor(QPalette::ButtonText, Qt::white);
        palette.setColor(QPalette::Highlight, QColor(0x00, 0x72, 0xb2));
        palette.setColor(QPalette::ToolTipBase, QColor(0x1e, 0x1e, 0x1e));
        palette.setColor(QPalette::ToolTipText, Qt::white);
    } else {
        palette = QApplication::style()->standardPalette();
    }
    QApplication::setPalette(palette);
    for (auto* page : m_pages)
        page->setTheme(theme);
    QSettings().setValue("view/dark", dark);
}

void MainWindow::changeFontSize(int delta) {
    auto f = QApplication::font();
    f.setPointSize(qBound(8, f.pointSize() + delta, 28));
    QApplication::setFont(f);
    QSettings().setValue("view/fontSize", f.pointSize());
}

bool MainWindow::openRunFile(const QString& path, QString* why) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *why = file.errorString();
        return false;
    }
    const auto bytes = file.readAll();
    // The run names its exercise; show it on that exercise's page.
    const auto at = bytes.indexOf("\"exercise\":\"");
    QString id;
    if (at >= 0) id = QString::fromUtf8(bytes.mid(at + 12, bytes.indexOf('"', at + 12) - at - 12));
    if (!m_pages.contains(id)) {
        *why = tr("it is not a run of an exercise this workbench knows");
        return false;
    }
    showExercise(id);
    return m_pages[id]->showSavedRun(bytes, why);
}

void MainWindow::openRun() {
    const auto path =
        QFileDialog::getOpenFileName(this, tr("Open a saved run"), {}, tr("Runs (*.mpwbrun);;All files (*)"));
    if (path.isEmpty()) return;
    QString why;
    if (!openRunFile(path, &why))
        QMessageBox::warning(this, tr("Open run"), tr("%1 could not be opened: %2").arg(path, why));
}

void MainWindow::saveRun() {
    const auto& stream = m_host->rawStream();
    if (stream.isEmpty()) {
        QMessageBox::information(this, tr("Save run"), tr("There is no run to save yet: press Run first."));
        return;
    }
    auto path = QFileDialog::getSaveFileName(this, tr("Save the run"), "run.mpwbrun", tr("Runs (*.mpwbrun)"));
    if (path.isEmpty()) return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(stream) != stream.size())
        QMessageBox::warning(this, tr("Save run"),
                             tr("Could not write %1: %2").arg(path, file.errorString()));
}

void MainWindow::exportPlots() {
    auto* page = currentPage();
    if (!page) return;
    const auto path =
        QFileDialog::getSaveFileName(this, tr("Export plots"), "plots.png",
                                     tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"));
    if (path.isEmpty()) return;
    QWidget* area = page->plotArea();
    bool ok = true;
    if (path.endsWith(".pdf", Qt::CaseInsensitive)) {
        QPdfWriter pdf(path);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageOrientation(QPageLayout::Landscape);
        QPainter painter(&pdf);
        const double scale = qMin(pdf.width() / double(area->width()), pdf.height() / double(area->height()));
        painter.scale(scale, scale);
        area->render(&painter);
    } else if (path.endsWith(".svg", Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(area->size());
        svg.setViewBox(QRect(QPoint(0, 0), area->size()));
        QPainter painter(&svg);
        area->render(&painter);
    } else {
        ok = area->grab().save(path);
    }
    if (!ok) QMessageBox::warning(this, tr("Export plots"), tr("Could not write %1.").arg(path));
}

void MainWindow::exportCsv() {
    auto* page = currentPage();
    if (!page || page->run().chunks.empty()) {
        QMessageBox::information(this, tr("Export CSV"),
                                 tr("There are no chunks to export yet: press Run first."));
        return;
    }
    const auto path =
        QFileDialog::getSaveFileName(this, tr("Export chunks"), "chunks.csv", tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        QMessageBox::warning(this, tr("Export CSV"), file.errorString());
        return;
    }
    QTextStream out(&file);
    out << "worker,core,first_item,items,merged,dispatch_s,start_s,end_s,bytes_in,bytes_out\n";
    for (const auto& c : page->run().chunks)
        out << c.worker << ',' << c.core << ',' << c.firstItem << ',' << c.items << ',' << c.merged << ','
            << c.dispatchNs / 1e9 << ',' << c.startNs / 1e9 << ',' << c.endNs / 1e9 << ',' << c.bytesIn << ','
            << c.bytesOut << '\n';
}

void MainWindow::closeEvent(QCloseEvent* event) {
    for (auto* page : m_pages)
        page->cancelRun();
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    event->accept();
}

} // namespace mpwb
