"""The cache of packets without a patient's name: bounded, least recently used first out, safe after a crash.

Files are written atomically (a crash leaves a `.part` file at worst, removed when the cache opens) and read
back only when they are whole PDFs; a file that is not is removed and the packet rendered again.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..output import write_atomic

log = logging.getLogger(__name__)


class Cache:
    """PDFs by fingerprint in one folder, at most `limit` of them."""

    def __init__(self, folder: Path, limit: int):
        self.folder, self.limit = folder, limit
        if folder.is_dir():
            for partial in folder.glob(".*.part"):  # left by a crash while writing
                partial.unlink(missing_ok=True)

    def get(self, key: str) -> bytes | None:
        """Return the cached PDF, or None (a broken file is removed)."""
        path = self.folder / f"{key}.pdf"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not _whole_pdf(data):
            path.unlink(missing_ok=True)
            return None
        with _quiet():
            os.utime(path)  # recently used: evicted last
        return data

    def put(self, key: str, data: bytes) -> None:
        """Keep a PDF (a full disk or a read-only folder only means it is not kept), then evict the oldest."""
        try:
            write_atomic(self.folder / f"{key}.pdf", data)
        except OSError:
            log.warning("the packet cache could not be written")
            return
        files = sorted(self.folder.glob("*.pdf"), key=_used)
        for old in files[:max(0, len(files) - self.limit)]:
            old.unlink(missing_ok=True)


def _whole_pdf(data: bytes) -> bool:
    """Tell whether bytes look like a complete PDF file."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def _used(path: Path) -> float:
    """Return when a cached file was last used (0 when it is already gone)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class _quiet:
    """Ignore OS errors in a block (a file another thread just evicted)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, *rest: object) -> bool:
        return kind is not None and issubclass(kind, OSError)
