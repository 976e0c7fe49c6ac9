// SPDX-License-Identifier: GPL-3.0-or-later
#include "prediction_outcome.h"

#include <QLabel>
#include <QVBoxLayout>
#include <cmath>

#include "class_guesses.h"
#include "guess_spread_plot.h"
#include "progress_store.h"

namespace mpwb {

namespace {
QLabel* richLabel() {
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}
} // namespace

PredictionOutcome::PredictionOutcome(QWidget* parent) : QFrame(parent) {
    setFrameShape(QFrame::StyledPanel);
    m_above = richLabel();
    m_spread = new GuessSpreadPlot;
    m_below = richLabel();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_above);
    layout->addWidget(m_spread);
    layout->addWidget(m_below);
    m_spread->hide();
    m_below->hide();
    hide();
}

void PredictionOutcome::setPending(const QString& lessonId, const Prediction& prediction, double guess,
                                   const QVector<double>& classGuesses) {
    m_pending = Pending{lessonId, prediction, guess, classGuesses};
    m_runId.clear();
    m_spread->hide(); // the last run's spread is not this one's
    showText(pendingText());
    show();
}

void PredictionOutcome::showText(const QString& above, const QString& below, const QString& whole) {
    m_above->setText(above);
    m_below->setText(below);
    m_below->setVisible(!below.isEmpty());
    m_html = whole.isEmpty() ? above + below : whole;
}

QString PredictionOutcome::pendingText() const {
    if (!m_pending) return {};
    const auto& p = m_pending->prediction;
    if (!m_pending->classGuesses.isEmpty())
        return "<p><b>" + tr("The class's prediction") + "</b></p><p>" + p.ask.toHtmlEscaped() + "</p><p>" +
               describeGuessesPending(p, m_pending->classGuesses).toHtmlEscaped() + " " +
               tr("The run will tell.") + "</p>";
    return "<p><b>" + tr("Your prediction") + "</b></p><p>" + p.ask.toHtmlEscaped() + "</p><p>" +
           tr("You said <b>%1</b>. The run will tell.")
               .arg(formatMeasure(p.measure, p.unit, m_pending->guess).toHtmlEscaped()) +
           "</p>";
}

void PredictionOutcome::abandon(const QString& why) {
    if (!m_pending) return;
    const bool fromClass = !m_pending->classGuesses.isEmpty();
    m_pending.reset();
    m_runId.clear();
    m_spread->hide();
    showText("<p><b>" + (fromClass ? tr("The class's prediction") : tr("Your prediction")) + "</b></p><p>" +
             why.toHtmlEscaped() + "</p>");
}

void PredictionOutcome::resolve(const RunMeasures& measures, const QString& runId, const RunData* run) {
    if (!m_pending) return;
    const auto value = measureValue(m_pending->prediction.measure, measures, run);
    if (!value) {
        showText(
            pendingText() + "<p><i>" +
            tr("This run did not measure %1; change nothing and press Run again, or go back to the lesson.")
                .arg(m_pending->prediction.measure.toHtmlEscaped()) +
            "</i></p>");
        return;
    }
    const auto& p = m_pending->prediction;
    const auto& guesses = m_pending->classGuesses;
    if (guesses.isEmpty()) {
        m_spread->hide();
        showText(describePrediction(p, m_pending->guess, *value));
    } else {
        // The question above the plot, the explanation below it; the plot says the numbers in words.
        m_spread->setSpread(p, guesses, *value);
        m_spread->show();
        showText("<p><b>" + p.ask.toHtmlEscaped() + "</b></p>", "<p>" + p.explain.toHtmlEscaped() + "</p>",
                 describeClassPrediction(p, guesses, *value));
    }
    m_runId = runId;
    const auto lessonId = m_pending->lessonId;
    m_pending.reset();
    Q_EMIT measured(lessonId, *value);
}

} // namespace mpwb
