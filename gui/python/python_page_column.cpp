// SPDX-License-Identifier: GPL-3.0-or-later
// The Python page's left column: choosing the script (an example, a file, a recent one), its arguments,
// interpreter and start method, Run and Cancel, the outcome, and the source and output tabs.
#include "python_page.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QTabWidget>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "python_examples.h"
#include "script_output_view.h"
#include "script_source_view.h"
#include "text_scale.h"

namespace mpwb {
namespace {

constexpr int kRecentMax = 8;
const char* const kRecentKey = "python/recent";

} // namespace

QWidget* PythonPage::buildScriptColumn() {
    auto* column = new QWidget;
    auto* v = new QVBoxLayout(column);

    auto* title = new QLabel(tr("Your own Python"));
    scaleText(title, 1.3, true);
    auto* intro = new QLabel(tr("Run a Python script with real CPython and watch its processes on the "
                                "right: cores, workers, chunks, queues."));
    intro->setWordWrap(true);
    v->addWidget(title);
    v->addWidget(intro);

    // The script: an example, a file, or one opened lately.
    auto* open = new QPushButton(tr("Open…"));
    open->setToolTip(tr("Choose a Python script on this computer (Ctrl+Shift+O)"));
    connect(open, &QPushButton::clicked, this, &PythonPage::browseScript);
    m_examples = new QComboBox;
    m_examples->setAccessibleName(tr("Examples"));
    m_examples->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_examples->setMinimumContentsLength(10);
    connect(m_examples, &QComboBox::activated, this, [this](int index) {
        const auto path = m_examples->itemData(index).toString();
        if (!path.isEmpty()) openScript(path);
    });
    m_recent = new QToolButton;
    m_recent->setText(tr("Recent"));
    m_recent->setPopupMode(QToolButton::InstantPopup);
    m_recent->setMenu(new QMenu(m_recent));
    auto* pick = new QHBoxLayout;
    pick->addWidget(m_examples, 1);
    pick->addWidget(open);
    pick->addWidget(m_recent);
    v->addLayout(pick);

    m_scriptName = new QLabel(tr("No script chosen yet."));
    m_scriptName->setWordWrap(true);
    m_scriptName->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The page shows a script but does not edit it: a student's attempt is written in their own editor, and
    // Run reads the file again, so what runs is what was last saved.
    m_edit = new QPushButton(tr("Edit…"));
    m_edit->setEnabled(false);
    m_edit->setToolTip(tr("Open this script in your text editor; save it there, then press Run here"));
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (!QDesktopServices::openUrl(QUrl::fromLocalFile(m_script)))
            setResult(tr("No editor is set up for .py files here: open %1 in any text editor, save it, then "
                         "press Run.")
                          .arg(QDir::toNativeSeparators(m_script).toHtmlEscaped()));
    });
    auto* named = new QHBoxLayout;
    named->addWidget(m_scriptName, 1);
    named->addWidget(m_edit, 0, Qt::AlignTop);
    v->addLayout(named);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // narrow or large text: the label goes above
    m_args = new QLineEdit;
    m_args->setObjectName(QStringLiteral("arguments"));
    m_args->setPlaceholderText(tr("e.g. 200000 1000 2 100, as after the script's name in a terminal"));
    m_args->setClearButtonEnabled(true);
    connect(m_args, &QLineEdit::textChanged, this, &PythonPage::updateCommand);
    connect(m_args, &QLineEdit::returnPressed, this, [this] { startRun(); });
    form->addRow(tr("&Arguments:"), m_args);

    m_python = new QComboBox;
    m_python->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_python->setMinimumContentsLength(8);
    m_python->setAccessibleName(tr("Python interpreter"));
    for (const auto& name : pythonInterpretersOnPath())
        m_python->addItem(name, name);
    if (m_python->count() == 0) m_python->addItem(QStringLiteral("python3"), QStringLiteral("python3"));
    m_python->addItem(tr("Other…"), QString());
    connect(m_python, &QComboBox::activated, this, [this](int index) {
        if (m_python->itemData(index).toString().isEmpty()) browsePython();
        updateCommand();
    });
    form->addRow(tr("&Python:"), m_python);

    m_start = new QComboBox;
    m_start->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_start->setMinimumContentsLength(8);
    m_start->setAccessibleName(tr("Start method"));
    m_start->addItem(tr("the script's own (or Python's default)"), QString());
    m_start->addItem(tr("fork: copy the running program"), QStringLiteral("fork"));
    m_start->addItem(tr("spawn: a fresh Python imports the script"), QStringLiteral("spawn"));
    m_start->addItem(tr("forkserver: fork from a clean server"), QStringLiteral("forkserver"));
    m_start->setToolTip(tr("As if the script called multiprocessing.set_start_method() first; a script "
                           "that calls it itself keeps its own choice."));
    form->addRow(tr("&Start method:"), m_start);
    v->addLayout(form);

    m_command = new QLabel;
    m_command->setWordWrap(true);
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command->setAccessibleName(tr("The command that will run"));
    v->addWidget(m_command);

    m_run = new QPushButton(tr("Run"));
    m_run->setDefault(true);
    m_run->setToolTip(tr("Run the script under the workbench's monitors (Ctrl+R)"));
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_run, &QPushButton::clicked, this, [this] { startRun(); });
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    m_cancel->setToolTip(tr("Stop the script and every process it started (Esc)"));
    connect(m_cancel, &QPushButton::clicked, this, &PythonPage::cancelRun);
    m_status = new QLabel(tr("Ready."));
    m_compare = new QPushButton(tr("Compare with engine"));
    m_compare->setToolTip(tr("Put this run of an exercise's Python version beside the engine's latest run "
                             "of the same exercise, on the compare page"));
    m_compare->setEnabled(false);
    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (m_shown) Q_EMIT compareRequested(m_shown);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    v->addLayout(buttons);
    m_status->setWordWrap(true);
    auto* after = new QHBoxLayout;
    after->addWidget(m_status, 1);
    after->addWidget(m_compare);
    v->addLayout(after);

    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_result->setOpenExternalLinks(false);
    m_result->hide();
    connect(m_result, &QLabel::linkActivated, this,
            [this](const QString& link) { Q_EMIT linkChosen(QUrl(link)); });
    v->addWidget(m_result);

    m_texts = new QTabWidget;
    m_source = new ScriptSourceView;
    m_output = new ScriptOutputView;
    m_texts->addTab(m_source, tr("Source"));
    m_texts->addTab(m_output, tr("Output"));
    v->addWidget(m_texts, 1);
    // Scrolls rather than widens the window: with large text the column still fits a 1280-pixel screen.
    auto* scroll = new QScrollArea;
    scroll->setWidget(column);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    column->setMinimumHeight(520); // the source and output keep room to read; the column scrolls instead
    return scroll;
}

