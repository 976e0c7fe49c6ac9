#pragma once
// Image files in and out, through QImage (Qt Gui: no QGuiApplication is needed to read and write PNG, JPEG,
// BMP or PPM). Paths are handled as bytes with POSIX calls, so no file name is lost to a text conversion.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "image_kernels.h"

namespace mpwb::exercises {

// The pixels of one file, or why it cannot be used ("truncated PNG: ...", "not an image ...").
std::variant<Pixels, std::string> readImageFile(const std::string& path);

// Encodes PNG and writes it; returns the number of bytes written. Throws std::runtime_error naming the path
// when the file cannot be written: that is a broken run, not a bad input.
std::uint64_t writePngFile(const std::string& path, const Pixels& pixels);

// For data that starts with the PNG signature: whether its chunk structure is damaged (cut short, a chunk
// whose CRC does not match), in words. Catching these here gives a precise reason and keeps libpng from
// printing its own errors on the worker's stderr.
std::optional<std::string> pngDamage(const std::uint8_t* data, std::size_t size);

} // namespace mpwb::exercises
