// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pickling inspector: does this run spend more time packing and unpacking takeaway boxes (pickled
// copies of the items and results) than cooking (the work)? A sentence says it in plain words; on the left
// two bars weigh the boxes against the cooking for every chunk back so far, on the right each chunk's time is
// split into cooking, packing and unpacking, with the bytes it carried below. Hover for a chunk's numbers.
// Thread backends pass nothing between processes: the view says so instead of drawing zeros.

#include <QWidget>

#include "pickling_tally.h"
#include "plot_theme.h"
#include "run_view.h"

class QLabel;
class QMouseEvent;

namespace mpwb {

class PicklingView : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit PicklingView(QWidget* parent = nullptr);

    // RunView
    QWidget* widget() override { return this; }
    QString title() const override { return tr("Pickling"); }
    bool appliesTo(const RunFrame& frame) const override;
    void showFrame(const RunFrame& frame) override;
    void setTheme(const PlotTheme& theme) override;

    // The verdict and the figures behind it, as the view shows them now (its words for a screen reader).
    QString description() const;
    QString verdict() const;
    const PicklingTally& tally() const { return m_tally; }
    // Whether the plot is shown (a run whose backend packs boxes) or only the sentence saying why not.
    bool drawsBoxes() const;
    // The tooltip at a point of the plot widget, empty where there is none.
    QString textAt(const QPoint& plotPos) const;
    QCustomPlot* plot() const { return m_plot; }
    void updateNow();

private:
    void refresh();
    void refreshBalance();
    void refreshChunks();
    void onMouseMove(QMouseEvent* event);

    QLabel* m_verdict = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_balanceRect = nullptr;
    QCPAxisRect* m_shareRect = nullptr;
    QCPAxisRect* m_bytesRect = nullptr;
    QCPItemText* m_hint = nullptr;
    QCPItemStraightLine* m_half = nullptr;
    RedrawThrottle* m_throttle = nullptr;
    PlotTheme m_theme = PlotTheme::light();
    PicklingTally m_tally;
    QString m_backend;
    bool m_runOver = false; // the frame shows the run's end
    const RunModel* m_run = nullptr;
    std::size_t m_runEventsCounted = 0; // the run's chunk events summed into m_runChunks
    std::uint64_t m_runChunks = 0;      // chunks of the whole run so far: the x axis's length
};

} // namespace mpwb
