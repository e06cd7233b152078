"""A warm render worker for a cold process: it imports WeasyPrint while this process reads and composes content.

Importing WeasyPrint takes longer than reading, validating and composing a packet. A cold `build` forks one
worker first, so the two overlap on separate cores; the worker then renders the composed HTML. In a process
where WeasyPrint is already imported (the tests, the staff form, batch workers) renders run in place. Set
MESOPACKET_WARM_WORKER=off to render in the process itself (one core; how the benchmarks measure CPU honestly).

This module is where WeasyPrint is imported: load_pdf() is the package's one lazy import of it, so that
planning, `check`, an unchanged `batch` and the web edition never pay for it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from .. import workarounds

Run = Callable[[Callable[..., Any], tuple[Any, ...]], Any]
#: Set to "off" to render a cold build in its own process rather than in a warm worker.
WARM_WORKER = "MESOPACKET_WARM_WORKER"


def load_pdf() -> ModuleType:
    """Return render/pdf.py, importing it (and WeasyPrint with it) on first use, with its libraries found by
    soname (workarounds.library_lookup)."""
    with workarounds.library_lookup():
        from . import pdf  # the deliberate lazy import of WeasyPrint (see the module's docstring)
    return pdf


@workarounds.shared
def no_collections() -> Iterator[None]:
    """Hold Python's cyclic garbage collector off while the block runs: laying out a packet makes millions of
    small objects and the collector walks them again and again (7-11% of a render's CPU, measured; the peak
    memory of a render stayed the same), and collects once it is back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def finished(*args: Any) -> tuple[bytes, int]:
    """Run render.pdf.finished_pdf (importing WeasyPrint first, when needed) in whichever process runs it."""
    with no_collections():
        return load_pdf().finished_pdf(*args)


def start_worker() -> None:
    """Leave Ctrl-C to the parent, which stops the pool and cleans up; SIGTERM (the parent stopping the pool)
    ends a worker at once and quietly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _warm() -> None:
    """Start a worker and import WeasyPrint and the render step in it (lazily: the import is the point)."""
    start_worker()
    try:
        load_pdf()
    except ModuleNotFoundError:  # a dependency is missing: the render that needs it says so, in one line, in the
        pass  # parent; a worker that died here would be replaced again and again, each with a traceback


def fork_pool(workers: int, tasks: int | None = None, warm: bool = False) -> Any:
    """Return a pool of forked render workers (each replaced after `tasks` packets; `warm`: each imports
    WeasyPrint as it starts). The one way batch, the staff form and a cold build start render processes."""
    return multiprocessing.get_context("fork").Pool(workers, initializer=_warm if warm else start_worker,
                                                    maxtasksperchild=tasks)


@contextmanager
def warm_worker() -> Iterator[Run | None]:
    """Yield a function that runs a render in a worker warming up now, or None when this process is warm (or the
    warm worker is switched off)."""
    if "weasyprint" in sys.modules or os.environ.get(WARM_WORKER) == "off":
        yield None
        return
    pool = fork_pool(1, warm=True)
    try:
        yield lambda function, args: pool.apply(function, args)
    finally:
        pool.terminate()
        pool.join()
