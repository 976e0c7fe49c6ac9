// SPDX-License-Identifier: GPL-3.0-or-later
#include "sample_images.h"

#include <algorithm>
#include <cstdio>

#include "image_files.h"

namespace mpwb::exercises {
namespace {

constexpr std::uint64_t kSeed = 0x6d7077622d696d67ull; // "mpwb-img": change it and every digest changes

// splitmix64: tiny, and unlike the standard distributions it gives the same numbers on every library.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }

private:
    std::uint64_t m_state;
};

struct Colour {
    int r, g, b;
};

Colour randomColour(Random& random) {
    return {random.below(256), random.below(256), random.below(256)};
}

// About 78% small (up to 400 px), 19% medium (up to 800 px) and 3% large (1000 to 2000 px), as in a folder
// of thumbnails and a few photos; two fixed indices guarantee both extremes in any set of 6 or more.
void pickSize(int index, Random& random, int& width, int& height) {
    const int kind = random.below(100);
    int along = kind < 78   ? kSmallestSample + random.below(400 - kSmallestSample + 1)
                : kind < 97 ? 400 + random.below(401)
                            : 1000 + random.below(kLargestSample - 1000 + 1);
    int across = along * (55 + random.below(46)) / 100;
    if (index == 5) along = kLargestSample, across = kLargestSample * 3 / 4;
    if (index == 2) along = across = kSmallestSample;
    const bool portrait = random.below(2) == 1;
    width = portrait ? across : along;
    height = portrait ? along : across;
}

// A cancel is looked at once per this many rows: often enough to end within a few milliseconds, rarely
// enough to cost nothing.
constexpr int kRowsBetweenChecks = 64;

void checkEvery(int y, const CancelCheck& cancel) {
    if (y % kRowsBetweenChecks == 0) cancel.check();
}

void paintGradient(Pixels& p, Random& random, const CancelCheck& cancel) {
    const Colour from = randomColour(random), to = randomColour(random);
    const int alongX = random.below(256), alongY = 255 - alongX; // the direction of the gradient
    for (int y = 0; y < p.height; ++y) {
        checkEvery(y, cancel);
        auto* row = p.row(y);
        for (int x = 0; x < p.width; ++x) {
            const int t = x * alongX / p.width + y * alongY / p.height; // 0..255
            auto* pixel = row + 4 * std::ptrdiff_t(x);
            pixel[0] = static_cast<std::uint8_t>(from.r + (to.r - from.r) * t / 255);
            pixel[1] = static_cast<std::uint8_t>(from.g + (to.g - from.g) * t / 255);
            pixel[2] = static_cast<std::uint8_t>(from.b + (to.b - from.b) * t / 255);
        }
    }
}

// Filled rectangles, discs and rings: sharp edges give the edge and sharpen filters something to find.
void paintShapes(Pixels& p, Random& random, const CancelCheck& cancel) {
    const int longest = std::max(p.width, p.height);
    const int shapes = 3 + random.below(8);
    for (int s = 0; s < shapes; ++s) {
        cancel.check();
        const int kind = random.below(3);
        const int cx = random.below(p.width), cy = random.below(p.height);
        const int radius = std::max(2, longest * (5 + random.below(36)) / 200);
        const Colour c = randomColour(random);
        const std::int64_t outer = std::int64_t(radius) * radius, inner = outer * 4 / 9;
        for (int y = std::max(0, cy - radius); y < std::min(p.height, cy + radius); ++y) {
            auto* row = p.row(y);
            for (int x = std::max(0, cx - radius); x < std::min(p.width, cx + radius); ++x) {
                const std::int64_t d = std::int64_t(x - cx) * (x - cx) + std::int64_t(y - cy) * (y - cy);
                const bool inside = kind == 0 || (d <= outer && (kind == 1 || d >= inner));
                if (!inside) continue;
                auto* pixel = row + 4 * std::ptrdiff_t(x);
                pixel[0] = static_cast<std::uint8_t>(c.r);
                pixel[1] = static_cast<std::uint8_t>(c.g);
                pixel[2] = static_cast<std::uint8_t>(c.b);
            }
        }
    }
}

// Specks on one pixel in sixteen rather than grain on all: the filters still have noise to smooth or
// sharpen, and the files stay compressible, so generating the set takes a moment rather than many seconds.
void addNoise(Pixels& p, Random& random) {
    const int amplitude = 16 + random.below(32);
    auto state = static_cast<std::uint32_t>(random.next() | 1);
    for (std::size_t i = 0; i < p.rgba.size(); i += 4) {
        state ^= state << 13; // xorshift32: one step per pixel keeps generation cheap
        state ^= state >> 17;
        state ^= state << 5;
        if ((state & 15) != 0) continue;
        const int offset = static_cast<int>((state >> 4) % (2 * amplitude + 1)) - amplitude;
        for (int c = 0; c < 3; ++c)
            p.rgba[i + c] = static_cast<std::uint8_t>(std::clamp(p.rgba[i + c] + offset, 0, 255));
    }
}

// Fades to transparent towards the corners, so the alpha channel is exercised too.
void paintVignette(Pixels& p, const CancelCheck& cancel) {
    const std::int64_t cx = p.width / 2, cy = p.height / 2, reach = cx * cx + cy * cy + 1;
    for (int y = 0; y < p.height; ++y) {
        checkEvery(y, cancel);
        auto* row = p.row(y);
        for (int x = 0; x < p.width; ++x) {
            const std::int64_t d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            row[4 * x + 3] = static_cast<std::uint8_t>(255 - 255 * d / reach);
        }
    }
}

} // namespace

Pixels sampleImage(int index, const CancelCheck& cancel) {
    Random random(kSeed ^ (std::uint64_t(index) * 0x9e3779b97f4a7c15ull));
    int width = 0, height = 0;
    pickSize(index, random, width, height);
    const bool withAlpha = index % 9 == 4;
    Pixels p(width, height, withAlpha);
    paintGradient(p, random, cancel);
    paintShapes(p, random, cancel);
    cancel.check();
    addNoise(p, random);
    if (withAlpha) paintVignette(p, cancel);
    return p;
}

std::vector<std::filesystem::path> writeSampleSet(const std::filesystem::path& folder, int count,
                                                  const CancelCheck& cancel) {
    std::vector<std::filesystem::path> paths;
    for (int i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "sample-%03d.png", i);
        paths.push_back(folder / name);
        const auto picture = sampleImage(i, cancel);
        cancel.check(); // before a file is begun, never in the middle of one
        writePngFile(paths.back().string(), picture);
    }
    return paths;
}

} // namespace mpwb::exercises
