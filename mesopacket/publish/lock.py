"""One batch at a time per output folder: a lock file (filelock) held while a batch reads and writes its manifest.

Two batches into one folder would each read the manifest, build, and write it back: the second would lose the
first one's entries. The second batch stops at once instead, saying that another batch is running.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ..errors import PacketError
from ..options import BATCH_LOCK


class Terminated(KeyboardInterrupt):
    """SIGTERM reached a batch: it stops as after Ctrl-C (workers ended, finished files kept in the manifest)."""


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock, or raise PacketError when another batch holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / BATCH_LOCK, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise PacketError(f"another batch is building into this folder (it holds {BATCH_LOCK}); wait for it to "
                          "finish, or choose another folder", folder) from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into Terminated (a KeyboardInterrupt) in this process while the block runs."""
    def stop(signum: int, frame: Any) -> None:
        raise Terminated

    old = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@contextlib.contextmanager
def sigterm_deferred() -> Iterator[None]:
    """Hold SIGTERM back while the block runs (a file written and recorded in the manifest are one step)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
