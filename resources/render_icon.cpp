// SPDX-License-Identifier: GPL-3.0-or-later
// render-icon: draws the app's SVG icon as a square PNG of one size, at build time, so the PNGs a desktop
// wants (hicolor NxN) always match the SVG and none is committed.
//   render-icon ICON.svg SIZE OUT.png
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgRenderer>
#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: render-icon ICON.svg SIZE OUT.png\n");
        return 2;
    }
    // No application object: drawing shapes into an image needs neither a display nor a platform plugin.
    const auto svg = QString::fromLocal8Bit(argv[1]);
    bool ok = false;
    const int size = QByteArray(argv[2]).toInt(&ok);
    if (!ok || size < 8 || size > 1024) {
        std::fprintf(stderr, "render-icon: size '%s' is not a whole number of pixels from 8 to 1024\n",
                     argv[2]);
        return 2;
    }
    QSvgRenderer renderer(svg);
    if (!renderer.isValid()) {
        std::fprintf(stderr, "render-icon: %s is not a readable SVG file\n", argv[1]);
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    renderer.render(&painter);
    painter.end();
    // Written whole or not at all: a half-written PNG would be installed as if it were the icon.
    QSaveFile out(QString::fromLocal8Bit(argv[3]));
    if (!out.open(QIODevice::WriteOnly) || !image.save(&out, "PNG") || !out.commit()) {
        std::fprintf(stderr, "render-icon: could not write %s: %s\n", argv[3], qPrintable(out.errorString()));
        return 1;
    }
    return 0;
}
