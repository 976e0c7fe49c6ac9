// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_controls_panel.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

#include "lesson.h"
#include "parameter_form.h"
#include "prediction_outcome.h"
#include "sweep_controls.h"
#include "text_scale.h"

namespace mpwb {

RunControlsPanel::RunControlsPanel(const ExerciseDeclaration& exercise, QWidget* parent)
    : QScrollArea(parent) {
    auto* controls = new QWidget;
    auto* left = new QVBoxLayout(controls);
    auto* title = new QLabel(exercise.title);
    scaleText(title, 1.5, true);
    auto* summary = new QLabel(exercise.summary);
    summary->setWordWrap(true);
    m_form = new ParameterForm(exercise);
    m_runButton = new QPushButton(tr("Run"));
    m_runButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_runButton->setToolTip(tr("Run with these parameters (Ctrl+R)"));
    m_runButton->setAccessibleName(tr("Run once with these parameters"));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setEnabled(false);
    m_cancelButton->setAccessibleName(tr("Cancel the run"));
    m_cancelButton->setAccessibleDescription(tr("Stops every worker (Escape)"));
    m_compareButton = new QPushButton(tr("Compare backends"));
    m_compareButton->setToolTip(
        tr("Run this work with every backend, one after another, and see them side by side"));
    m_compareButton->setAccessibleDescription(m_compareButton->toolTip());
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_cancelButton);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setAccessibleName(tr("Progress of the run"));
    m_eta = new QLabel(tr("Ready."));
    m_eta->setWordWrap(true);
    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setTextFormat(Qt::RichText);
    m_result->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    left->addWidget(title);
    left->addWidget(summary);
    left->addWidget(m_form);
    left->addLayout(buttons);
    left->addWidget(m_compareButton);
    m_sweep = new SweepControls(exercise);
    left->addWidget(m_sweep);
    left->addWidget(m_progress);
    left->addWidget(m_eta);
    m_outcome = new PredictionOutcome;
    left->addWidget(m_outcome);
    left->addWidget(m_result, 1);
    // A long choice ("Processes (a pool of worker processes)") must not make the form wider than its
    // column on a 1280×720 screen: a combo box shows what fits, and its list opens at full width.
    for (auto* combo : controls->findChildren<QComboBox*>()) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
        // Its pop-up list is an object of its own for a screen reader, and needs a name too.
        combo->view()->setAccessibleName(tr("Choices: %1").arg(combo->accessibleName()));
    }
    setWidget(controls);
    setWidgetResizable(true);
    // The column scrolls down, never sideways: it is at least as wide as its form needs, and the views
    // beside it give way.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMinimumWidth(std::max(300, controls->minimumSizeHint().width() +
                                      verticalScrollBar()->sizeHint().width() + 2 * frameWidth()));

    connect(m_runButton, &QPushButton::clicked, this, &RunControlsPanel::runRequested);
    connect(m_cancelButton, &QPushButton::clicked, this, &RunControlsPanel::cancelRequested);
    connect(m_compareButton, &QPushButton::clicked, this, &RunControlsPanel::compareRequested);
    connect(m_sweep, &SweepControls::sweepRequested, this, &RunControlsPanel::sweepRequested);
    connect(m_form, &ParameterForm::validityChanged, this, [this](bool ok) {
        m_runButton->setEnabled(ok && !m_running);
        m_compareButton->setEnabled(ok && !m_running);
        m_sweep->setSweepEnabled(ok && !m_running);
    });
}

void RunControlsPanel::setRunning(bool running) {
    m_running = running;
    const bool canStart = !running && m_form->isValid();
    m_runButton->setEnabled(canStart);
    m_sweep->setSweepEnabled(canStart);
    m_compareButton->setEnabled(canStart);
    m_cancelButton->setEnabled(running);
    if (running) {
        m_progress->setTextVisible(false);
        m_progress->setAccessibleDescription({});
    }
}

void RunControlsPanel::showRunEnd(RunEnd end, const QString& headline) {
    const int percent = progressPercent();
    QString bar, line;
    switch (end) {
    case RunEnd::Finished:
        setProgress(1);
        m_progress->setTextVisible(false);
        m_progress->setAccessibleDescription(tr("The run finished."));
        setStatus(tr("Ready."));
        return;
    case RunEnd::Cancelled:
        bar = tr("Cancelled at %1%").arg(percent);
        line = tr("Cancelled at %1% of the work.").arg(percent);
        break;
    case RunEnd::Failed:
        if (!headline.isEmpty()) {
            bar = percent > 0 ? tr("%1 at %2%").arg(headline).arg(percent) : headline;
            line = percent > 0 ? tr("%1 at %2% of the work; the result below says why and what to try.")
                                     .arg(headline)
                                     .arg(percent)
                               : tr("%1 before any work was done; the result below says why and what to try.")
                                     .arg(headline);
            break;
        }
        bar = percent > 0 ? tr("Failed at %1%").arg(percent) : tr("Failed before any work was done");
        line = percent > 0 ? tr("Failed at %1% of the work; the result below says why.").arg(percent)
                           : tr("Failed before any work was done; the result below says why.");
        break;
    }
    m_progress->setFormat(bar);
    m_progress->setTextVisible(true);
    m_progress->setAccessibleDescription(line);
    setStatus(line);
}

QString RunControlsPanel::progressText() const {
    return m_progress->isTextVisible() ? m_progress->text() : QString();
}

void RunControlsPanel::setProgress(double fraction) {
    m_progress->setValue(int(fraction * 1000));
}

int RunControlsPanel::progressPercent() const {
    return m_progress->value() / 10;
}

void RunControlsPanel::setStatus(const QString& text) {
    m_eta->setText(text);
}

QString RunControlsPanel::status() const {
    return m_eta->text();
}

bool RunControlsPanel::applyLink(const LessonLink& link, QString* why) {
    // A link sets what its lesson describes and leaves the rest at the defaults, not at whatever was typed
    // last (a student's N of five billion must not turn a lesson's quick run into a long one).
    m_form->resetToDefaults();
    const auto problems = m_form->applyPreset(link.preset);
    m_sweep->applyLink(link);
    if (!problems.isEmpty()) {
        if (why) *why = problems.join("; ");
        return false;
    }
    if (link.action == LessonLink::Action::Sweep) {
        QString sweepWhy;
        if (m_sweep->arguments(*m_form, &sweepWhy).isEmpty()) {
            if (why) *why = sweepWhy;
            return false;
        }
    }
    return true;
}

void RunControlsPanel::setResult(const QString& html) {
    m_result->setText(html);
    // On a 720-pixel screen the result is below the form: bring it into view once it is laid out.
    if (!html.isEmpty()) QTimer::singleShot(0, this, [this] { ensureWidgetVisible(m_result, 0, 0); });
}

void RunControlsPanel::clearResult() {
    m_result->clear();
}

QString RunControlsPanel::result() const {
    return m_result->text();
}

} // namespace mpwb
