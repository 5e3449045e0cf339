"""Ways to map the pure per-file function over many files, in order, streaming.

Each executor takes a function and an iterator of items and yields
``(item, result)`` in input order, keeping only a bounded amount of work in
flight, so memory does not grow with the corpus. The parent process consumes
the results and is the only one that writes the database.

- :func:`inline_map`: in this process (``--workers 0``), for debugging.
- :func:`local_map`: a pool of worker processes on this machine. A worker that
  dies (segfault, out-of-memory kill) breaks the pool; the pool is rebuilt and
  the files that were in flight are retried one at a time, so only the file
  that kills a worker is lost, reported through ``on_crash``.
- :func:`dask_map`: a dask bag over batches of files, on a scheduler given by
  address or on a LocalCluster started for the run.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

Pair = tuple[Any, Any]


def _one(item: Any) -> int:
    return 1


def _take(it: Iterator, limit: int, weight: Callable[[Any], int]) -> list:
    """The next items of ``it`` up to ``limit`` in weight (always at least one item): a
    heavy item, such as a part of a large JSON Lines file, travels alone or nearly."""
    chunk: list = []
    total = 0
    for item in it:
        chunk.append(item)
        total += weight(item)
        if total >= limit:
            break
    return chunk


def inline_map(fn: Callable, items: Iterable, on_crash: Callable) -> Iterator[Pair]:
    for item in items:
        try:
            result = fn(item)
        except Exception as exc:  # fn catches its own errors; this is the last net
            result = on_crash(item, f"{type(exc).__name__}: {exc}")
        yield item, result


def _worker_init() -> None:
    # Ctrl-C is the parent's business: it stops the run and records it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker must not outlive a parent killed with SIGKILL (Linux only).
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(item) for item in chunk]


def _context():
    methods = mp.get_all_start_methods()
    # fork starts workers in milliseconds and shares the loaded lexicons.
    return mp.get_context("fork" if "fork" in methods else None)


def local_map(fn: Callable, items: Iterable, on_crash: Callable, *, workers: int | None = None,
              chunksize: int = 8, window: int | None = None,
              weight: Callable[[Any], int] = _one) -> Iterator[Pair]:
    """Ordered, bounded, crash-tolerant map over a process pool. ``weight``: what an
    item costs in files (chunks hold ``chunksize`` of weight)."""
    workers = workers or os.cpu_count() or 1
    window = window or workers * 4
    it = iter(items)
    pending: deque[tuple[list, Any]] = deque()

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=_context(), initializer=_worker_init)

    pool = new_pool()

    def fill() -> None:
        while len(pending) < window:
            chunk = _take(it, chunksize, weight)
            if not chunk:
                return
            pending.append((chunk, pool.submit(_run_chunk, fn, chunk)))

    try:
        fill()
        while pending:
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                suspects = chunk + [item for c, _ in pending for item in c]
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                for item in suspects:
                    # One at a time: whichever file breaks the pool now is the culprit.
                    try:
                        result = pool.submit(fn, item).result()
                    except BrokenProcessPool:
                        pool.shutdown(wait=False, cancel_futures=True)
                        pool = new_pool()
                        result = on_crash(item, "worker process died while reading this file")
                    except Exception as exc:
                        result = on_crash(item, f"{type(exc).__name__}: {exc}")
                    yield item, result
                fill()
                continue
            except Exception as exc:  # e.g. a result that cannot be pickled
                results = [on_crash(item, f"{type(exc).__name__}: {exc}") for item in chunk]
            fill()  # keep workers busy while the parent writes
            yield from zip(chunk, results, strict=True)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def dask_map(fn: Callable, items: Iterable, on_crash: Callable, *, scheduler: str | None = None,
             workers: int | None = None, processes: bool = True,
             batch: int = 512, weight: Callable[[Any], int] = _one) -> Iterator[Pair]:
    """Map ``fn`` with a dask bag, one batch ahead, on a distributed scheduler.

    Workers must see the files at the same paths (a shared filesystem).
    """
    import dask.bag as dbag
    from dask.distributed import Client, LocalCluster

    workers = workers or os.cpu_count() or 1
    it = iter(items)
    first = _take(it, batch, weight)
    if not first:  # nothing changed: no cluster to start
        return
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # Loopback only, and the status pages on a random port: distributed
        # always starts them, and would otherwise take :8787 on every interface.
        extra = {"host": "127.0.0.1"} if processes else {}
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                               dashboard_address="127.0.0.1:0", **extra)
        client = Client(cluster)
    npartitions = max(1, workers * 2)

    def submit():
        nonlocal first
        chunk, first = (first or _take(it, batch, weight)), None
        if not chunk:
            return None
        bag = dbag.from_sequence(chunk, npartitions=min(npartitions, len(chunk))).map(fn)
        return chunk, client.compute(bag)

    try:
        nxt = submit()
        while nxt:
            chunk, future = nxt
            nxt = submit()
            try:
                results = future.result()
            except Exception:
                # A batch failed (e.g. KilledWorker): retry its files one by one.
                results = []
                for item in chunk:
                    try:
                        results.append(client.submit(fn, item, pure=False).result())
                    except Exception as exc:
                        results.append(on_crash(item, f"{type(exc).__name__}: {exc}"))
            yield from zip(chunk, results, strict=True)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
