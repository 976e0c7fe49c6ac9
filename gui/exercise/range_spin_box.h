// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A spin box that says when it will not take a typed value. A plain QSpinBox drops the keystroke that goes
// past its maximum, or silently puts the nearest allowed value back when editing ends; a student then runs
// with a number they did not choose. Here a typed 500 stays on screen with "at most 64" beside it until
// editing ends, and then the box says it was set to 64.

#include <QSpinBox>
#include <optional>

namespace mpwb {

class RangeSpinBox : public QSpinBox {
    Q_OBJECT
public:
    explicit RangeSpinBox(QWidget* parent = nullptr);

    // While the typed number is outside the range: what is allowed ("at most 64"); empty otherwise. The
    // value() is still the last allowed one then, so a form must not use it.
    QString problem() const { return m_problem; }
    // After editing ended on a number outside the range: that it was set to the nearest allowed value.
    QString clampNote() const { return m_clampNote; }

Q_SIGNALS:
    // problem() or clampNote() changed.
    void notesChanged();

protected:
    QValidator::State validate(QString& input, int& pos) const override;
    void fixup(QString& input) const override;

private:
    // The typed number, when the text is a whole number (out of range or not).
    std::optional<qint64> typedNumber(const QString& text) const;
    enum class Trigger { Typed, ValueChanged, EditingFinished };
    void refresh(Trigger trigger);

    QString m_problem;
    QString m_clampNote;
    // Set by fixup() (which Qt calls on a const box) to the number it replaced, for the note that follows.
    mutable std::optional<qint64> m_clampedFrom;
};

} // namespace mpwb
