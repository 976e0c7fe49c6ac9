// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The arithmetic of the image-filter exercise, with no file I/O: resize, the four filters and the pixel
// digest. Everything is integer arithmetic in plain loops, so a picture comes out bit for bit the same on
// every backend, worker and chunksize (library scalers may pick SIMD paths that round differently).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "task_context.h"

namespace mpwb::exercises {

// Row-major, 4 bytes per pixel (R, G, B, A), not premultiplied.
struct Pixels {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
    bool hasAlpha = false; // false: A is 255 everywhere and the file is written without it

    Pixels() = default;
    Pixels(int w, int h, bool alpha = false)
        : width(w), height(h), rgba(static_cast<std::size_t>(w) * h * 4, 255), hasAlpha(alpha) {}
    std::uint8_t* row(int y) { return rgba.data() + static_cast<std::size_t>(y) * width * 4; }
    const std::uint8_t* row(int y) const { return rgba.data() + static_cast<std::size_t>(y) * width * 4; }
};

enum class Filter { Blur, Sharpen, Edges, Grey };

const std::vector<std::string>& filterNames(); // in the order of Filter
std::optional<Filter> parseFilter(std::string_view name);

// The size a picture gets when its longest side becomes `longest`, the other side in proportion (>= 1).
void scaledSize(int width, int height, int longest, int& outWidth, int& outHeight);

// Area-average resampling: each output pixel is the exact, overlap-weighted mean of the source pixels it
// covers, rounded once at the end. Works for shrinking and enlarging.
Pixels resizeLongestSide(const Pixels& in, int longest, TaskContext& context);

// Mean over a (2r+1) x (2r+1) window, edges repeated. Summed directly tap by tap (no running sums), so the
// cost grows with the radius, as a student expects when turning it up.
Pixels boxBlur(const Pixels& in, int radius, TaskContext& context);

// Applies one filter in place. Sharpen is an unsharp mask (2p - blur(p)) with the same radius as blur;
// edges is the Sobel gradient magnitude of the luma; grey is the luma. Alpha is kept as it is.
void applyFilter(Filter filter, Pixels& pixels, int radius, TaskContext& context);

// 64-bit FNV-1a: simple, byte-order independent, and enough to tell two outputs apart.
inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
std::uint64_t fnv1a64(const void* data, std::size_t size, std::uint64_t hash = kFnvOffset);
// Digest of the size and every pixel byte: what "the same output" means for this exercise.
std::uint64_t pixelDigest(const Pixels& pixels);
std::string hex64(std::uint64_t value);

} // namespace mpwb::exercises
