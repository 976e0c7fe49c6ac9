// SPDX-License-Identifier: GPL-3.0-or-later
#include "summary_sheet.h"

#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QPalette>
#include <QVBoxLayout>
#include <QWidget>

#include "core_utilisation_plot.h"
#include "run_model.h"
#include "timeline_plot.h"
#include "worker_cpu_plot.h"

namespace mpwb {
namespace {

// The run's cores, each worker's CPU and its chunks, from all of its events, in the light theme.
std::unique_ptr<QWidget> runPlots(const RunModel& run) {
    auto box = std::make_unique<QWidget>();
    auto* layout = new QVBoxLayout(box.get());
    const auto frame = RunFrame::whole(&run);
    auto* cores = new CoreUtilisationPlot;
    auto* workers = new WorkerCpuPlot;
    auto* timeline = new TimelinePlot;
    // Heights that give each view room on one printed page: the cores, then each worker's CPU, then chunks.
    const std::pair<RunView*, int> views[] = {{cores, 380}, {workers, 220}, {timeline, 340}};
    for (const auto& [view, height] : views) {
        view->setTheme(PlotTheme::light());
        view->widget()->setFixedHeight(height);
        layout->addWidget(view->widget());
        view->showFrame(frame);
    }
    box->resize(1200, 380 + 220 + 340 + 40);
    box->ensurePolished();
    layout->activate();
    cores->updateNow();
    workers->updateNow();
    timeline->updateNow();
    return box;
}

} // namespace

SummaryContent summaryContentOf(const QString& title, const RunModel& run, const QString& resultHtml,
                                const QString& predictionHtml) {
    SummaryContent c;
    const auto& data = run.data();
    if (!data.finished || !data.started) return c;
    const auto& s = *data.started;
    c.title = title;
    QStringList params;
    for (const auto& [k, v] : s.params)
        params << QString::fromStdString(k + " = " + v);
    c.setup = QObject::tr("%1 with %2 worker(s)%3; %4")
                  .arg(QString::fromStdString(s.backend))
                  .arg(s.workers)
                  .arg(s.startMethod.empty()
                           ? QString()
                           : QObject::tr(", started by %1").arg(QString::fromStdString(s.startMethod)))
                  .arg(params.join(", "));
    if (data.hello)
        c.machine = QObject::tr("%1 cores, %2")
                        .arg(data.hello->cores)
                        .arg(QString::fromStdString(data.hello->machine));
    c.resultHtml = resultHtml;
    c.predictionHtml = predictionHtml;
    c.run = &run;
    return c;
}

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
    std::unique_ptr<QWidget> ownPlots;
    if (c.run && !c.run->isSweep()) {
        ownPlots = runPlots(*c.run);
        plots = ownPlots.get();
    }
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
