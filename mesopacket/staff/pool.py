"""Renders for the staff form: a pool of warm worker processes behind a bounded queue.

Each render runs in a forked worker (as `batch` does), so renders share no process state with each other or
with the server, and a worker is replaced after a number of packets, so memory stays flat. At most `workers`
renders run and `queue` wait; one more is refused at once (Busy: the form answers 503 with Retry-After), so
the server's threads stay free for the form page and its stylesheet.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import RenderError
from ..render.worker import fork_pool, load_pdf


class Busy(Exception):
    """Every worker is busy and the queue of waiting renders is full."""


class RenderPool:
    """A lazily started pool of forked render workers, with admission control."""

    def __init__(self, workers: int, queue: int, tasks_per_worker: int, timeout: float):
        self.workers, self.tasks, self.timeout = workers, tasks_per_worker, timeout
        self.admission = threading.BoundedSemaphore(workers + queue)  # running + waiting renders
        self._pool: Any = None
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def admitted(self) -> Iterator[None]:
        """Hold one place among the running and waiting renders, or raise Busy at once."""
        if not self.admission.acquire(blocking=False):
            raise Busy
        try:
            yield
        finally:
            self.admission.release()

    def run(self, function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        """Run `function(*args)` in a worker (pipeline.render's `run`); a stuck render is given up."""
        try:
            return self.start().apply_async(function, args).get(self.timeout)
        except multiprocessing.TimeoutError:
            raise RenderError(f"the render took longer than {self.timeout:.0f} seconds") from None

    def start(self) -> Any:
        """Return the worker processes' pool, started on first use (WeasyPrint imported first: every fork is warm)."""
        with self._lock:
            if self._pool is None:
                load_pdf()  # WeasyPrint imported before the fork: every worker starts warm
                self._pool = fork_pool(self.workers, self.tasks)
                weakref.finalize(self, self._pool.terminate)
            return self._pool

    def close(self) -> None:
        """Stop the workers."""
        with self._lock:
            if self._pool is not None:
                self._pool.terminate()
                self._pool.join()
                self._pool = None
