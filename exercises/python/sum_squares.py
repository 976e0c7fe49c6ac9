# SPDX-License-Identifier: GPL-3.0-or-later
"""Exercise 1: the sum of i*i for i = 1..N, shared out to a pool of processes.

The numbers are cut into blocks; each block is one item of pool.map, and `chunksize` blocks travel to a
worker together. Python integers never overflow, so the answer is exact however large N is.
Run:  python3 sum_squares.py [N] [BLOCK] [WORKERS] [CHUNKSIZE]
WORKERS 0 adds the blocks up in this process with the built-in map, no pool: the sequential time to beat.
"""
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def sum_block(bounds):
    lo, hi = bounds
    total = 0
    for i in range(lo, hi + 1):
        total += i * i
    return total


def blocks(n, size):
    return [(lo, min(lo + size - 1, n)) for lo in range(1, n + 1, size)]


def main(n=2_000_000, block=1_000, workers=2, chunksize=100):
    start = time.perf_counter()
    if workers == 0:
        total = sum(map(sum_block, blocks(n, block)))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            total = sum(pool.map(sum_block, blocks(n, block), chunksize=chunksize))
    elapsed = time.perf_counter() - start
    assert total == n * (n + 1) * (2 * n + 1) // 6, "the pool lost or repeated a block"
    print(f"sum = {total}  ({elapsed:.2f} s with {workers} workers, chunksize {chunksize})")


if __name__ == "__main__":  # unguarded, each spawned worker would re-run main() and stop with a RuntimeError
    main(*(int(arg) for arg in sys.argv[1:]))
