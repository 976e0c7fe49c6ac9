// SPDX-License-Identifier: GPL-3.0-or-later
#include "prediction_panel.h"

#include <QDoubleValidator>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "class_guesses.h"
#include "guess_spread_plot.h"
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
    m_guess->setAccessibleName(prediction.unit.isEmpty() ? tr("Your guess")
                                                         : tr("Your guess, in %1").arg(prediction.unit));
    m_guess->setAccessibleDescription(prediction.ask);
    auto* validator = new QDoubleValidator(0, 1e15, 4, m_guess);
    validator->setLocale(QLocale(QLocale::English));
    validator->setNotation(QDoubleValidator::StandardNotation);
    m_guess->setValidator(validator);
    m_lock = new QPushButton(tr("Lock in and run"));
    m_lock->setEnabled(false);
    m_lock->setAccessibleName(tr("Lock in the guess and run the experiment"));
    m_lock->setToolTip(
        tr("Your guess is saved first; then the workbench runs the experiment that answers it."));
    auto* row = new QHBoxLayout;
    row->addWidget(m_guess);
    if (!prediction.unit.isEmpty()) row->addWidget(new QLabel(prediction.unit));
    row->addWidget(m_lock);
    row->addStretch();

    m_classToggle = new QPushButton(tr("Guesses from the class…"));
    m_classToggle->setCheckable(true);
    m_classToggle->setAccessibleName(tr("Enter guesses from the class instead of one guess"));
    m_classToggle->setToolTip(tr("For an instructor: type what the room guesses, one number per student; "
                                 "after the run the plot shows their spread against the measurement."));
    m_classField = new QPlainTextEdit;
    m_classField->setPlaceholderText(tr("e.g. 1.5, 2, 1.8, 3, 2 (or one per line)"));
    m_classField->setTabChangesFocus(true); // Tab moves on, as in every other field
    m_classField->setAccessibleName(tr("Guesses from the class, one number per student"));
    m_classField->setFixedHeight(m_classField->fontMetrics().lineSpacing() * 4 + 12);
    m_clearClass = new QPushButton(tr("Clear"));
    m_clearClass->setAccessibleName(tr("Clear the guesses from the class"));
    m_classCheck = new QLabel;
    m_classCheck->setWordWrap(true);
    m_classBox = new QWidget;
    auto* classLayout = new QVBoxLayout(m_classBox);
    classLayout->setContentsMargins(0, 0, 0, 0);
    auto* fieldRow = new QHBoxLayout;
    fieldRow->addWidget(m_classField, 1);
    fieldRow->addWidget(m_clearClass, 0, Qt::AlignTop);
    classLayout->addLayout(fieldRow);
    classLayout->addWidget(m_classCheck);
    m_classBox->hide();

    m_outcome = new QLabel;
    m_outcome->setWordWrap(true);
    m_outcome->setTextFormat(Qt::RichText);
    m_spread = new GuessSpreadPlot;
    m_spread->setMinimumHeight(300);
    m_spread->hide();
    layout->addWidget(ask);
    layout->addLayout(row);
    layout->addWidget(m_classToggle, 0, Qt::AlignLeft);
    layout->addWidget(m_classBox);
    layout->addWidget(m_outcome);
    layout->addWidget(m_spread);

    // A box that last took the class's guesses opens with them, ready for the same room to try again.
    if (const auto record = m_progress.prediction(m_lessonId); record && !record->classGuesses.isEmpty()) {
        QStringList typed;
        for (double g : record->classGuesses)
            typed << QString::number(g);
        m_classField->setPlainText(typed.join(", "));
        m_classToggle->setChecked(true);
        m_classBox->show();
    }

    connect(m_guess, &QLineEdit::textChanged, this, &PredictionPanel::checkInput);
    connect(m_guess, &QLineEdit::returnPressed, this, &PredictionPanel::lockIn);
    connect(m_classField, &QPlainTextEdit::textChanged, this, &PredictionPanel::checkInput);
    connect(m_clearClass, &QPushButton::clicked, m_classField, &QPlainTextEdit::clear);
    connect(m_classToggle, &QPushButton::toggled, this, [this](bool on) {
        m_classBox->setVisible(on);
        if (on) m_classField->setFocus();
        checkInput();
    });
    connect(m_lock, &QPushButton::clicked, this, &PredictionPanel::lockIn);
    connect(&m_progress, &ProgressStore::changed, this, &PredictionPanel::refresh);
    checkInput();
    refresh();
}

