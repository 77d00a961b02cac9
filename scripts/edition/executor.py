"""Per-document work as a map over documents: in this process, a process pool, or on Dask.

The pipeline's stages have two shapes. Work on one document at a time
(reading and schema-checking a file, converting a source) is a *map*: any
worker can do any document, in any order. Work over the whole edition (the
cross-file rules, registers, indexes, correspContext) is a *reduce* over the
map's results and runs in the calling process. ``Executor.map`` is the one
place where the map is scheduled:

- ``jobs=1``, or little work: in this process, no start-up cost;
- ``jobs=N``: a pool of N local processes (``spawn``ed: Saxon's native
  runtime must not be forked);
- ``cluster="local"``: a Dask ``LocalCluster`` of N worker processes;
  ``cluster="tcp://host:8786"``: an existing Dask scheduler, whose workers
  need the ``edition`` package installed (the optional extra ``edition[dask]``).

The mapped function must be a module-level function (it is pickled by name)
and its items and results plain, picklable values (paths, bytes, strings).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from .progress import progress

T = TypeVar("T")
R = TypeVar("R")

#: With fewer items than this per worker, starting workers costs more than it saves.
MINIMUM_PER_WORKER = 100


def default_jobs() -> int:
    """As many workers as the machine has cores (the ones this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class ExecutorError(Exception):
    """The executor cannot run (Dask missing, the scheduler unreachable)."""


class Executor:
    """Runs ``function`` over items, in order, on the workers chosen at construction."""

    def __init__(self, jobs: int | None = None, cluster: str | None = None, *,
                 minimum_per_worker: int | None = None) -> None:
        self.jobs = jobs if jobs and jobs > 0 else default_jobs()
        self.cluster = cluster
        self.minimum_per_worker = (MINIMUM_PER_WORKER if minimum_per_worker is None
                                   else minimum_per_worker)
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._local_cluster: Any = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def map(self, function: Callable[[T], R], items: Sequence[T], label: str = "", *,
            minimum_per_worker: int | None = None) -> list[R]:
        """``[function(item) for item in items]``, computed where this executor runs work.

        ``minimum_per_worker`` overrides the executor's for this map (1 for a
        few large items, each worth a worker).
        """
        items = list(items)
        if self.cluster:
            return self._dask_map(function, items, label)
        minimum = self.minimum_per_worker if minimum_per_worker is None else minimum_per_worker
        if self.jobs <= 1 or len(items) < max(2, self.jobs * minimum):
            return [function(item) for item in progress(items, len(items), label)]
        pool = self._local_pool()
        chunk = max(1, len(items) // (self.jobs * 8))
        return list(progress(pool.map(function, items, chunksize=chunk), len(items), label))

    def run(self, function: Callable[[T], R], item: T) -> R:
        """``function(item)`` on one local worker: one that already loaded what it needs
        (a compiled stylesheet, say) starts sooner than this process would. In this
        process with one job or on Dask."""
        if self.jobs <= 1 or self.cluster:
            return function(item)
        return self._local_pool().submit(function, item).result()

    def start(self, function: Callable[[T], object], item: T) -> None:
        """Start the local workers now, each running ``function(item)`` (loading what every
        task will need), so they are ready when a map begins while this process reads its
        input. Does nothing with one job or on Dask (its workers are already running)."""
        if self.jobs > 1 and not self.cluster:
            pool = self._local_pool()
            for _ in range(self.jobs):
                pool.submit(function, item)

    def imap(self, function: Callable[[T], R], items: Sequence[T], label: str = "", *,
             sizes: Sequence[int] | None = None) -> Iterator[tuple[T, R]]:
        """``(item, function(item))`` for each item, in order, each as soon as it is done, so
        the caller works on the first results while the workers compute the others.

        The items are taken as they are (each worth a worker: shares of documents,
        say); ``sizes``, the documents in each, is what the progress bar counts.
        One item is computed in this process.
        """
        items = list(items)
        counts = list(sizes) if sizes is not None else [1] * len(items)
        if self.cluster:
            yield from zip(items, self._dask_map(function, items, label), strict=True)
            return
        results: Iterable[R]
        if self.jobs <= 1 or len(items) < 2:
            results = (function(item) for item in items)
        else:
            results = self._local_pool().map(function, items)


        def ticks() -> Iterator[tuple[T, R] | None]:
            """One tick per document, the result with the last of its item's."""
            for item, count, result in zip(items, counts, results, strict=True):
                yield from [None] * (count - 1)
                yield item, result

        for tick in progress(ticks(), sum(counts), label):
            if tick is not None:
                yield tick

    def _local_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.jobs,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def _dask_client(self) -> Any:
        if self._client is None:
            try:
                from distributed import Client, LocalCluster
            except ImportError as exc:
                raise ExecutorError("running on Dask needs the optional extra: "
                                    "pip install 'edition[dask]'") from exc
            try:
                if self.cluster == "local":
                    self._local_cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1,
                                                       processes=True, dashboard_address=None)
                    self._client = Client(self._local_cluster)
                else:
                    self._client = Client(self.cluster, timeout=30)
            except OSError as exc:
                raise ExecutorError(f"cannot reach the Dask scheduler {self.cluster}: "
                                    f"{exc}") from exc
        return self._client

    def _dask_map(self, function: Callable[[T], R], items: list[T], label: str) -> list[R]:
        if not items:
            return []
        from distributed import as_completed

        client = self._dask_client()
        size = max(1, len(items) // (self.jobs * 8))
        batches = [items[i:i + size] for i in range(0, len(items), size)]
        futures = client.map(_run_batch, [function] * len(batches), batches, pure=False)
        order = {future.key: number for number, future in enumerate(futures)}
        results: list[list[R]] = [[] for _ in batches]
        done = as_completed(futures)
        for future in progress(done, len(futures), label):
            results[order[future.key]] = future.result()
        return [result for batch in results for result in batch]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._local_cluster is not None:
            self._local_cluster.close()
            self._local_cluster = None


def run_apart(function: Callable[[T], R], item: T) -> R:
    """``function(item)`` in a process of its own that ends with it, so the memory it took
    (a reduce's, say: Saxon keeps its heap) is given back and never stacks on a worker's.
    An exception in it is raised here."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, item).result()


def _run_batch(function: Callable[[T], R], items: list[T]) -> list[R]:
    """One Dask task: a batch of items, so scheduling costs little per document."""
    return [function(item) for item in items]
