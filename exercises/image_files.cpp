#include "image_files.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace mpwb::exercises {
namespace {

constexpr std::uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
// zlib level 4 or so: about three times faster than Qt's default for a few percent more bytes, so the run's
// time goes to the filter the student chose rather than to compression.
constexpr int kPngQuality = 50;

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xffffffffu;
    for (std::size_t i = 0; i < size; ++i)
        c = table[(c ^ data[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

std::string systemError(const std::string& what, int error) {
    return what + ": " + std::strerror(error);
}

// The whole file, or the reason it cannot be read.
std::variant<QByteArray, std::string> readWholeFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return systemError("cannot open the file", errno);
    QByteArray bytes;
    char buffer[1 << 16];
    for (;;) {
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            return systemError("cannot read the file", error);
        }
        if (n == 0) break;
        bytes.append(buffer, n);
    }
    ::close(fd);
    return bytes;
}

void writeWholeFile(const std::string& path, const QByteArray& bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(systemError("cannot create " + path, errno));
    qsizetype done = 0;
    while (done < bytes.size()) {
        const auto n = ::write(fd, bytes.constData() + done, static_cast<std::size_t>(bytes.size() - done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            throw std::runtime_error(systemError("cannot write " + path, error));
        }
        done += n;
    }
    if (::close(fd) != 0) throw std::runtime_error(systemError("cannot write " + path, errno));
}

} // namespace

std::optional<std::string> pngDamage(const std::uint8_t* data, std::size_t size) {
    std::size_t at = sizeof kPngSignature;
    while (true) {
        if (size - at < 12) return "truncated PNG: the file ends before its IEND chunk";
        const std::uint32_t length = bigEndian32(data + at);
        const std::string type(reinterpret_cast<const char*>(data + at + 4), 4);
        if (length > size - at - 12) return "truncated PNG: the file ends inside its " + type + " chunk";
        const std::uint8_t* typeAndData = data + at + 4;
        if (crc32(typeAndData, 4 + std::size_t(length)) != bigEndian32(typeAndData + 4 + length))
            return "corrupt PNG: the " + type + " chunk fails its checksum";
        if (type == "IEND") return std::nullopt;
        at += 12 + std::size_t(length);
    }
}

std::variant<Pixels, std::string> readImageFile(const std::string& path) {
    auto read = readWholeFile(path);
    if (auto* why = std::get_if<std::string>(&read)) return *why;
    QByteArray& bytes = std::get<QByteArray>(read);
    if (bytes.isEmpty()) return std::string("empty file");
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.constData());
    const auto size = static_cast<std::size_t>(bytes.size());
    if (size >= sizeof kPngSignature && std::memcmp(data, kPngSignature, sizeof kPngSignature) == 0)
        if (auto damage = pngDamage(data, size)) return *damage;

    // The format is told from the content, never from the name: a text file called photo.png is no image.
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    QImage image;
    if (!reader.read(&image)) {
        if (reader.error() == QImageReader::UnsupportedFormatError)
            return std::string("not an image (no image format recognised in its content)");
        const auto format = reader.format().toUpper().toStdString();
        return "damaged " + (format.empty() ? std::string("image") : format) +
               " data: " + reader.errorString().toStdString();
    }
    Pixels pixels(image.width(), image.height(), image.hasAlphaChannel());
    // Converted a strip at a time: Qt converts a large picture on its global thread pool, which would make a
    // "sequential" run use several cores, and whose threads a fork does not copy (a forked worker that
    // converted next would wait for them forever). Strips under 2^17 pixels are converted on this thread.
    const int rowsPerStrip = std::max(1, ((1 << 17) - 1) / std::max(1, image.width()));
    for (int top = 0; top < image.height(); top += rowsPerStrip) {
        const int rows = std::min(rowsPerStrip, image.height() - top);
        const QImage strip = image.copy(0, top, image.width(), rows).convertToFormat(QImage::Format_RGBA8888);
        for (int y = 0; y < rows; ++y)
            std::memcpy(pixels.row(top + y), strip.constScanLine(y), std::size_t(image.width()) * 4);
    }
    return pixels;
}

std::uint64_t writePngFile(const std::string& path, const Pixels& pixels) {
    // A view of our buffer, not a copy; RGBX tells the writer to leave alpha out of an opaque picture.
    const QImage view(pixels.rgba.data(), pixels.width, pixels.height, pixels.width * 4,
                      pixels.hasAlpha ? QImage::Format_RGBA8888 : QImage::Format_RGBX8888);
    QByteArray encoded;
    QBuffer buffer(&encoded);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    writer.setQuality(kPngQuality);
    if (!writer.write(view))
        throw std::runtime_error("cannot encode " + path + " as PNG: " + writer.errorString().toStdString());
    writeWholeFile(path, encoded);
    return static_cast<std::uint64_t>(encoded.size());
}

} // namespace mpwb::exercises
