// SPDX-License-Identifier: GPL-3.0-or-later
#include "file_thumbnails.h"

#include <QApplication>
#include <QFileInfo>
#include <QGridLayout>
#include <QImageReader>
#include <QLabel>
#include <QPointer>
#include <QScrollArea>
#include <QThreadPool>
#include <QVBoxLayout>
#include <cstdlib>

namespace mpwb {

namespace {
constexpr int kShown = 8;   // newest files on screen: enough to see work flow, few enough to read
constexpr int kThumb = 150; // pixels on the longer side

// Only a regular file is opened: a named pipe would block the reading thread for good, a device could be read
// forever. The engine names such entries without file events, but a folder can change under a run.
bool readableFile(const QString& path) {
    return QFileInfo(path).isFile();
}

QImage thumbnail(const QString& path) {
    if (!readableFile(path)) return {};
    QImageReader reader(path);
    const QSize size = reader.size();
    if (size.isValid()) reader.setScaledSize(size.scaled(kThumb, kThumb, Qt::KeepAspectRatio));
    return reader.read();
}

// Shown one image pixel to one screen pixel, on any display: that is the point of a detail.
void showActualPixels(QLabel* label, const QImage& image) {
    auto pixmap = QPixmap::fromImage(image);
    pixmap.setDevicePixelRatio(label->devicePixelRatioF());
    label->setPixmap(pixmap);
}

QString noFilesText() {
    return QObject::tr("No files yet: run the image filter to see each file before and after.");
}
} // namespace

QRect liveliestSpot(const QImage& before, const QImage& after, int side) {
    const QSize size = after.size();
    if (before.size() != size || size.isEmpty()) return {};
    if (size.width() <= side && size.height() <= side) return QRect(QPoint(), size);
    // Differences summed over cells of a quarter square; squares are tried at every cell, so a 4096-pixel
    // output costs a few thousand sums rather than one per pixel.
    const int cell = qMax(1, side / 4), per = qMax(1, side / cell);
    const int gw = (size.width() + cell - 1) / cell, gh = (size.height() + cell - 1) / cell;
    std::vector<qint64> sums(std::size_t(gw) * gh, 0);
    const QImage a = before.convertToFormat(QImage::Format_ARGB32);
    const QImage b = after.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < size.height(); ++y) {
        const auto* ra = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const auto* rb = reinterpret_cast<const QRgb*>(b.constScanLine(y));
        for (int x = 0; x < size.width(); ++x)
            sums[std::size_t(y / cell) * gw + x / cell] +=
                std::abs(qRed(ra[x]) - qRed(rb[x])) + std::abs(qGreen(ra[x]) - qGreen(rb[x])) +
                std::abs(qBlue(ra[x]) - qBlue(rb[x])) + std::abs(qAlpha(ra[x]) - qAlpha(rb[x]));
    }
    qint64 best = -1;
    QPoint bestCell;
    for (int gy = 0; gy + per <= qMax(per, gh); ++gy)
        for (int gx = 0; gx + per <= qMax(per, gw); ++gx) {
            qint64 total = 0;
            for (int y = gy; y < qMin(gh, gy + per); ++y)
                for (int x = gx; x < qMin(gw, gx + per); ++x)
                    total += sums[std::size_t(y) * gw + x];
            if (total > best) best = total, bestCell = QPoint(gx, gy);
        }
    QRect spot(bestCell * cell, QSize(qMin(side, size.width()), qMin(side, size.height())));
    // Squares that start near the right or bottom edge slide back inside the picture.
    spot.moveRight(qMin(spot.right(), size.width() - 1));
    spot.moveBottom(qMin(spot.bottom(), size.height() - 1));
    return spot;
}

FilterDetail filterDetail(const QString& input, const QString& output, int side) {
    FilterDetail detail;
    if (!readableFile(input) || !readableFile(output)) return detail;
    const QImage after = QImageReader(output).read();
    if (after.isNull()) return detail;
    // The filter worked on the input resized to the output's size: compared at that size, every difference
    // is the filter's doing.
    QImageReader reader(input);
    if (reader.size() != after.size()) reader.setScaledSize(after.size());
    QImage before = reader.read();
    if (before.isNull()) return detail;
    if (before.size() != after.size())
        before = before.scaled(after.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    detail.spot = liveliestSpot(before, after, side);
    detail.before = before.copy(detail.spot);
    detail.after = after.copy(detail.spot);
    return detail;
}

FileThumbnails::FileThumbnails(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel(noFilesText());
    m_heading->setWordWrap(true);
    layout->addWidget(m_heading);
    auto* rows = new QWidget;
    auto* rowsLayout = new QVBoxLayout(rows);
    m_grid = new QGridLayout;
    rowsLayout->addLayout(m_grid);
    rowsLayout->addStretch();
    auto* scroll = new QScrollArea;
    scroll->setWidget(rows);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);
}

