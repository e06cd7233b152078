"""Packets for the web form: the same pipeline as the command line, one render per core, a name-free cache."""

from __future__ import annotations

import threading
from pathlib import Path

from ..output import write_atomic
from ..pipeline import compose, plan, render
from .form import Choice


class Busy(Exception):
    """Every render slot stayed taken for longer than the server waits."""


class Packets:
    """Renders packets at most `slots` at a time; caches those without a patient's name by fingerprint."""

    def __init__(self, slots: int, wait: float, cache: Path | None):
        self.slots = threading.BoundedSemaphore(slots)
        self.wait, self.cache = wait, cache

    def pdf(self, choice: Choice) -> bytes:
        """Return the packet's PDF, from the cache when it holds one made from the same inputs."""
        planned = plan(choice.options)
        cached = None if self.cache is None or choice.personal else self.cache / f"{planned.fingerprint}.pdf"
        if cached is not None and cached.is_file():
            return cached.read_bytes()
        if not self.slots.acquire(timeout=self.wait):
            raise Busy
        try:
            pdf = render(compose(planned)).pdf
        finally:
            self.slots.release()
        if cached is not None:
            write_atomic(cached, pdf)
        return pdf