bool PredictionPanel::classMode() const {
    return m_classToggle->isChecked();
}

GuessList PredictionPanel::classGuesses() const {
    return parseGuessList(m_classField->toPlainText(), m_prediction.unit);
}

QString PredictionPanel::classCheck() const {
    return m_classCheck->text();
}

void PredictionPanel::checkInput() {
    // The class's list stands in for the single guess while it is open: one answer per box, never two.
    m_guess->setEnabled(!classMode());
    if (!classMode()) {
        m_lock->setText(tr("Lock in and run"));
        m_lock->setEnabled(m_guess->hasAcceptableInput());
        return;
    }
    m_lock->setText(tr("Lock in the class's guesses and run"));
    const auto list = classGuesses();
    QString check;
    if (!list.ok())
        check = list.problem + ' ' + guessListHint(m_prediction.unit);
    else if (list.values.isEmpty())
        check = guessListHint(m_prediction.unit);
    else
        check = describeGuessesPending(m_prediction, list.values);
    m_classCheck->setText(check);
    m_classField->setAccessibleDescription(check); // a screen reader hears the check as it is typed
    m_lock->setEnabled(list.ok() && !list.values.isEmpty());
}

void PredictionPanel::lockIn() {
    PredictionRecord record;
    record.measure = m_prediction.measure;
    record.unit = m_prediction.unit;
    if (classMode()) {
        const auto list = classGuesses();
        if (!list.ok() || list.values.isEmpty()) return;
        record.classGuesses = list.values;
        record.guess = median(list.values);
    } else {
        if (!m_guess->hasAcceptableInput()) return;
        record.guess = QLocale(QLocale::English).toDouble(m_guess->text());
    }
    m_progress.recordGuess(m_lessonId, record);
    Q_EMIT runRequested(m_lessonId, m_prediction.run);
}

void PredictionPanel::refresh() {
    const auto record = m_progress.prediction(m_lessonId);
    m_spread->setVisible(record && record->measured && !record->classGuesses.isEmpty());
    if (!record) {
        m_outcome->setText(tr("Commit to a number before you see the answer: a guess that turns out wrong "
                              "teaches more than no guess at all."));
        return;
    }
    const auto& p = m_prediction;
    if (!record->classGuesses.isEmpty()) {
        if (record->measured) {
            m_spread->setSpread(p, record->classGuesses, *record->measured);
            m_outcome->setText("<p>" + p.explain.toHtmlEscaped() + "</p><p><i>" +
                               tr("Enter new guesses from the class to try again.") + "</i></p>");
        } else {
            m_outcome->setText(tr("The class's guesses are locked in: %1 The answer appears here and on the "
                                  "exercise page when the run finishes.")
                                   .arg(describeGuessesPending(p, record->classGuesses).toHtmlEscaped()));
        }
        return;
    }
    if (record->measured) {
        m_outcome->setText(describePrediction(p, record->guess, *record->measured) + "<p><i>" +
                           tr("Type a new guess to try again.") + "</i></p>");
    } else {
        m_outcome->setText(tr("Your guess: <b>%1</b>, locked in. The answer appears here and on the exercise "
                              "page when the run finishes.")
                               .arg(formatMeasure(p.measure, p.unit, record->guess)));
    }
}

} // namespace mpwb
