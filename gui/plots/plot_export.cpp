#include "plot_export.h"

#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QWidget>

namespace mpwb {

bool exportWidget(QWidget* widget, const QString& path) {
    if (path.endsWith(".pdf", Qt::CaseInsensitive)) {
        QPdfWriter pdf(path);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageOrientation(QPageLayout::Landscape);
        QPainter painter;
        if (!painter.begin(&pdf)) return false;
        const double scale =
            qMin(pdf.width() / double(widget->width()), pdf.height() / double(widget->height()));
        painter.scale(scale, scale);
        widget->render(&painter);
        return painter.end();
    }
    if (path.endsWith(".svg", Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(widget->size());
        svg.setViewBox(QRect(QPoint(0, 0), widget->size()));
        QPainter painter;
        if (!painter.begin(&svg)) return false;
        widget->render(&painter);
        return painter.end();
    }
    return widget->grab().save(path);
}

} // namespace mpwb
