// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A heading inside a page, sized like the lesson text's second-level headings, so the boxes under a lesson
// ("Predict, then run", "Quiz") read as parts of it.

class QLabel;
class QString;

namespace mpwb {

QLabel* sectionHeading(const QString& text);

} // namespace mpwb
