"""Per-item work in worker processes, one per core, for the stages that do the same thing to every article.

Each worker builds its worker function once, from arguments it receives at start-up (with the fork start
method they are not even copied), so what all items share travels once per worker, not once per item.
Results come back in the items' order, so the output does not depend on how the work was shared out.

Workers ignore Ctrl-C: the main process gets it, and leaving the pool's ``with`` block (normally or by the
interrupt) terminates them. (``concurrent.futures``' pool could deadlock when interrupted mid-map.)
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 200
"""With fewer items than this, starting worker processes costs more than it saves."""


def parallel_map(
    make_worker: Callable[..., Callable[[Item], Result]],
    arguments: tuple[Any, ...],
    items: Sequence[Item],
    jobs: int | None = None,
) -> Iterator[Result]:
    """``make_worker(*arguments)(item)`` for each item, in order, in ``jobs`` processes (default: cores).

    ``make_worker`` must be importable by name (a module-level function or class), as workers call it.
    """
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        yield from map(make_worker(*arguments), items)
        return
    chunk = max(1, len(items) // (jobs * 8))
    with multiprocessing.Pool(jobs, initializer=_start_worker, initargs=(make_worker, arguments)) as pool:
        yield from pool.imap(_in_worker, items, chunksize=chunk)


Call = tuple[Callable[..., Any], tuple[Any, ...]]
"""A function (importable by name, as for :func:`parallel_map`) and the arguments to call it with."""


@contextlib.contextmanager
def in_background(calls: Sequence[Call], jobs: int | None = None) -> Iterator[list[Callable[[], Any]]]:
    """Each ``function(*arguments)`` of ``calls`` run in a worker process of its own while the ``with``
    block runs in this one; the block gets, for each call, a function that waits for its result and
    returns it (or raises what the worker raised).

    The workers are started together, before the pool's threads, so that no process is forked while a
    thread of this one may hold a lock. With one job, each is run here when its result is first asked for.
    """
    if not calls or (jobs or os.cpu_count() or 1) <= 1:
        yield [functools.cache(functools.partial(function, *arguments)) for function, arguments in calls]
        return
    with multiprocessing.Pool(len(calls), initializer=_start_worker, initargs=(_Calls, (calls,))) as pool:
        yield [pool.apply_async(_in_worker, (i,)).get for i in range(len(calls))]


class _Calls:
    """A worker that makes the call its item numbers, among those it was started with."""

    def __init__(self, calls: Sequence[Call]) -> None:
        self.calls = calls

    def __call__(self, index: int) -> Any:
        function, arguments = self.calls[index]
        return function(*arguments)


_worker: Callable[[Any], Any] | None = None


def _start_worker(make_worker: Callable[..., Callable[[Any], Any]], arguments: tuple[Any, ...]) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the worker inherited from the main process lives as long as it does: kept out of the cycle
    # collector's walks (which would also copy every page of it, forked copy-on-write).
    gc.freeze()
    gc.enable()
    _worker = make_worker(*arguments)


def _in_worker(item: Any) -> Any:
    assert _worker is not None, "started without _start_worker"
    return _worker(item)
