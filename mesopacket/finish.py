"""Finish the PDF with pypdf: open on its bookmarks, show its title, and check nothing was lost."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from .errors import RenderError


def finish_pdf(data: bytes, bookmarks: list[str]) -> bytes:
    """Return the finished PDF; clone (never append) so the tags and /Lang survive."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.page_mode = "/UseOutlines"
    preferences = writer.create_viewer_preferences()
    preferences.display_doctitle = True
    writer._root_object[NameObject("/PageLayout")] = NameObject("/OneColumn")
    out = BytesIO()
    writer.write(out)
    finished = out.getvalue()
    check_finished(finished, bookmarks)
    return finished


def check_finished(data: bytes, bookmarks: list[str]) -> None:
    """Check the finished PDF is still tagged, has a language and title, and has the right bookmarks."""
    reader = PdfReader(BytesIO(data))
    root = reader.trailer["/Root"]
    missing = [key for key in ("/StructTreeRoot", "/Lang", "/MarkInfo") if key not in root]
    if missing or not (reader.metadata and reader.metadata.title):
        raise RenderError(f"the finished PDF lost its accessibility data: {', '.join(missing) or '/Title'}")
    found = [item.title for item in reader.outline if not isinstance(item, list)]
    if found != bookmarks:
        raise RenderError(f"the PDF's bookmarks {found} do not match its sections {bookmarks}")
