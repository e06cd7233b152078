"""A warm render worker for a cold process: it imports WeasyPrint while this process reads and composes content.

Importing WeasyPrint takes longer than reading, validating and composing a packet. A cold `build` forks one
worker first, so the two overlap on separate cores; the worker then renders the composed HTML. In a process
where WeasyPrint is already imported (the tests, the web form, batch workers) renders run in place.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Run = Callable[[Callable[..., Any], tuple], Any]


def finished(*args: Any) -> tuple[bytes, int]:
    """Run render.pdf.finished_pdf (imported here, in whichever process runs the render)."""
    from .pdf import finished_pdf

    return finished_pdf(*args)


def start_worker() -> None:
    """Leave Ctrl-C to the parent, which stops the pool and cleans up; SIGTERM (the parent stopping the pool)
    ends a worker at once and quietly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _warm() -> None:
    """Start a worker and import WeasyPrint and the render step in it (lazily: the import is the point)."""
    start_worker()
    try:
        from . import pdf  # noqa: F401
    except ModuleNotFoundError:  # a dependency is missing: the render that needs it says so, in one line, in the
        pass  # parent; a worker that died here would be replaced again and again, each with a traceback


def fork_pool(workers: int, tasks: int | None = None, warm: bool = False) -> Any:
    """Return a pool of forked render workers (each replaced after `tasks` packets; `warm`: each imports
    WeasyPrint as it starts). The one way batch, the web form and a cold build start render processes."""
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(workers, initializer=_warm if warm else start_worker,
                                                    maxtasksperchild=tasks)


@contextmanager
def warm_worker() -> Iterator[Run | None]:
    """Yield a function that runs a render in a worker warming up now, or None when this process is warm."""
    if "weasyprint" in sys.modules:
        yield None
        return
    pool = fork_pool(1, warm=True)
    try:
        yield lambda function, args: pool.apply(function, args)
    finally:
        pool.terminate()
        pool.join()
