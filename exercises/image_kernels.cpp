// SPDX-License-Identifier: GPL-3.0-or-later
#include "image_kernels.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace mpwb::exercises {
namespace {

// One source pixel's share of one output pixel.
struct Tap {
    int source;
    std::uint32_t weight;
};

// Output pixel o covers the source interval [o*in/out, (o+1)*in/out). Measured in units of 1/out of a
// source pixel the ends are integers, so the overlaps (the weights) are exact and sum to `in` for each o.
std::vector<std::vector<Tap>> areaTaps(int in, int out) {
    std::vector<std::vector<Tap>> taps(static_cast<std::size_t>(out));
    for (int o = 0; o < out; ++o) {
        const std::int64_t lo = std::int64_t(o) * in, hi = std::int64_t(o + 1) * in;
        for (std::int64_t s = lo / out; s * out < hi; ++s) {
            const auto overlap = std::min(hi, (s + 1) * out) - std::max(lo, s * out);
            if (overlap > 0) taps[o].push_back({static_cast<int>(s), static_cast<std::uint32_t>(overlap)});
        }
    }
    return taps;
}

int clampIndex(int i, int n) {
    return i < 0 ? 0 : i >= n ? n - 1 : i;
}

std::uint8_t clampByte(int v) {
    return static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
}

// Integer luma (BT.601 weights scaled by 256), the same formula for grey and for edges.
int luma(const std::uint8_t* p) {
    return (77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8;
}

void sharpen(Pixels& p, int radius, TaskContext& context) {
    const Pixels blurred = boxBlur(p, radius, context);
    for (std::size_t i = 0; i < p.rgba.size(); ++i)
        if (i % 4 != 3) p.rgba[i] = clampByte(2 * p.rgba[i] - blurred.rgba[i]);
}

void edges(Pixels& p, TaskContext& context) {
    std::vector<int> y(static_cast<std::size_t>(p.width) * p.height);
    for (int r = 0; r < p.height; ++r)
        for (int x = 0; x < p.width; ++x)
            y[std::size_t(r) * p.width + x] = luma(p.row(r) + 4 * std::ptrdiff_t(x));
    const auto at = [&](int r, int x) {
        return y[std::size_t(clampIndex(r, p.height)) * p.width + clampIndex(x, p.width)];
    };
    for (int r = 0; r < p.height; ++r) {
        auto* out = p.row(r);
        for (int x = 0; x < p.width; ++x) {
            const int gx = at(r - 1, x + 1) + 2 * at(r, x + 1) + at(r + 1, x + 1) - at(r - 1, x - 1) -
                           2 * at(r, x - 1) - at(r + 1, x - 1);
            const int gy = at(r + 1, x - 1) + 2 * at(r + 1, x) + at(r + 1, x + 1) - at(r - 1, x - 1) -
                           2 * at(r - 1, x) - at(r - 1, x + 1);
            // |gx| + |gy| reaches 2040; a quarter of it keeps faint edges visible and clips only strong ones.
            const auto m = clampByte((std::abs(gx) + std::abs(gy)) / 4);
            auto* pixel = out + 4 * std::ptrdiff_t(x);
            pixel[0] = pixel[1] = pixel[2] = m;
        }
        context.checkpoint();
    }
}

void grey(Pixels& p) {
    for (std::size_t i = 0; i < p.rgba.size(); i += 4) {
        const auto v = static_cast<std::uint8_t>(luma(&p.rgba[i]));
        p.rgba[i] = p.rgba[i + 1] = p.rgba[i + 2] = v;
    }
}

} // namespace

const std::vector<std::string>& filterNames() {
    static const std::vector<std::string> names{"blur", "sharpen", "edges", "grey"};
    return names;
}

std::optional<Filter> parseFilter(std::string_view name) {
    const auto& names = filterNames();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<Filter>(i);
    return std::nullopt;
}

void scaledSize(int width, int height, int longest, int& outWidth, int& outHeight) {
    const bool landscape = width >= height;
    const std::int64_t along = landscape ? width : height, across = landscape ? height : width;
    const int other = static_cast<int>(std::max<std::int64_t>(1, (across * longest + along / 2) / along));
    outWidth = landscape ? longest : other;
    outHeight = landscape ? other : longest;
}

Pixels resizeLongestSide(const Pixels& in, int longest, TaskContext& context) {
    int w = 0, h = 0;
    scaledSize(in.width, in.height, longest, w, h);
    Pixels out(w, h, in.hasAlpha);
    const auto xTaps = areaTaps(in.width, w), yTaps = areaTaps(in.height, h);
    // A source row resampled across (at most 255 * in.width per value) and the weighted sum of such rows.
    std::vector<std::uint32_t> across(static_cast<std::size_t>(w) * 4);
    std::vector<std::uint64_t> sum(across.size());
    const std::uint64_t total = std::uint64_t(in.width) * in.height, half = total / 2;
    for (int oy = 0; oy < h; ++oy) {
        std::fill(sum.begin(), sum.end(), 0);
        for (const auto& ty : yTaps[oy]) {
            const auto* src = in.row(ty.source);
            for (int ox = 0; ox < w; ++ox) {
                std::uint32_t acc[4] = {0, 0, 0, 0};
                for (const auto& tx : xTaps[ox])
                    for (int c = 0; c < 4; ++c)
                        acc[c] += tx.weight * src[4 * tx.source + c];
                for (int c = 0; c < 4; ++c)
                    sum[4 * ox + c] += std::uint64_t(ty.weight) * acc[c];
            }
        }
        auto* dst = out.row(oy);
        for (std::size_t i = 0; i < sum.size(); ++i)
            dst[i] = static_cast<std::uint8_t>((sum[i] + half) / total);
        context.checkpoint();
    }
    return out;
}

Pixels boxBlur(const Pixels& in, int radius, TaskContext& context) {
    const int w = in.width, h = in.height;
    // Horizontal window sums: at most 255 * 33 for radius 16, so 16 bits are enough.
    std::vector<std::uint16_t> across(in.rgba.size());
    for (int y = 0; y < h; ++y) {
        const auto* src = in.row(y);
        auto* dst = &across[std::size_t(y) * w * 4];
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 4; ++c) {
                unsigned s = 0;
                for (int d = -radius; d <= radius; ++d)
                    s += src[4 * clampIndex(x + d, w) + c];
                dst[4 * x + c] = static_cast<std::uint16_t>(s);
            }
        context.checkpoint();
    }
    Pixels out(w, h, in.hasAlpha);
    const unsigned taps = unsigned(2 * radius + 1) * unsigned(2 * radius + 1);
    for (int y = 0; y < h; ++y) {
        auto* dst = out.row(y);
        for (int x = 0; x < w * 4; ++x) {
            unsigned s = 0;
            for (int d = -radius; d <= radius; ++d)
                s += across[std::size_t(clampIndex(y + d, h)) * w * 4 + x];
            dst[x] = static_cast<std::uint8_t>((s + taps / 2) / taps);
        }
        context.checkpoint();
    }
    return out;
}

void applyFilter(Filter filter, Pixels& pixels, int radius, TaskContext& context) {
    switch (filter) {
    case Filter::Blur:
        pixels = boxBlur(pixels, radius, context);
        return;
    case Filter::Sharpen:
        sharpen(pixels, radius, context);
        return;
    case Filter::Edges:
        edges(pixels, context);
        return;
    case Filter::Grey:
        grey(pixels);
        return;
    }
}

std::uint64_t fnv1a64(const void* data, std::size_t size, std::uint64_t hash) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= p[i];
        hash *= 1099511628211ull;
    }
    return hash;
}

std::uint64_t pixelDigest(const Pixels& pixels) {
    // The size goes in byte by byte in a fixed order, so the digest does not depend on the host's endianness.
    std::uint8_t size[8];
    for (int i = 0; i < 4; ++i) {
        size[i] = static_cast<std::uint8_t>(std::uint32_t(pixels.width) >> (8 * i));
        size[4 + i] = static_cast<std::uint8_t>(std::uint32_t(pixels.height) >> (8 * i));
    }
    return fnv1a64(pixels.rgba.data(), pixels.rgba.size(), fnv1a64(size, sizeof size));
}

std::string hex64(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

} // namespace mpwb::exercises
