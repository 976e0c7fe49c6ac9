#pragma once
// Writes a widget (the plots of a page, or a run summary) to a file whose suffix picks the format: .pdf (A4
// landscape, scaled to fit), .svg, or anything QImage writes (.png).

#include <QString>

class QWidget;

namespace mpwb {

bool exportWidget(QWidget* widget, const QString& path);

} // namespace mpwb
