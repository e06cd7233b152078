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


def _warm() -> None:
    """Import WeasyPrint and the render step in the worker; leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from . import pdf  # noqa: F401  (the import is the point)


@contextmanager
def warm_worker() -> Iterator[Run | None]:
    """Yield a function that runs a render in a worker warming up now, or None when this process is warm."""
    if "weasyprint" in sys.modules:
        yield None
        return
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(1, initializer=_warm)
    try:
        yield lambda function, args: pool.apply(function, args)
    finally:
        pool.terminate()
        pool.join()
