"""Lay out the HTML with WeasyPrint: local files only, and any warning fails the build.

Renders share no mutable process state: each has its own fetcher, font configuration and warning list (found
through a context variable by the one handler on WeasyPrint's logger), so renders in threads of one process
cannot see each other's warnings. What a render changes in the process (the logger, a fixed font time, the tag
builder) is applied around the render only, by mesopacket/workarounds.py.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.pdf import tags
from weasyprint.text.fonts import FontConfiguration

from .. import workarounds
from ..errors import RenderError
from ..options import PDF_VARIANT, READABLE_DIRS
from .artifacts import wrap_box_tree
from .finish import Finisher

#: Notices about this machine rather than the packet: WeasyPrint falls back to fontTools to subset
#: fonts when the system lacks libharfbuzz-subset0 (Debian). The PDF is still correct and complete.
MACHINE_NOTICES = ("Using fontTools instead of HarfBuzz-Subset",)


class LocalFetcher(weasyprint.URLFetcher):
    """Fetch only files inside the project's readable folders; refuse everything else."""

    def __init__(self, project: Path):
        super().__init__(fail_on_errors=True)
        self.roots = [(project / name).resolve() for name in READABLE_DIRS]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> weasyprint.urls.URLFetcherResponse:
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


DATA_URI = re.compile(r"data:[^,\s]*,[^\s)\"']*")
_collector: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("weasyprint_warnings", default=None)


class _Router(logging.Handler):
    """The one handler on WeasyPrint's logger while renders run: each warning goes to the render (context) that
    logged it."""

    def emit(self, record: logging.LogRecord) -> None:
        """Remember the warning's first line in the current render's list, unless it is about this machine."""
        messages = _collector.get()
        message = DATA_URI.sub("data:...", record.getMessage().strip().splitlines()[0])  # never a file's bytes
        if messages is not None and not message.startswith(MACHINE_NOTICES):
            messages.append(message)


@functools.cache
def _router() -> _Router:
    """Return the one router (made on first use: even a handler's creation is noted by `logging`)."""
    return _Router(logging.WARNING)


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """Collect the warnings WeasyPrint logs in this context (this thread's render) only; while any render collects,
    WeasyPrint's logger goes to the router alone (warnings fail the build; they are not printed)."""
    messages: list[str] = []
    token = _collector.set(messages)
    try:
        with workarounds.logger_to(_router()):
            yield messages
    finally:
        _collector.reset(token)


def refuse(fetcher: LocalFetcher) -> None:
    """Fail the build if the fetcher refused anything."""
    if fetcher.refused:
        raise RenderError(f"refused to fetch {fetcher.refused[0]}: a packet may use only files inside "
                          f"{', '.join(d + '/' for d in READABLE_DIRS)}")


def check_stylesheets(project: Path, paths: list[str]) -> None:
    """Parse each stylesheet alone, so a CSS warning is reported with its file and line."""
    fetcher = LocalFetcher(project)
    for path in paths:
        if not (project / path).resolve().is_relative_to(project.resolve()):
            raise RenderError("the stylesheet is a link to a place outside the project; refused", path)
        with collected_warnings() as warnings:
            try:
                weasyprint.CSS(filename=str(project / path), url_fetcher=fetcher)
            except weasyprint.urls.FatalURLFetchingError:
                pass
        refuse(fetcher)
        if warnings:
            match = re.search(r" at (\d+):\d+", warnings[0])
            message = re.sub(r" at \d+:\d+", "", warnings[0])
            raise RenderError(message, path, int(match[1]) if match else None)


def finished_pdf(html: str, project: Path, stylesheets: list[str], bookmarks: list[str]) -> tuple[bytes, int]:
    """Render HTML to a finished PDF and check it (tags, title, one bookmark per section); return it and its pages.

    This is the whole of a render: all it needs is plain data, so it can run in another process.
    """
    finisher = Finisher()
    pdf = render_pdf(html, project, stylesheets, finisher)
    return pdf, finisher.check(bookmarks)


def render_pdf(html: str, project: Path, stylesheets: list[str], finisher: Finisher) -> bytes:
    """Render HTML to tagged PDF bytes; refused fetches and logged warnings raise RenderError.

    The stylesheets are parsed once, by the render; only when it warns are they parsed again, alone, to name
    the file and line at fault.
    """
    fetcher, fonts = LocalFetcher(project), FontConfiguration()
    with collected_warnings() as warnings, workarounds.font_time(), workarounds.tag_builder(tags, wrap_box_tree):
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
    if warnings or data is None:
        check_stylesheets(project, stylesheets)
        raise RenderError(f"WeasyPrint: {warnings[0] if warnings else 'rendering failed'}")
    return data
