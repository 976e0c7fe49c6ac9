# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python side of mpwb-bench-ipc: multiprocessing.Queue and a locked multiprocessing.Value, each between
two processes, doing what the C++ side does with SharedQueue and RobustMutex.

mpwb-bench-ipc runs this script and reads the single JSON object it prints on standard output: raw seconds
per repeat only; rates, medians and ratios are computed on the C++ side, in one place for both.

Run alone:  python3 python_ipc_bench.py --queue-items 200000 --increments 200000 --repeats 3
"""
import argparse
import json
import multiprocessing
import platform
import sys
import time


def consume(queue, items, ready):
    ready.set()
    total = 0
    for _ in range(items):
        total += queue.get()
    sys.exit(0 if total == items * (items - 1) // 2 else 1)


def queue_seconds(items):
    """One producer (this process) puts `items` small ints; one consumer process gets them all."""
    queue, ready = multiprocessing.Queue(), multiprocessing.Event()  # unbounded: Python's fastest setting
    consumer = multiprocessing.Process(target=consume, args=(queue, items, ready))
    consumer.start()
    ready.wait()
    start = time.perf_counter()
    for i in range(items):
        queue.put(i)
    consumer.join()
    elapsed = time.perf_counter() - start
    if consumer.exitcode != 0:
        raise RuntimeError("the consumer lost or changed items")
    return elapsed


def add(value, increments, go):
    go.wait()
    for _ in range(increments):
        with value.get_lock():
            value.value += 1


def counter_seconds(increments):
    """Two processes each add 1 to one shared int64 `increments` times, under its lock."""
    value, go = multiprocessing.Value("q", 0), multiprocessing.Event()
    adders = [multiprocessing.Process(target=add, args=(value, increments, go)) for _ in range(2)]
    for p in adders:
        p.start()
    start = time.perf_counter()
    go.set()
    for p in adders:
        p.join()
    elapsed = time.perf_counter() - start
    if value.value != 2 * increments:
        raise RuntimeError(f"the lock let updates through: {value.value} != {2 * increments}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--queue-items", type=int, default=200_000)
    parser.add_argument("--increments", type=int, default=200_000, help="per process")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    report = {
        "python": platform.python_version(),
        "start_method": multiprocessing.get_start_method(),
        "queue_items": args.queue_items,
        "increments": args.increments,
        "queue_s": [queue_seconds(args.queue_items) for _ in range(args.repeats)],
        "counter_s": [counter_seconds(args.increments) for _ in range(args.repeats)],
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
