// SPDX-License-Identifier: GPL-3.0-or-later
#include "section_heading.h"
#include "text_scale.h"

#include <QLabel>

namespace mpwb {

QLabel* sectionHeading(const QString& text) {
    auto* label = new QLabel(text);
    scaleText(label, 1.6, true);
    return label;
}

} // namespace mpwb
