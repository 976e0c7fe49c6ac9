// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writes widgets (the plots on a page, or a run summary) to a file whose suffix picks the format: .pdf and
// .svg as vectors (a QCustomPlot draws its items, not its screen buffer), anything else QImageWriter knows
// (.png) as pixels at a chosen scale with that resolution written in the file. Several widgets are drawn one
// above the other, each at its size on screen. Writes go through QSaveFile: a failed export leaves no
// half-written file, and the reason names the file.

#include <QList>
#include <QString>

class QWidget;

namespace mpwb {

// Pixels per screen pixel in an exported PNG: 3 × 96 dpi = 288 dpi, print resolution at the size the plot has
// on screen.
inline constexpr double kPrintScale = 3.0;

struct ExportOptions {
    double pngScale = kPrintScale;
    // A plot drops into a report on a page of its own size; a summary sheet is handed out on A4.
    enum class PdfPage { FitContent, A4Landscape } pdfPage = PdfPage::FitContent;
};

// Returns false with the reason in *why ("plots.png could not be written: Permission denied").
bool exportWidgets(const QList<QWidget*>& widgets, const QString& path, QString* why,
                   const ExportOptions& options = {});
bool exportWidget(QWidget* widget, const QString& path, QString* why, const ExportOptions& options = {});

} // namespace mpwb
