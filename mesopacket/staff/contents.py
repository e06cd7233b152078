"""Each language's content for the form: loaded once, and again only when a content file changes
(content/language.py keeps loaded content while its files are the same)."""

from __future__ import annotations

from pathlib import Path

from ..content.language import languages, load_content
from ..content.model import Content
from ..options import Options


class Contents:
    """Validated content by (language, clinic profile), current with the files on disk."""

    def __init__(self, project: Path):
        self.project = project

    def languages(self) -> list[str]:
        """Return the languages the project has content for, the default first."""
        return languages(self.project)

    def get(self, lang: str, clinic: Path | None = None) -> Content:
        """Return one language's content (with a clinic profile), loaded again when its files changed."""
        return load_content(Options(project=self.project, lang=lang, clinic=clinic))
