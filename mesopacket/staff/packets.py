"""Packets for the staff form: the same pipeline as the command line, rendered in warm workers, a name-free cache."""

from __future__ import annotations

from pathlib import Path

from ..content.model import Content
from ..pipeline import compose, plan, render
from .cache import Cache
from .form import Choice
from .pool import Busy, RenderPool

__all__ = ["Busy", "Packets"]


class Packets:
    """Renders packets in the pool's workers; caches those without a patient's name by fingerprint."""

    def __init__(self, pool: RenderPool, cache: Path | None, cache_files: int):
        self.pool = pool
        self.cache = Cache(cache, cache_files) if cache is not None else None

    def pdf(self, choice: Choice, content: Content) -> bytes:
        """Return the packet's PDF, from the cache when it holds one made from the same inputs."""
        planned = plan(choice.options, content)
        key = None if self.cache is None or choice.personal else planned.fingerprint
        cached = self.cache.get(key) if self.cache is not None and key else None
        if cached is not None:
            return cached
        with self.pool.admitted():  # Busy at once when the queue is full
            pdf = render(compose(planned), self.pool.run).pdf
        if self.cache is not None and key:
            self.cache.put(key, pdf)
        return pdf
