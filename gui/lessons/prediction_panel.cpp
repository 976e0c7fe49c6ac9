#include "prediction_panel.h"

#include <QDoubleValidator>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "prediction.h"
#include "progress_store.h"
#include "section_heading.h"

namespace mpwb {

PredictionPanel::PredictionPanel(const QString& lessonId, const Prediction& prediction,
                                 ProgressStore& progress, QWidget* parent)
    : QGroupBox(parent), m_lessonId(lessonId), m_prediction(prediction), m_progress(progress) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(sectionHeading(tr("Predict, then run")));
    auto* ask = new QLabel(prediction.ask);
    ask->setWordWrap(true);
    ask->setStyleSheet("font-weight: bold;");
    m_guess = new QLineEdit;
    m_guess->setPlaceholderText(tr("your guess"));
    m_guess->setMaximumWidth(160);
    auto* validator = new QDoubleValidator(0, 1e15, 4, m_guess);
    validator->setLocale(QLocale(QLocale::English));
    validator->setNotation(QDoubleValidator::StandardNotation);
    m_guess->setValidator(validator);
    m_lock = new QPushButton(tr("Lock in and run"));
    m_lock->setEnabled(false);
    m_lock->setToolTip(
        tr("Your guess is saved first; then the workbench runs the experiment that answers it."));
    auto* row = new QHBoxLayout;
    row->addWidget(m_guess);
    if (!prediction.unit.isEmpty()) row->addWidget(new QLabel(prediction.unit));
    row->addWidget(m_lock);
    row->addStretch();
    m_outcome = new QLabel;
    m_outcome->setWordWrap(true);
    m_outcome->setTextFormat(Qt::RichText);
    layout->addWidget(ask);
    layout->addLayout(row);
    layout->addWidget(m_outcome);

    connect(m_guess, &QLineEdit::textChanged, this,
            [this] { m_lock->setEnabled(m_guess->hasAcceptableInput()); });
    connect(m_guess, &QLineEdit::returnPressed, this, &PredictionPanel::lockIn);
    connect(m_lock, &QPushButton::clicked, this, &PredictionPanel::lockIn);
    connect(&m_progress, &ProgressStore::changed, this, &PredictionPanel::refresh);
    refresh();
}

void PredictionPanel::lockIn() {
    if (!m_guess->hasAcceptableInput()) return;
    PredictionRecord record;
    record.measure = m_prediction.measure;
    record.unit = m_prediction.unit;
    record.guess = QLocale(QLocale::English).toDouble(m_guess->text());
    m_progress.recordGuess(m_lessonId, record);
    Q_EMIT runRequested(m_lessonId, m_prediction.run);
}

void PredictionPanel::refresh() {
    const auto record = m_progress.prediction(m_lessonId);
    if (!record) {
        m_outcome->setText(tr("Commit to a number before you see the answer: a guess that turns out wrong "
                              "teaches more than no guess at all."));
        return;
    }
    if (record->measured) {
        m_outcome->setText(describePrediction(m_prediction, record->guess, *record->measured) + "<p><i>" +
                           tr("Type a new guess to try again.") + "</i></p>");
    } else {
        m_outcome->setText(tr("Your guess: <b>%1</b>, locked in. The answer appears here and on the exercise "
                              "page when the run finishes.")
                               .arg(formatMeasure(m_prediction.measure, m_prediction.unit, record->guess)));
    }
}

} // namespace mpwb
