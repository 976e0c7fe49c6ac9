#include "file_thumbnails.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QImageReader>
#include <QLabel>
#include <QApplication>
#include <QPointer>
#include <QThreadPool>
#include <QVBoxLayout>

namespace mpwb {

namespace {
constexpr int kShown = 8;    // newest files on screen: enough to see work flow, few enough to read
constexpr int kThumb = 150;  // pixels on the longer side

QImage thumbnail(const QString& path) {
    QImageReader reader(path);
    const QSize size = reader.size();
    if (size.isValid()) reader.setScaledSize(size.scaled(kThumb, kThumb, Qt::KeepAspectRatio));
    return reader.read();
}
} // namespace

FileThumbnails::FileThumbnails(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel(tr("No files yet: run the image filter to see each file before and after."));
    m_heading->setWordWrap(true);
    layout->addWidget(m_heading);
    m_grid = new QGridLayout;
    layout->addLayout(m_grid);
    layout->addStretch();
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
        auto& old = m_cells.back();
        delete old.before;
        delete old.after;
        delete old.caption;
        m_cells.pop_back();
    }
    m_heading->setText(m_taken == 0 ? m_heading->text()
                                    : tr("%1 files done, %2 skipped. The newest %3, before → after:")
                                          .arg(m_done)
                                          .arg(m_failed)
                                          .arg(m_cells.size()));
    layoutCells();
    for (auto& cell : m_cells)
        if (!cell.loaded) loadInBackground(cell);
}

void FileThumbnails::layoutCells() {
    // Two files per row: before, after, caption under the pair.
    for (int i = 0; i < int(m_cells.size()); ++i) {
        const int row = (i / 2) * 2, column = (i % 2) * 2;
        m_grid->addWidget(m_cells[std::size_t(i)].before, row, column);
        m_grid->addWidget(m_cells[std::size_t(i)].after, row, column + 1);
        m_grid->addWidget(m_cells[std::size_t(i)].caption, row + 1, column, 1, 2);
    }
}

// Decoding a large picture takes long enough to stutter the window: it happens on the thread pool, and the
// thumbnail lands on its label (if that label still exists) through the GUI thread's event queue.
void FileThumbnails::loadInBackground(Cell& cell) {
    cell.loaded = true;
    for (auto [label, path] : {std::pair{cell.before, cell.file.input}, std::pair{cell.after, cell.file.output}}) {
        if (path.empty()) continue;
        QPointer<QLabel> target(label);
        QThreadPool::globalInstance()->start([target, path = QString::fromStdString(path)] {
            const QImage image = thumbnail(path);
            QMetaObject::invokeMethod(
                qApp,
                [target, image] {
                    if (target && !image.isNull()) target->setPixmap(QPixmap::fromImage(image));
                },
                Qt::QueuedConnection);
        });
    }
}

void FileThumbnails::loadAll() {
    for (auto& cell : m_cells) {
        cell.loaded = true;
        cell.before->setPixmap(QPixmap::fromImage(thumbnail(QString::fromStdString(cell.file.input))));
        if (cell.file.ok)
            cell.after->setPixmap(QPixmap::fromImage(thumbnail(QString::fromStdString(cell.file.output))));
    }
}

void FileThumbnails::clear() {
    for (auto& cell : m_cells) {
        delete cell.before;
        delete cell.after;
        delete cell.caption;
    }
    m_cells.clear();
    m_taken = 0;
    m_done = m_failed = 0;
    m_heading->setText(tr("No files yet: run the image filter to see each file before and after."));
}

QString FileThumbnails::captionAt(int i) const {
    return i < int(m_cells.size()) ? m_cells[std::size_t(i)].caption->text() : QString();
}

bool FileThumbnails::hasImagesAt(int i) const {
    if (i >= int(m_cells.size())) return false;
    const auto& c = m_cells[std::size_t(i)];
    return c.before->pixmap().width() > 0 && (!c.file.ok || c.after->pixmap().width() > 0);
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
