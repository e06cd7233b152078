"""Lay out the HTML with WeasyPrint: local files only, and any warning fails the build."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from .errors import RenderError
from .options import PDF_VARIANT, READABLE_DIRS


class LocalFetcher(weasyprint.URLFetcher):
    """Fetch only files inside the project's readable folders; refuse everything else."""

    def __init__(self, project: Path):
        super().__init__(fail_on_errors=True)
        self.roots = [(project / name).resolve() for name in READABLE_DIRS]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> weasyprint.urls.URLFetcherResponse:
        """Open a file:// URL inside the project, or record and refuse the URL."""
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not any(path.is_relative_to(root) for root in self.roots):
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url}: only files inside the project are allowed")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return weasyprint.urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})


#: Notices about this machine rather than the packet: WeasyPrint falls back to fontTools to subset
#: fonts when the system lacks libharfbuzz-subset0 (Debian). The PDF is still correct and complete.
MACHINE_NOTICES = ("Using fontTools instead of HarfBuzz-Subset",)


class WarningCollector(logging.Handler):
    """Collect every warning WeasyPrint logs, so the build can fail on any."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Remember the warning's text, unless it is only a notice about this machine."""
        message = record.getMessage().strip().splitlines()[0]
        if not message.startswith(MACHINE_NOTICES):
            self.messages.append(message)


@contextmanager
def collected_warnings() -> Iterator[WarningCollector]:
    """Route WeasyPrint's warnings to a collector instead of the terminal."""
    logger = weasyprint.LOGGER
    collector, propagate = WarningCollector(), logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


def render_pdf(html: str, project: Path) -> bytes:
    """Render HTML to tagged PDF bytes; refused fetches and logged warnings raise RenderError."""
    fetcher = LocalFetcher(project)
    with collected_warnings() as warnings:
        try:
            fonts = FontConfiguration()
            document = weasyprint.HTML(string=html, base_url=str(project) + "/", url_fetcher=fetcher)
            data = document.write_pdf(font_config=fonts, pdf_variant=PDF_VARIANT)
        except weasyprint.urls.FatalURLFetchingError:
            data = None
    if fetcher.refused:
        raise RenderError(f"refused to fetch {fetcher.refused[0]}: a packet may use only files inside "
                          f"{', '.join(d + '/' for d in READABLE_DIRS)}")
    if warnings.messages or data is None:
        raise RenderError(f"WeasyPrint: {warnings.messages[0] if warnings.messages else 'rendering failed'}")
    return data