void PythonPage::fillExamples() {
    m_examples->clear();
    m_examples->addItem(tr("Examples…"), QString());
    QString why;
    if (examplesFolder(&why).isEmpty()) {
        m_examples->setToolTip(why);
        return;
    }
    for (const auto& e : pythonExamples())
        m_examples->addItem(e.title, e.path);
    m_examples->setToolTip(tr("The exercises' Python versions"));
}

QStringList PythonPage::recentScripts() const {
    return QSettings().value(kRecentKey).toStringList();
}

void PythonPage::rememberRecent(const QString& path) {
    auto recent = recentScripts();
    recent.removeAll(path);
    recent.prepend(path);
    QSettings().setValue(kRecentKey, QStringList(recent.mid(0, kRecentMax)));
    fillRecent();
}

void PythonPage::fillRecent() {
    auto* menu = m_recent->menu();
    menu->clear();
    const auto recent = recentScripts();
    for (const auto& path : recent)
        menu->addAction(QFileInfo(path).fileName() + QStringLiteral("  —  ") + QFileInfo(path).path(), this,
                        [this, path] { openScript(path); });
    m_recent->setEnabled(!recent.isEmpty());
    m_recent->setToolTip(recent.isEmpty() ? tr("No scripts opened yet") : tr("Scripts opened lately"));
}

void PythonPage::browseScript() {
    const auto start =
        m_script.isEmpty() ? QSettings().value("python/lastFolder").toString() : QFileInfo(m_script).path();
    const auto path =
        QFileDialog::getOpenFileName(this, tr("Open Python script"), start, tr("Python scripts (*.py)"));
    if (path.isEmpty()) return;
    QSettings().setValue("python/lastFolder", QFileInfo(path).path());
    openScript(path);
}

void PythonPage::browsePython() {
    const auto path = QFileDialog::getOpenFileName(this, tr("Choose a Python interpreter"), "/usr/bin");
    if (path.isEmpty() || !QFileInfo(path).isExecutable()) {
        m_python->setCurrentIndex(0);
        if (!path.isEmpty())
            setResult("<b>" + tr("Not usable:") + "</b> " +
                      tr("%1 is not a program.").arg(path).toHtmlEscaped());
        return;
    }
    m_python->insertItem(m_python->count() - 1, path, path);
    m_python->setCurrentIndex(m_python->count() - 2);
}

} // namespace mpwb
