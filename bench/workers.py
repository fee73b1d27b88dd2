"""Worker processes started together, as gunicorn's are: each runs its share, then reports.

`run_workers(work, shares, *arguments)` runs `work(number, share, start, *arguments)` in a
process of its own for each share; `work` calls `start.wait()` once it is ready, so that the
clock starts for every worker at once, and returns what it measured (picklable).
"""

import multiprocessing
import queue
import traceback

from bench.database import BenchmarkRefused


def shares_of(plan, workers):
    """`plan` cut into `workers` runs of (nearly) the same length, in order."""
    size = -(-len(plan) // workers)
    return [plan[number * size : (number + 1) * size] for number in range(workers)]


def run_workers(work, shares, *arguments):
    """Each worker's result, in order; BenchmarkRefused with the traceback if one failed."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(shares))
    results = context.Queue()
    processes = [
        context.Process(target=_run_one, args=(work, number, share, start, results, arguments))
        for number, share in enumerate(shares)
    ]
    for process in processes:
        process.start()
    outcome = _collect(results, processes)
    for process in processes:
        process.join()
    failures = [error for _number, _result, error in outcome if error]
    if failures:
        raise BenchmarkRefused("A worker failed:\n" + "\n".join(failures))
    return [result for _number, result, _error in sorted(outcome, key=lambda each: each[0])]


def _run_one(work, number, share, start, results, arguments):
    try:
        results.put((number, work(number, share, start, *arguments), None))
    except Exception:
        start.abort()  # the others stop waiting for this one
        results.put((number, None, traceback.format_exc()))


def _collect(results, processes):
    """Each process's (number, result, error); a process that died without one fails the run."""
    outcome = []
    while len(outcome) < len(processes):
        try:
            outcome.append(results.get(timeout=5))
        except queue.Empty:
            if all(process.exitcode is not None for process in processes):
                raise BenchmarkRefused("a worker process died without a result") from None
    return outcome
