// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Queue traffic: above, how many items wait in each queue over time, with its bound as a dashed line, so
// back-pressure (a queue pinned at its bound) and a starved stage (a queue stuck at zero) are visible; below,
// items put and taken per second, worked out from successive samples. A line under each says how long
// writers waited for room and readers for an item.

#include <QWidget>
#include <vector>

#include "plot_theme.h"
#include "redraw_throttle.h"
#include "run_data.h"
#include "run_view.h"

class QLabel;

namespace mpwb {

class QueueTrafficPlot : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit QueueTrafficPlot(QWidget* parent = nullptr);

    // RunView
    QWidget* widget() override { return this; }
    QString title() const override { return tr("Queues"); }
    bool appliesTo(const RunFrame& frame) const override;
    void showFrame(const RunFrame& frame) override;

    // Takes every queue sample of the run so far; call again as samples arrive.
    void setSamples(std::span<const QueueSample> samples);
    void clear();
    void setTheme(const PlotTheme& theme) override;

    QStringList queueNames() const;
    QString summary() const;
    void updateNow();
    QCustomPlot* plot() const { return m_plot; }
    QCPAxisRect* depthRect() const { return m_depthRect; }
    QCPAxisRect* rateRect() const { return m_rateRect; }

private:
    struct Series {
        QString name;
        QVector<double> t, depth, rateT, putRate, getRate;
        double capacity = 0;
        QueueEvent last;
        // The sample the next rate is counted from: a rate needs kMinRateSpan between its ends, as samples
        // can come close together (a Python run's processes each report their own share, a moment apart),
        // and a few items over a microsecond would read as millions a second.
        double rateFromT = 0;
        QueueEvent rateFrom;
    };
    void refresh();

    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_depthRect = nullptr;
    QCPAxisRect* m_rateRect = nullptr;
    QCPItemText* m_hint = nullptr;
    QLabel* m_summary = nullptr;
    RedrawThrottle* m_throttle = nullptr;
    PlotTheme m_theme = PlotTheme::light();
    std::vector<Series> m_series;
    std::size_t m_taken = 0;
    const RunModel* m_shownRun = nullptr;
};

} // namespace mpwb
