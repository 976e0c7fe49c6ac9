// SPDX-License-Identifier: GPL-3.0-or-later
#include "plot_export.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImageWriter>
#include <QObject>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>
#include <cmath>

#include "plot_theme.h" // QCustomPlot

namespace mpwb {
namespace {

constexpr double kScreenDpi = 96.0;

QSize stackedSize(const QList<QWidget*>& widgets) {
    QSize size(0, 0); // not QSize(), which is -1 × -1
    for (auto* w : widgets)
        size = QSize(qMax(size.width(), w->width()), size.height() + w->height());
    return size;
}

// A widget and the children on screen in it, in painting order. A QCustomPlot draws itself with its items
// (toPainter), so a PDF or SVG gets lines and text rather than the plot's screen buffer, and a PNG gets them
// at the painter's scale rather than the screen's pixels blown up.
void paintTree(QCPPainter& painter, QWidget* widget, const QPoint& at) {
    painter.save();
    // A child is drawn only where its parent shows it: the rows of a scroll area stay inside its viewport.
    painter.setClipRect(QRect(at, widget->size()),
                        painter.hasClipping() ? Qt::IntersectClip : Qt::ReplaceClip);
    if (auto* plot = qobject_cast<QCustomPlot*>(widget)) {
        painter.translate(at);
        plot->toPainter(&painter, plot->width(), plot->height());
    } else {
        widget->render(&painter, at, QRegion(), QWidget::DrawWindowBackground); // itself, without children
        for (auto* child : widget->findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
            if (!child->isWindow() && child->isVisibleTo(widget))
                paintTree(painter, child, at + child->pos());
    }
    painter.restore();
}

void paintStack(QCPPainter& painter, const QList<QWidget*>& widgets, const QSize& size) {
    painter.fillRect(QRect(QPoint(), size), widgets.front()->palette().window());
    int y = 0;
    for (auto* w : widgets) {
        paintTree(painter, w, QPoint(0, y));
        y += w->height();
    }
}

bool paintPdf(QSaveFile& file, const QList<QWidget*>& widgets, const QSize& size,
              const ExportOptions& options, QString* reason) {
    QPdfWriter pdf(&file);
    pdf.setCreator("MP Workbench");
    // At the screen's resolution fonts come out the size they have on screen (at 1200 dpi a 9-point label
    // would be sized for 1200 dpi and then scaled up with the rest).
    pdf.setResolution(int(kScreenDpi));
    if (options.pdfPage == ExportOptions::PdfPage::A4Landscape) {
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageOrientation(QPageLayout::Landscape);
    } else {
        // One screen pixel is one point at 96 dpi: the page is the plot's own size, with no margin.
        pdf.setPageSize(QPageSize(QSizeF(size) * 72.0 / kScreenDpi, QPageSize::Point));
        pdf.setPageMargins(QMarginsF());
    }
    QCPPainter painter;
    if (!painter.begin(&pdf)) {
        *reason = QObject::tr("the PDF could not be started");
        return false;
    }
    painter.setMode(QCPPainter::pmVectorized);
    const double scale = qMin(pdf.width() / double(size.width()), pdf.height() / double(size.height()));
    painter.scale(scale, scale);
    paintStack(painter, widgets, size);
    return painter.end();
}

bool paintSvg(QSaveFile& file, const QList<QWidget*>& widgets, const QSize& size, QString* reason) {
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(), size));
    svg.setResolution(int(kScreenDpi));
    QCPPainter painter;
    if (!painter.begin(&svg)) {
        *reason = QObject::tr("the SVG could not be started");
        return false;
    }
    painter.setMode(QCPPainter::pmVectorized);
    paintStack(painter, widgets, size);
    return painter.end();
}

bool paintImage(QSaveFile& file, const QList<QWidget*>& widgets, const QSize& size,
                const ExportOptions& options, QString* reason) {
    const double scale = qMax(1.0, options.pngScale);
    QImage image((QSizeF(size) * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        *reason =
            QObject::tr("a %1 × %2 picture does not fit in memory").arg(size.width()).arg(size.height());
        return false;
    }
    image.setDevicePixelRatio(scale); // widgets paint in their own units, the painter scales them up
    {
        QCPPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                               QPainter::SmoothPixmapTransform);
        paintStack(painter, widgets, size);
    }
    image.setDevicePixelRatio(1.0); // written as plain pixels: the resolution says how large they print
    // Set only now: while painting, fonts are sized for the screen's 96 dpi and the painter scales them.
    const int dotsPerMeter = int(std::lround(kScreenDpi * scale / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    QImageWriter writer(&file, QFileInfo(file.fileName()).suffix().toLower().toLatin1());
    if (writer.write(image)) return true;
    *reason = writer.errorString();
    return false;
}

} // namespace

bool exportWidgets(const QList<QWidget*>& widgets, const QString& path, QString* why,
                   const ExportOptions& options) {
    const QString name = QFileInfo(path).fileName();
    // A tab just brought forward is laid out by a posted event; rendering would settle it halfway through.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QSize size = widgets.isEmpty() ? QSize() : stackedSize(widgets);
    if (size.isEmpty()) {
        *why = QObject::tr("%1 was not written: there is nothing on screen to export.").arg(name);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *why = QObject::tr("%1 could not be written: %2").arg(path, file.errorString());
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    QString reason;
    const bool painted = suffix == "pdf"   ? paintPdf(file, widgets, size, options, &reason)
                         : suffix == "svg" ? paintSvg(file, widgets, size, &reason)
                                           : paintImage(file, widgets, size, options, &reason);
    if (!painted || !file.commit()) {
        if (reason.isEmpty()) reason = file.errorString();
        *why = QObject::tr("%1 could not be written: %2").arg(path, reason);
        return false; // QSaveFile removes what it had written
    }
    return true;
}

bool exportWidget(QWidget* widget, const QString& path, QString* why, const ExportOptions& options) {
    return exportWidgets(QList<QWidget*>{widget}, path, why, options);
}

} // namespace mpwb
