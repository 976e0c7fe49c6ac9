// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Before and after, as files complete: the newest few files of a run, each as its input and its output side
// by side, then a detail of each at actual pixels (1:1) where the filter changed the picture most, so a
// blur or a sharpen shows that thumbnails would hide; a file that failed shows its name and what went wrong
// in red. Pictures are decoded on the thread pool, a few per frame, so a run of large files never stalls the
// window; the rows scroll, so many files never make the page taller.

#include <QImage>
#include <QRect>
#include <QWidget>
#include <vector>

#include "events.h"
#include "run_view.h"

class QGridLayout;
class QLabel;

namespace mpwb {

// The same spot of a file before and after the filter, at the output's actual pixels.
struct FilterDetail {
    QImage before; // the input at the output's scale (the size the filter worked at); actual pixels when
                   // the input already had the output's size
    QImage after;  // the output, actual pixels
    QRect spot;    // where, in the output's pixels
};

// The side×side square (or the whole picture, if smaller) where `before` and `after`, of one size, differ
// most; the top-left such square on a tie.
QRect liveliestSpot(const QImage& before, const QImage& after, int side);
// Reads both files and cuts the detail; null images when either cannot be read.
FilterDetail filterDetail(const QString& input, const QString& output, int side);

class FileThumbnails : public QWidget, public RunView {
    Q_OBJECT
public:
    // Side of the detail squares, in image pixels.
    static constexpr int kDetail = 120;

    explicit FileThumbnails(QWidget* parent = nullptr);

    // RunView
    QWidget* widget() override { return this; }
    QString title() const override { return tr("Files"); }
    bool appliesTo(const RunFrame& frame) const override;
    void showFrame(const RunFrame& frame) override;
    void setTheme(const PlotTheme&) override {} // thumbnails follow the palette

    // Takes every file event of the run so far; call again as more arrive.
    void setFiles(std::span<const FileEvent> files);
    void clear();
    // Decodes what is still waiting at once (tests, export).
    void loadAll();

    int shown() const { return int(m_cells.size()); }
    int failed() const { return m_failed; }
    QString captionAt(int i) const;
    bool hasImagesAt(int i) const;
    // The detail pictures of the i-th file shown (newest first), in image pixels; null when none.
    QImage detailBeforeAt(int i) const;
    QImage detailAfterAt(int i) const;

private:
    struct Cell {
        FileEvent file;
        QLabel* before = nullptr;
        QLabel* after = nullptr;
        QLabel* detailBefore = nullptr;
        QLabel* detailAfter = nullptr;
        QLabel* caption = nullptr;
        bool loaded = false;
    };
    void layoutCells();
    void loadInBackground(Cell& cell);
    static void deleteCell(Cell& cell);

    QGridLayout* m_grid = nullptr;
    QLabel* m_heading = nullptr;
    std::vector<Cell> m_cells; // newest first
    std::size_t m_taken = 0;
    const RunModel* m_shownRun = nullptr;
    int m_done = 0;
    int m_failed = 0;
};

} // namespace mpwb
