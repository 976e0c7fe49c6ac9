#include "summary_sheet.h"

#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QPalette>
#include <QVBoxLayout>
#include <QWidget>

namespace mpwb {

std::unique_ptr<QWidget> makeSummarySheet(const SummaryContent& c, QWidget* plots) {
    auto sheet = std::make_unique<QWidget>();
    QPalette light;
    light.setColor(QPalette::Window, Qt::white);
    light.setColor(QPalette::WindowText, Qt::black);
    sheet->setPalette(light);
    sheet->setAutoFillBackground(true);
    auto* layout = new QVBoxLayout(sheet.get());
    layout->setContentsMargins(32, 24, 32, 24);
    auto label = [&](const QString& html, qreal scale = 1.0, bool bold = false) {
        auto* l = new QLabel(html);
        l->setWordWrap(true);
        l->setTextFormat(Qt::RichText);
        QFont f = l->font();
        f.setPointSizeF(f.pointSizeF() * scale);
        f.setBold(bold);
        l->setFont(f);
        layout->addWidget(l);
        return l;
    };
    label(c.title.toHtmlEscaped(), 1.8, true);
    label(c.setup.toHtmlEscaped() + "<br><span style='color:#555'>" + c.machine.toHtmlEscaped() + " · " +
              QLocale(QLocale::English).toString(QDateTime::currentDateTime(), QLocale::ShortFormat) +
              "</span>",
          1.1);
    if (!c.predictionHtml.isEmpty()) {
        auto* p = label(c.predictionHtml, 1.2);
        p->setStyleSheet("border: 2px solid #0072b2; padding: 8px;");
    }
    label(c.resultHtml, 1.1);
    if (plots) {
        auto* image = new QLabel;
        const QPixmap grabbed = plots->grab();
        image->setPixmap(grabbed.scaledToWidth(qMin(grabbed.width(), 1400), Qt::SmoothTransformation));
        layout->addWidget(image);
    }
    layout->addStretch();
    sheet->resize(sheet->sizeHint().expandedTo(QSize(1000, 700)));
    sheet->ensurePolished();
    layout->activate();
    return sheet;
}

} // namespace mpwb
