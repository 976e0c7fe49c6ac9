#include "field_notes.h"

#include <QLabel>
#include <QVBoxLayout>

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

QWidget* withNotes(QWidget* field, QLabel* problem, QLabel* note) {
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(field);
    v->addWidget(problem);
    if (note) v->addWidget(note);
    return box;
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