void FileThumbnails::setFiles(std::span<const FileEvent> files) {
    if (files.size() < m_taken) clear();
    for (; m_taken < files.size(); ++m_taken) {
        const auto& f = files[m_taken];
        f.ok ? ++m_done : ++m_failed;
        Cell cell;
        cell.file = f;
        cell.before = new QLabel;
        cell.after = new QLabel;
        cell.detailBefore = new QLabel;
        cell.detailAfter = new QLabel;
        cell.detailBefore->setToolTip(tr("Before, at actual pixels: where the filter changed the most"));
        cell.detailAfter->setToolTip(tr("After, at actual pixels: the same spot"));
        cell.caption = new QLabel;
        cell.caption->setWordWrap(true);
        const QString name = QFileInfo(QString::fromStdString(f.input)).fileName();
        if (f.ok)
            cell.caption->setText(name);
        else
            cell.caption->setText("<span style='color:#d55e00'><b>" + name.toHtmlEscaped() +
                                  "</b>: " + QString::fromStdString(f.message).toHtmlEscaped() + "</span>");
        m_cells.insert(m_cells.begin(), cell);
    }
    while (int(m_cells.size()) > kShown) {
        deleteCell(m_cells.back());
        m_cells.pop_back();
    }
    m_heading->setText(m_taken == 0 ? m_heading->text()
                                    : tr("%1 files done, %2 skipped. The newest %3: the whole picture before "
                                         "→ after, then the spot the filter changed most at actual pixels:")
                                          .arg(m_done)
                                          .arg(m_failed)
                                          .arg(m_cells.size()));
    layoutCells();
    for (auto& cell : m_cells)
        if (!cell.loaded) loadInBackground(cell);
}

void FileThumbnails::layoutCells() {
    // One file per row: before, after, the two details; its caption under them.
    for (int i = 0; i < int(m_cells.size()); ++i) {
        const auto& cell = m_cells[std::size_t(i)];
        const int row = i * 2;
        int column = 0;
        for (auto* label : {cell.before, cell.after, cell.detailBefore, cell.detailAfter})
            m_grid->addWidget(label, row, column++, Qt::AlignLeft | Qt::AlignTop);
        m_grid->addWidget(cell.caption, row + 1, 0, 1, 4);
    }
}

// Decoding a large picture takes long enough to stutter the window: it happens on the thread pool, and the
// pictures land on their labels (if those still exist) through the GUI thread's event queue.
void FileThumbnails::loadInBackground(Cell& cell) {
    cell.loaded = true;
    const auto input = QString::fromStdString(cell.file.input);
    const auto output = QString::fromStdString(cell.file.output);
    QPointer<QLabel> before(cell.before), after(cell.after), detailBefore(cell.detailBefore),
        detailAfter(cell.detailAfter);
    QThreadPool::globalInstance()->start([=] {
        const QImage whole[] = {thumbnail(input), output.isEmpty() ? QImage() : thumbnail(output)};
        const auto detail = output.isEmpty() ? FilterDetail() : filterDetail(input, output, kDetail);
        QMetaObject::invokeMethod(
            qApp,
            [=] {
                if (before && !whole[0].isNull()) before->setPixmap(QPixmap::fromImage(whole[0]));
                if (after && !whole[1].isNull()) after->setPixmap(QPixmap::fromImage(whole[1]));
                if (detailBefore && !detail.before.isNull()) showActualPixels(detailBefore, detail.before);
                if (detailAfter && !detail.after.isNull()) showActualPixels(detailAfter, detail.after);
            },
            Qt::QueuedConnection);
    });
}

void FileThumbnails::loadAll() {
    for (auto& cell : m_cells) {
        cell.loaded = true;
        const auto input = QString::fromStdString(cell.file.input);
        cell.before->setPixmap(QPixmap::fromImage(thumbnail(input)));
        if (!cell.file.ok) continue;
        const auto output = QString::fromStdString(cell.file.output);
        cell.after->setPixmap(QPixmap::fromImage(thumbnail(output)));
        const auto detail = filterDetail(input, output, kDetail);
        if (!detail.before.isNull()) showActualPixels(cell.detailBefore, detail.before);
        if (!detail.after.isNull()) showActualPixels(cell.detailAfter, detail.after);
    }
}

void FileThumbnails::deleteCell(Cell& cell) {
    for (auto* label : {cell.before, cell.after, cell.detailBefore, cell.detailAfter, cell.caption})
        delete label;
}

void FileThumbnails::clear() {
    for (auto& cell : m_cells)
        deleteCell(cell);
    m_cells.clear();
    m_taken = 0;
    m_done = m_failed = 0;
    m_heading->setText(noFilesText());
}

QString FileThumbnails::captionAt(int i) const {
    return i < int(m_cells.size()) ? m_cells[std::size_t(i)].caption->text() : QString();
}

bool FileThumbnails::hasImagesAt(int i) const {
    if (i >= int(m_cells.size())) return false;
    const auto& c = m_cells[std::size_t(i)];
    return c.before->pixmap().width() > 0 && (!c.file.ok || c.after->pixmap().width() > 0);
}

QImage FileThumbnails::detailBeforeAt(int i) const {
    return i < int(m_cells.size()) ? m_cells[std::size_t(i)].detailBefore->pixmap().toImage() : QImage();
}

QImage FileThumbnails::detailAfterAt(int i) const {
    return i < int(m_cells.size()) ? m_cells[std::size_t(i)].detailAfter->pixmap().toImage() : QImage();
}

bool FileThumbnails::appliesTo(const RunFrame& frame) const {
    return frame.run && !frame.run->data().files.empty();
}

void FileThumbnails::showFrame(const RunFrame& frame) {
    if (frame.run != m_shownRun) {
        clear();
        m_shownRun = frame.run;
    }
    setFiles(frame.files());
}

} // namespace mpwb
