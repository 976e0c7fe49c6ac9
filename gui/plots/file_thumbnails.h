#pragma once
// Before and after, as files complete: the newest few files of a run, each as its input and its output side
// by side, or its name and what went wrong in red. Images are decoded at thumbnail size, a few per frame,
// so a run of large files never stalls the window.

#include <QWidget>
#include <vector>

#include "events.h"
#include "run_view.h"

class QGridLayout;
class QLabel;

namespace mpwb {

class FileThumbnails : public QWidget, public RunView {
    Q_OBJECT
public:
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

private:
    struct Cell {
        FileEvent file;
        QLabel* before = nullptr;
        QLabel* after = nullptr;
        QLabel* caption = nullptr;
        bool loaded = false;
    };
    void layoutCells();
    void loadInBackground(Cell& cell);

    QGridLayout* m_grid = nullptr;
    QLabel* m_heading = nullptr;
    std::vector<Cell> m_cells; // newest first
    std::size_t m_taken = 0;
    const RunModel* m_shownRun = nullptr;
    int m_done = 0;
    int m_failed = 0;
};

} // namespace mpwb
