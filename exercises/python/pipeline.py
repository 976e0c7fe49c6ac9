# SPDX-License-Identifier: GPL-3.0-or-later
"""Exercise 3: a pipeline of processes joined by queues.

One producer puts the numbers 0..ITEMS-1 on a `tasks` queue; WORKERS workers take them, work on each, and
put it on a `results` queue; one collector takes every result and checks that each item arrived exactly
once. Both queues are bounded (maxsize=BOUND): a put into a full queue waits until there is room, so a fast
stage is held back by a slow one (back-pressure) and nothing is ever dropped. The producer ends with one
sentinel (None) per worker; each worker stops at the first it takes and passes it on, so the collector
knows when every worker is done.
Run:  python3 pipeline.py [ITEMS] [WORKERS] [BOUND] [PRODUCE_US] [WORK_US] [COLLECT_US]
(defaults 10000 4 16 0 200 0: half the workbench's items, so it ends in a couple of seconds)
"""
import sys
import time
from multiprocessing import Process, Queue


def burn_cpu(us):
    """Stand-in for real work: keep the CPU busy for `us` microseconds of this process's CPU time."""
    end = time.process_time_ns() + us * 1000
    while time.process_time_ns() < end:
        pass


def producer(tasks, items, workers, produce_us):
    for item in range(items):
        burn_cpu(produce_us)
        tasks.put(item)  # waits while `tasks` is full
    for _ in range(workers):
        tasks.put(None)  # one sentinel per worker


def worker(tasks, results, work_us):
    while True:
        item = tasks.get()  # waits while `tasks` is empty
        if item is None:
            results.put(None)  # tell the collector this worker is done
            return
        burn_cpu(work_us)
        results.put(item)


def collector(results, items, workers, collect_us, report):
    seen = [0] * items
    collected = 0
    workers_left = workers
    while workers_left:
        item = results.get()
        if item is None:
            workers_left -= 1
            continue
        burn_cpu(collect_us)
        collected += 1
        seen[item] += 1
    duplicated = sum(times - 1 for times in seen if times > 1)
    missing = seen.count(0)
    report.put((collected, duplicated, missing))


def main(items=10_000, workers=4, bound=16, produce_us=0, work_us=200, collect_us=0):
    tasks, results, report = Queue(maxsize=bound), Queue(maxsize=bound), Queue()
    stages = [Process(target=producer, args=(tasks, items, workers, produce_us))]
    stages += [Process(target=worker, args=(tasks, results, work_us)) for _ in range(workers)]
    stages.append(Process(target=collector, args=(results, items, workers, collect_us, report)))
    start = time.perf_counter()
    for stage in stages:
        stage.start()
    collected, duplicated, missing = report.get()  # before join: a process with queued data cannot end
    for stage in stages:
        stage.join()
    elapsed = time.perf_counter() - start
    print(f"produced = {items}  collected = {collected}  duplicated = {duplicated}  missing = {missing}")
    correct = collected == items and duplicated == 0 and missing == 0
    print(f"{'correct' if correct else 'WRONG'}: {items} items through {workers} workers, bound {bound}, "
          f"in {elapsed:.2f} s")
    return 0 if correct else 1


if __name__ == "__main__":  # unguarded, each spawned process would start a pipeline of its own
    sys.exit(main(*(int(arg) for arg in sys.argv[1:])))
