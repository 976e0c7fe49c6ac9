// SPDX-License-Identifier: GPL-3.0-or-later
#include "range_spin_box.h"

#include <QLineEdit>

namespace mpwb {

RangeSpinBox::RangeSpinBox(QWidget* parent) : QSpinBox(parent) {
    // The editor's signal reports typing only (the box blocks it while it writes a value back); a value
    // written back is reported by QSpinBox::textChanged when it differs, and by editingFinished when not.
    connect(lineEdit(), &QLineEdit::textChanged, this, [this] { refresh(Trigger::Typed); });
    connect(this, &QSpinBox::textChanged, this, [this] { refresh(Trigger::ValueChanged); });
    connect(this, &QAbstractSpinBox::editingFinished, this, [this] { refresh(Trigger::EditingFinished); });
}

std::optional<qint64> RangeSpinBox::typedNumber(const QString& text) const {
    auto t = text;
    if (!prefix().isEmpty() && t.startsWith(prefix())) t.remove(0, prefix().size());
    if (!suffix().isEmpty() && t.endsWith(suffix())) t.chop(suffix().size());
    bool ok = false;
    const qint64 v = t.trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

QValidator::State RangeSpinBox::validate(QString& input, int& pos) const {
    const auto state = QSpinBox::validate(input, pos);
    // A whole number past either end may be typed, so the box can say what is allowed instead of
    // swallowing the keystroke.
    if (state == QValidator::Invalid && typedNumber(input)) return QValidator::Intermediate;
    return state;
}

void RangeSpinBox::fixup(QString& input) const {
    const auto v = typedNumber(input);
    if (v && (*v < minimum() || *v > maximum())) {
        m_clampedFrom = *v;
        input = textFromValue(int(qBound(qint64(minimum()), *v, qint64(maximum()))));
        return;
    }
    QSpinBox::fixup(input);
}

void RangeSpinBox::refresh(Trigger trigger) {
    QString problem;
    const auto v = typedNumber(lineEdit()->text());
    if (v && *v > maximum())
        problem = tr("%1 is too many: at most %2").arg(*v).arg(maximum());
    else if (v && *v < minimum())
        problem = tr("%1 is too few: at least %2").arg(*v).arg(minimum());
    QString note = m_clampNote;
    if (trigger == Trigger::Typed) {
        note.clear(); // a new number: the old clamp is history
        m_clampedFrom.reset();
    } else if (m_clampedFrom) {
        note = tr("%1 is not allowed, so it was set to %2 (%3 to %4).")
                   .arg(*m_clampedFrom)
                   .arg(qBound(qint64(minimum()), *m_clampedFrom, qint64(maximum())))
                   .arg(minimum())
                   .arg(maximum());
        m_clampedFrom.reset();
    } else if (trigger == Trigger::ValueChanged) {
        note.clear(); // set from elsewhere (a lesson's preset), not clamped
    }
    if (problem == m_problem && note == m_clampNote) return;
    m_problem = problem;
    m_clampNote = note;
    Q_EMIT notesChanged();
}

} // namespace mpwb
