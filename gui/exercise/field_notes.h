// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The lines under a form's field: a problem (what is wrong and what is allowed, in the warning colour) and a
// note (what a valid choice will cost, in the ordinary colour). Both sit where the eye already is, and both
// are hidden while they have nothing to say.

class QFormLayout;
class QLabel;
class QString;
class QWidget;

namespace mpwb {

QLabel* problemLabel();
QLabel* noteLabel();
// Shows the text, or hides the label when it is empty.
void showNote(QLabel* label, const QString& text);
// The field's row, then its problem line (and note line, if any) underneath as rows of the form's whole
// width: a long line wraps there instead of being cut off in the narrow field column.
void addFieldRows(QFormLayout* form, const QString& label, QWidget* field, QLabel* problem,
                  QLabel* note = nullptr);
// Names a field for screen readers: what it is for, and what it allows.
void describeField(QWidget* field, const QString& name, const QString& description);
// Puts a field's problem (empty: none) in front of the description describeField gave it, so a screen
// reader says what is wrong when the field has focus.
void describeProblem(QWidget* field, const QString& problem);

} // namespace mpwb
