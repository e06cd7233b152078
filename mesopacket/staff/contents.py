"""Each language's content, loaded once and loaded again only when a content file changes (size or time)."""

from __future__ import annotations

import threading
from pathlib import Path

from ..content.language import languages, load_content
from ..content.model import Content
from ..options import CONTENT_DIR, Options


class Contents:
    """Validated content by (language, clinic profile), current with the files on disk."""

    def __init__(self, project: Path):
        self.project = project
        self._loaded: dict[tuple[str, Path | None], tuple[tuple, Content]] = {}
        self._lock = threading.Lock()

    def languages(self) -> list[str]:
        """Return the languages the project has content for, the default first."""
        return languages(self.project)

    def get(self, lang: str, clinic: Path | None = None) -> Content:
        """Return one language's content (with a clinic profile), loading it when its files changed."""
        stamp = self._stamp(clinic)
        with self._lock:
            known = self._loaded.get((lang, clinic))
        if known is not None and known[0] == stamp:
            return known[1]
        content = load_content(Options(project=self.project, lang=lang, clinic=clinic))
        with self._lock:
            self._loaded[(lang, clinic)] = (stamp, content)
        return content

    def _stamp(self, clinic: Path | None) -> tuple:
        """Return the name, size and time of every content file (and the clinic's)."""
        files = sorted((self.project / CONTENT_DIR).rglob("*"))
        files += [clinic] if clinic is not None else []
        return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file())
