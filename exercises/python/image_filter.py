# SPDX-License-Identifier: GPL-3.0-or-later
"""Exercise 2: filter a folder of pictures, one file per item of pool.map.

Standard library only, so the pictures are PPM files (a short header, then the RGB bytes) and the resize and
blur are plain Python loops. Each worker reads one file, resizes it, blurs it and writes the result; a file
that is not a readable picture is reported by name and skipped, and the rest go on. One digest over all
outputs, in file-name order, is the same whatever the number of workers and the chunksize.
Run:  python3 image_filter.py [SAMPLES] [SIZE] [RADIUS] [WORKERS] [CHUNKSIZE]
"""
import hashlib
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor


def write_ppm(path, width, height, rgb):
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (width, height))
        f.write(bytes(rgb))


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields = data.split(maxsplit=4)  # magic, width, height, maxval, pixels
    if len(fields) < 5 or fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not a PPM picture")
    width, height = int(fields[1]), int(fields[2])
    rgb = fields[4]
    if len(rgb) < width * height * 3:
        raise ValueError("truncated: %d of %d pixel bytes" % (len(rgb), width * height * 3))
    return width, height, rgb[: width * height * 3]


def make_sample(path, seed):
    """A gradient, a few rectangles and some noise; sizes vary so that some files cost more than others."""
    rnd = random.Random(seed)
    width, height = rnd.randint(32, 200), rnd.randint(32, 150)
    rgb = bytearray(width * height * 3)
    for y in range(height):
        for x in range(width):
            i = (y * width + x) * 3
            rgb[i], rgb[i + 1], rgb[i + 2] = x * 255 // width, y * 255 // height, (x + y) % 256
    for _ in range(rnd.randint(2, 6)):
        x0, y0 = rnd.randrange(width), rnd.randrange(height)
        colour = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        for y in range(y0, min(height, y0 + rnd.randint(4, 40))):
            for x in range(x0, min(width, x0 + rnd.randint(4, 40))):
                rgb[(y * width + x) * 3 : (y * width + x) * 3 + 3] = bytes(colour)
    for i in range(len(rgb)):
        rgb[i] = max(0, min(255, rgb[i] + rnd.randint(-8, 8)))
    write_ppm(path, width, height, rgb)


def resize(width, height, rgb, longest):
    """Nearest-neighbour, so the longest side becomes `longest` (the C++ version averages areas)."""
    scale_w, scale_h = (longest, max(1, height * longest // width)) if width >= height else (
        max(1, width * longest // height), longest)
    out = bytearray(scale_w * scale_h * 3)
    for y in range(scale_h):
        sy = y * height // scale_h
        for x in range(scale_w):
            s, d = (sy * width + x * width // scale_w) * 3, (y * scale_w + x) * 3
            out[d : d + 3] = rgb[s : s + 3]
    return scale_w, scale_h, out


def box_blur(width, height, rgb, radius):
    """Mean over a (2r+1) x (2r+1) square, edges repeated: one pass across, one pass down."""
    taps = 2 * radius + 1

    def clamp(i, n):
        return 0 if i < 0 else n - 1 if i >= n else i

    across = [0] * len(rgb)
    for y in range(height):
        for x in range(width):
            for c in range(3):
                across[(y * width + x) * 3 + c] = sum(
                    rgb[(y * width + clamp(x + d, width)) * 3 + c] for d in range(-radius, radius + 1))
    out = bytearray(len(rgb))
    for y in range(height):
        for i in range(width * 3):
            total = sum(across[clamp(y + d, height) * width * 3 + i] for d in range(-radius, radius + 1))
            out[y * width * 3 + i] = (total + taps * taps // 2) // (taps * taps)
    return out


def filter_file(job):
    """One item: runs in a worker process. Returns (name, digest or None, reason or None)."""
    path, out_folder, size, radius = job
    name = os.path.basename(path)
    try:
        width, height, rgb = read_ppm(path)
    except (OSError, ValueError) as e:
        return name, None, str(e)
    width, height, rgb = resize(width, height, rgb, size)
    rgb = box_blur(width, height, rgb, radius)
    write_ppm(os.path.join(out_folder, os.path.splitext(name)[0] + ".ppm"), width, height, rgb)
    return name, hashlib.sha256(b"%d %d " % (width, height) + rgb).hexdigest(), None


def main(samples=24, size=96, radius=2, workers=2, chunksize=2):
    with tempfile.TemporaryDirectory() as inputs, tempfile.TemporaryDirectory() as outputs:
        for i in range(samples):
            make_sample(os.path.join(inputs, "sample-%03d.ppm" % i), seed=i)
        with open(os.path.join(inputs, "notes.txt"), "w") as f:  # not a picture: reported and skipped
            f.write("these are not pixels\n")
        jobs = [(os.path.join(inputs, n), outputs, size, radius) for n in sorted(os.listdir(inputs))]

        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(filter_file, jobs, chunksize=chunksize))  # in input order
        elapsed = time.perf_counter() - start

    digest = hashlib.sha256()
    done = 0
    for name, file_digest, reason in results:
        if reason:
            print("skipped %s: %s" % (name, reason))
        else:
            digest.update(("%s %s\n" % (name, file_digest)).encode())
            done += 1
    print("%d images filtered, %d skipped, digest %s" % (done, len(results) - done, digest.hexdigest()[:16]))
    print("%.2f s with %d workers, chunksize %d" % (elapsed, workers, chunksize))


if __name__ == "__main__":  # unguarded, each spawned worker would re-run main() and stop with a RuntimeError
    main(*(int(arg) for arg in sys.argv[1:]))
