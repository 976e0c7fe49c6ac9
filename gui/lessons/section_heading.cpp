#include "section_heading.h"

#include <QLabel>

namespace mpwb {

QLabel* sectionHeading(const QString& text) {
    auto* label = new QLabel(text);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    label->setFont(f);
    return label;
}

} // namespace mpwb
