// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A view's text alternative: its name and what it shows now, for a screen reader. Views that change as a
// run plays set their words at a pace a listener can follow (kWordsEveryMs with a RedrawThrottle), and a
// change is announced to assistive technology so the reader can speak the new words.

#include <QString>

class QWidget;

namespace mpwb {

// At most about three times a second, and once more right after the cursor stops (see RedrawThrottle).
inline constexpr int kWordsEveryMs = 300;

// Sets the widget's accessible name and description; announces each that changed (NameChanged,
// DescriptionChanged). Nothing happens when both are as they were.
void setAccessibleWords(QWidget* widget, const QString& name, const QString& description);

} // namespace mpwb
