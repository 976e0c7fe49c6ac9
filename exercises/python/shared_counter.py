# SPDX-License-Identifier: GPL-3.0-or-later
"""Exercise 4: several processes add 1 to one shared counter, with and without its lock.

multiprocessing.Value keeps the number in shared memory. `counter.value += 1` reads the value and then
writes a new one; when two processes read the same value, one of the two updates disappears. Taking
counter.get_lock() around the read and the write makes every update count.
Python's standard library has no lock-free atomic add for a shared Value; the workbench's "atomic" mode
shows what one costs in C++.
Run:  python3 shared_counter.py [WORKERS] [INCREMENTS]
"""
import sys
import time
from multiprocessing import Process, Value


def add_without_lock(counter, times):
    for _ in range(times):
        counter.value += 1  # a read, then a write: another process may slip in between


def add_with_lock(counter, times):
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1


def run(target, workers, increments):
    counter = Value("q", 0)  # 'q': a signed 64-bit integer, with a lock of its own
    processes = [Process(target=target, args=(counter, increments)) for _ in range(workers)]
    start = time.perf_counter()
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    elapsed = time.perf_counter() - start
    expected = workers * increments
    return expected, counter.value, elapsed


def main(workers=4, increments=100_000):
    for name, target in (("none", add_without_lock), ("lock", add_with_lock)):
        expected, final, elapsed = run(target, workers, increments)
        print(f"{name:>4}: expected {expected}, final {final}, lost {expected - final} ({elapsed:.2f} s)")


if __name__ == "__main__":  # workers started by spawn or forkserver import this file; the guard stops them
    main(*(int(arg) for arg in sys.argv[1:]))
