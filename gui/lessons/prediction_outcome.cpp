#include "prediction_outcome.h"

namespace mpwb {

PredictionOutcome::PredictionOutcome(QWidget* parent) : QLabel(parent) {
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setFrameShape(QFrame::StyledPanel);
    setMargin(8);
    hide();
}

void PredictionOutcome::setPending(const QString& lessonId, const Prediction& prediction, double guess) {
    m_pending = Pending{lessonId, prediction, guess};
    m_runId.clear();
    setText(pendingText());
    show();
}

QString PredictionOutcome::pendingText() const {
    if (!m_pending) return {};
    const auto& p = m_pending->prediction;
    return "<p><b>" + tr("Your prediction") + "</b></p><p>" + p.ask.toHtmlEscaped() + "</p><p>" +
           tr("You said <b>%1</b>. The run will tell.")
               .arg(formatMeasure(p.measure, p.unit, m_pending->guess).toHtmlEscaped()) +
           "</p>";
}

void PredictionOutcome::abandon(const QString& why) {
    if (!m_pending) return;
    m_pending.reset();
    m_runId.clear();
    setText("<p><b>" + tr("Your prediction") + "</b></p><p>" + why.toHtmlEscaped() + "</p>");
}

void PredictionOutcome::resolve(const RunMeasures& measures, const QString& runId) {
    if (!m_pending) return;
    const auto value = measureValue(m_pending->prediction.measure, measures);
    if (!value) {
        setText(
            pendingText() + "<p><i>" +
            tr("This run did not measure %1; change nothing and press Run again, or go back to the lesson.")
                .arg(m_pending->prediction.measure.toHtmlEscaped()) +
            "</i></p>");
        return;
    }
    setText(describePrediction(m_pending->prediction, m_pending->guess, *value));
    m_runId = runId;
    const auto lessonId = m_pending->lessonId;
    m_pending.reset();
    Q_EMIT measured(lessonId, *value);
}

} // namespace mpwb
