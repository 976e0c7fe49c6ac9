// SPDX-License-Identifier: GPL-3.0-or-later
#include "image_files.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

#include "fd_closer.h"

namespace mpwb::exercises {
namespace {

constexpr std::uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
// zlib level 4 or so: about three times faster than Qt's default for a few percent more bytes, so the run's
// time goes to the filter the student chose rather than to compression.
constexpr int kPngQuality = 50;

const std::array<std::uint32_t, 256>& crcTable() {
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
    return table;
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    std::uint32_t c = 0xffffffffu;
    for (std::size_t i = 0; i < size; ++i)
        c = crcTable()[(c ^ data[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

std::string systemError(const std::string& what, int error) {
    return what + ": " + std::generic_category().message(error);
}

// The largest picture read, and the memory it takes: a worker holds Qt's decoded picture and our copy of it
// at once, 4 bytes a pixel each (8 for Qt's while a 16-bit PNG is decoded). 100 megapixels covers every
// camera a student is likely to own (a 48 MP phone, a 61 MP full-frame body) at about 800 MB per worker at
// most; anything larger is refused by name and size before a byte of pixels is decoded.
constexpr std::int64_t kMaxPixels = 100'000'000;
// Qt refuses any picture over 128 MB by default (a 6000 x 6000 PNG is 144 MB): raised to what kMaxPixels
// needs, in whole MiB, with the 16-bit case included.
constexpr int kAllocationLimitMb = int(kMaxPixels * 8 / (1 << 20)) + 1;

// The formats this exercise reads, told by their first bytes (never by the name: a text file called
// photo.png is no image), with the name Qt knows each by.
struct Signature {
    const char* format;
    const char* label;
    std::size_t offset;
    std::string_view magic;
};
constexpr std::size_t kSniffBytes = 16;
const Signature kSignatures[] = {
    {"png", "PNG", 0, {reinterpret_cast<const char*>(kPngSignature), sizeof kPngSignature}},
    {"jpeg", "JPEG", 0, "\xff\xd8\xff"},
    {"gif", "GIF", 0, "GIF87a"},
    {"gif", "GIF", 0, "GIF89a"},
    {"bmp", "BMP", 0, "BM"},
    {"pbm", "PBM", 0, "P1"},
    {"pgm", "PGM", 0, "P2"},
    {"ppm", "PPM", 0, "P3"},
    {"pbm", "PBM", 0, "P4"},
    {"pgm", "PGM", 0, "P5"},
    {"ppm", "PPM", 0, "P6"},
    {"tiff", "TIFF", 0, {"II*\0", 4}},
    {"tiff", "TIFF", 0, {"MM\0*", 4}},
    {"webp", "WebP", 8, "WEBP"},
};

const Signature* recognise(const std::uint8_t* head, std::size_t size) {
    for (const auto& s : kSignatures)
        if (size >= s.offset + s.magic.size() &&
            std::memcmp(head + s.offset, s.magic.data(), s.magic.size()) == 0)
            return &s;
    return nullptr;
}

// Reads exactly `size` bytes at `offset` (less only at the end of the file); false if the read failed.
bool readAt(int fd, std::uint64_t offset, std::uint8_t* into, std::size_t size, std::size_t& got) {
    got = 0;
    while (got < size) {
        const auto n = ::pread(fd, into + got, size - got, off_t(offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) break;
        got += std::size_t(n);
    }
    return true;
}

// Writes all of `bytes` to `fd`; 0 or the errno of the failure.
int writeAll(int fd, const QByteArray& bytes) {
    qsizetype done = 0;
    while (done < bytes.size()) {
        const auto n = ::write(fd, bytes.constData() + done, static_cast<std::size_t>(bytes.size() - done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return EIO;
        done += n;
    }
    return 0;
}

// Written to a hidden temporary file beside it and renamed over it once complete, so a full disk or a killed
// worker leaves either the whole picture or none (and a hidden leftover at worst, which no run reads as
// input). Not fsync'ed: that would cost more than the filter, and the failures we guard against (no space,
// a quota, an I/O error) show at write or close.
void writeWholeFile(const std::string& path, const QByteArray& bytes) {
    const auto slash = path.rfind('/');
    const auto folder = slash == std::string::npos ? std::string(".") : path.substr(0, slash);
    const auto name = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string temporary = folder + "/." + name + ".incomplete-XXXXXX";
    int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0 && errno == ENAMETOOLONG) { // a name near the limit has no room for the suffix
        temporary = folder + "/.mpwb-incomplete-XXXXXX";
        fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    }
    if (fd < 0) throw std::runtime_error(systemError(std::string(kCannotWrite) + path, errno));
    ::fchmod(fd, 0644); // mkostemp makes it private; the picture is for the student to open
    int error = writeAll(fd, bytes);
    if (::close(fd) != 0 && !error) error = errno;
    if (!error && ::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
    if (error) {
        ::unlink(temporary.c_str());
        throw std::runtime_error(systemError(std::string(kCannotWrite) + path, error));
    }
}

} // namespace

namespace {

// The walk over a PNG's chunks, reading through `read(offset, into, size)` (false: the read failed), so a
// file is checked a block at a time without ever being held whole.
template <typename Read> std::optional<std::string> pngDamageBy(std::uint64_t size, Read read) {
    std::uint64_t at = sizeof kPngSignature;
    std::vector<std::uint8_t> block(1 << 16);
    while (true) {
        if (size - at < 12) return "truncated PNG: the file ends before its IEND chunk";
        std::uint8_t head[8];
        if (!read(at, head, 8)) return "cannot read the file";
        const std::uint32_t length = bigEndian32(head);
        const std::string type(reinterpret_cast<const char*>(head + 4), 4);
        if (length > size - at - 12) return "truncated PNG: the file ends inside its " + type + " chunk";
        // The CRC covers the type and the data; it is computed on, block by block, as zlib's crc32 would be.
        std::uint32_t c = ~crc32(head + 4, 4);
        for (std::uint64_t done = 0; done < length;) {
            const auto n = std::size_t(std::min<std::uint64_t>(block.size(), length - done));
            if (!read(at + 8 + done, block.data(), n)) return "cannot read the file";
            for (std::size_t i = 0; i < n; ++i)
                c = crcTable()[(c ^ block[i]) & 0xff] ^ (c >> 8);
            done += n;
        }
        std::uint8_t stored[4];
        if (!read(at + 8 + length, stored, 4)) return "cannot read the file";
        if (~c != bigEndian32(stored)) return "corrupt PNG: the " + type + " chunk fails its checksum";
        if (type == "IEND") return std::nullopt;
        at += 12 + std::uint64_t(length);
    }
}

} // namespace

std::optional<std::string> pngDamage(const std::uint8_t* data, std::size_t size) {
    return pngDamageBy(size, [&](std::uint64_t offset, std::uint8_t* into, std::size_t n) {
        std::memcpy(into, data + offset, n);
        return true;
    });
}

std::variant<Pixels, std::string> readImageFile(const std::string& path) {
    static const bool limitSet = (QImageReader::setAllocationLimit(kAllocationLimitMb), true);
    (void)limitSet;
    // Non-blocking: a named pipe put in place of a picture must not hang the worker (regular files ignore
    // it).
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return systemError("cannot open the file", errno);
    FdCloser closer(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0) return systemError("cannot read the file", errno);
    if (!S_ISREG(st.st_mode)) return std::string("not a regular file");
    if (st.st_size == 0) return std::string("empty file");

    std::uint8_t head[kSniffBytes];
    std::size_t got = 0;
    if (!readAt(fd, 0, head, sizeof head, got)) return systemError("cannot read the file", errno);
    const auto* signature = recognise(head, got);
    if (!signature)
        return std::string(
            "not an image (its first bytes match none of PNG, JPEG, GIF, BMP, PBM/PGM/PPM, TIFF, "
            "WebP)");
    if (!QImageReader::supportedImageFormats().contains(signature->format))
        return std::string("a ") + signature->label + " picture, which this installation of Qt cannot read";
    if (std::string_view(signature->format) == "png") {
        const auto damage = pngDamageBy(std::uint64_t(st.st_size),
                                        [fd](std::uint64_t offset, std::uint8_t* into, std::size_t n) {
                                            std::size_t read = 0;
                                            return readAt(fd, offset, into, n, read) && read == n;
                                        });
        if (damage) return *damage;
    }

    // The decoder reads the file itself, as far as its format needs, never the whole file up front.
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::DontCloseHandle))
        return "cannot read the file: " + file.errorString().toStdString();
    QImageReader reader(&file, signature->format);
    reader.setAutoDetectImageFormat(false);
    const QSize size = reader.size();
    if (size.isValid() && std::int64_t(size.width()) * size.height() > kMaxPixels)
        return "too large: " + std::to_string(size.width()) + " x " + std::to_string(size.height()) +
               " pixels (" + std::to_string(std::int64_t(size.width()) * size.height() / 1'000'000) +
               " megapixels); this exercise reads pictures up to " + std::to_string(kMaxPixels / 1'000'000) +
               " megapixels";
    QImage image;
    if (!reader.read(&image))
        return std::string("damaged ") + signature->label + " data: " + reader.errorString().toStdString();
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
    const QImage view(pixels.rgba.data(), pixels.width, pixels.height, qsizetype(pixels.width) * 4,
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
