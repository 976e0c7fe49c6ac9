# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python side of mpwb-bench: concurrent.futures.ProcessPoolExecutor doing the same work as our pool.

mpwb-bench runs this script and reads the single JSON object it prints on standard output. Only raw repeat
times (seconds) are printed; medians and ratios are computed by mpwb-bench, in one place for both sides.

Run alone:  python3 python_pool_bench.py --workers 2 --repeats 3 --overhead 1:20000,100:500000 \
                --sum-n 10000000 --sum-block 1000
"""
import argparse
import json
import math
import multiprocessing
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# The exercise's own kernel, so Python runs exactly the program the lesson shows.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "exercises" / "python"))
from sum_squares import blocks, sum_block  # noqa: E402


def square(x):
    return x * x


def warm_up(pool, workers):
    # Workers are started lazily; a short task per worker makes sure none starts inside a timed map.
    list(pool.map(time.sleep, [0.05] * workers))


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure_overhead(workers, repeats, sizes):
    rows = [{"chunksize": c, "items": m, "pool_s": [], "sequential_s": []} for c, m in sizes]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        warm_up(pool, workers)
        # Repeats are the outer loop so that a slow spell of the machine spreads over every chunksize.
        for _ in range(repeats):
            for row in rows:
                c, m = row["chunksize"], row["items"]
                row["sequential_s"].append(timed(lambda: sum(map(square, range(m)))))
                row["pool_s"].append(timed(lambda: sum(pool.map(square, range(m), chunksize=c))))
    return rows


def measure_sum_squares(workers, repeats, n, block):
    items = blocks(n, block)
    chunksize = max(1, math.ceil(len(items) / (4 * workers)))  # the rule of our chunk_plan.h
    expected = n * (n + 1) * (2 * n + 1) // 6
    result = {"n": n, "block": block, "chunksize": chunksize, "sequential_s": [], "pool_s": []}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        warm_up(pool, workers)
        for _ in range(repeats):
            result["sequential_s"].append(timed(lambda: sum_block((1, n))))
            totals = []
            result["pool_s"].append(timed(lambda: totals.append(sum(pool.map(sum_block, items, chunksize=chunksize)))))
            assert totals[0] == expected, "the pool lost or repeated a block"
    return result


_barrier = None


def keep_barrier(barrier):
    global _barrier
    _barrier = barrier


def arrive():
    # Every worker holds one task until all have arrived, so `workers` tasks land on `workers` processes.
    arrived = time.monotonic()
    _barrier.wait()
    return arrived


def measure_startup(workers, repeats, method):
    ctx = multiprocessing.get_context(method)
    per_worker = []
    for _ in range(repeats):
        barrier = ctx.Barrier(workers)
        start = time.monotonic()
        pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=keep_barrier, initargs=(barrier,))
        arrivals = [f.result() for f in [pool.submit(arrive) for _ in range(workers)]]
        # From asking for the pool to the last worker running Python code, shared out per worker.
        per_worker.append((max(arrivals) - start) / workers)
        pool.shutdown()
    return {"method": method, "per_worker_s": per_worker}


def parse_sizes(text):
    return [tuple(int(v) for v in pair.split(":")) for pair in text.split(",") if pair]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, required=True)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--overhead", default="1:20000", help="chunksize:items pairs, comma-separated")
    ap.add_argument("--sum-n", type=int, default=10_000_000)
    ap.add_argument("--sum-block", type=int, default=1000)
    args = ap.parse_args()
    report = {
        "python": platform.python_version(),
        "workers": args.workers,
        "repeats": args.repeats,
        "overhead": measure_overhead(args.workers, args.repeats, parse_sizes(args.overhead)),
        "sum_squares": measure_sum_squares(args.workers, args.repeats, args.sum_n, args.sum_block),
        "startup": [measure_startup(args.workers, args.repeats, m) for m in ("fork", "spawn", "forkserver")],
    }
    print(json.dumps(report))


if __name__ == "__main__":  # spawned workers import this file; they must not start benchmarks of their own
    main()
