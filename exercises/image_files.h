// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Image files in and out, through QImage (Qt Gui: no QGuiApplication is needed to read and write PNG, JPEG,
// BMP or PPM). Paths are handled as bytes with POSIX calls, so no file name is lost to a text conversion.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "image_kernels.h"

namespace mpwb::exercises {

// The pixels of one file, or why it cannot be used ("truncated PNG: ...", "not an image ...", "too large:
// 12000 x 10000 pixels ..."). The format is told from the first bytes, and only the decoder of that format
// reads the rest, as far as it needs: a video among the pictures costs 16 bytes of reading, not its size.
std::variant<Pixels, std::string> readImageFile(const std::string& path);

// Encodes PNG and writes it, whole or not at all (a temporary file renamed into place); returns the number
// of bytes written. Throws std::runtime_error whose message starts with kCannotWrite and the path when the
// file cannot be written: that is a broken run (a full disk), not a bad input.
std::uint64_t writePngFile(const std::string& path, const Pixels& pixels);
inline constexpr const char* kCannotWrite = "cannot write ";

// For data that starts with the PNG signature: whether its chunk structure is damaged (cut short, a chunk
// whose CRC does not match), in words. Catching these here gives a precise reason and keeps libpng from
// printing its own errors on the worker's stderr.
std::optional<std::string> pngDamage(const std::uint8_t* data, std::size_t size);

} // namespace mpwb::exercises
