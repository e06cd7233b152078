"""Lay out the HTML with WeasyPrint: local files only, and any warning fails the build."""

from __future__ import annotations

import logging
import mimetypes
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from .errors import RenderError
from .finish import Finisher
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
        if parts.scheme == "data":  # made by this tool (QR codes, the clinic logo): nothing is fetched
            return super().fetch(url, headers)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not any(path.is_relative_to(root) for root in self.roots):
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url}: only files inside the project are allowed")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return weasyprint.urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})


#: The time written into subset fonts (seconds since 1970): fixed, so builds are byte-identical.
FONT_TIMESTAMP = "0"

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
def fixed_font_timestamps() -> Iterator[None]:
    """Keep subset fonts free of the current time: fontTools (WeasyPrint's fallback subsetter)
    stamps each subset font's `head` table with now, unless SOURCE_DATE_EPOCH is set."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = before or FONT_TIMESTAMP
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]


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


def refuse(fetcher: LocalFetcher) -> None:
    """Fail the build if the fetcher refused anything."""
    if fetcher.refused:
        raise RenderError(f"refused to fetch {fetcher.refused[0]}: a packet may use only files inside "
                          f"{', '.join(d + '/' for d in READABLE_DIRS)}")


def check_stylesheets(project: Path, paths: list[str]) -> None:
    """Parse each stylesheet alone, so a CSS warning is reported with its file and line."""
    fetcher = LocalFetcher(project)
    for path in paths:
        with collected_warnings() as warnings:
            try:
                weasyprint.CSS(filename=str(project / path), url_fetcher=fetcher)
            except weasyprint.urls.FatalURLFetchingError:
                pass
        refuse(fetcher)
        if warnings.messages:
            match = re.search(r" at (\d+):\d+", warnings.messages[0])
            message = re.sub(r" at \d+:\d+", "", warnings.messages[0])
            raise RenderError(message, path, int(match[1]) if match else None)


def render_pdf(html: str, project: Path, finisher: Finisher) -> bytes:
    """Render HTML to tagged PDF bytes; refused fetches and logged warnings raise RenderError."""
    fetcher, fonts = LocalFetcher(project), FontConfiguration()
    with collected_warnings() as warnings, fixed_font_timestamps():
        try:
            document = weasyprint.HTML(string=html, base_url=str(project) + "/", url_fetcher=fetcher)
            data = document.write_pdf(font_config=fonts, pdf_variant=PDF_VARIANT, finisher=finisher)
        except weasyprint.urls.FatalURLFetchingError:
            data = None
        finally:
            # The font configuration copies fonts into a temporary folder that it removes only when it is
            # garbage-collected, which reference cycles can delay: remove it now (a second removal is harmless).
            fonts.__del__()
    refuse(fetcher)
    if warnings.messages or data is None:
        raise RenderError(f"WeasyPrint: {warnings.messages[0] if warnings.messages else 'rendering failed'}")
    return data
