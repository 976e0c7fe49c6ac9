// SPDX-License-Identifier: GPL-3.0-or-later
#include "field_notes.h"

#include <QFormLayout>
#include <QLabel>

namespace mpwb {

QLabel* problemLabel() {
    auto* l = new QLabel;
    l->setStyleSheet("color: #d55e00; font-weight: bold;"); // Okabe–Ito vermillion, as the quiz's "wrong"
    l->setWordWrap(true);
    l->hide();
    return l;
}

QLabel* noteLabel() {
    auto* l = new QLabel;
    l->setWordWrap(true);
    l->hide();
    return l;
}

void showNote(QLabel* label, const QString& text) {
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void addFieldRows(QFormLayout* form, const QString& label, QWidget* field, QLabel* problem, QLabel* note) {
    form->addRow(label, field);
    form->addRow(problem);
    if (note) form->addRow(note);
}

namespace {
const char* kDescription = "mpwbDescription"; // the description without a problem
} // namespace

void describeField(QWidget* field, const QString& name, const QString& description) {
    field->setAccessibleName(name);
    field->setAccessibleDescription(description);
    field->setProperty(kDescription, description);
}

void describeProblem(QWidget* field, const QString& problem) {
    const auto base = field->property(kDescription).toString();
    field->setAccessibleDescription(problem.isEmpty() ? base : problem + ". " + base);
}

} // namespace mpwb
