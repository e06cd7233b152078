"""Pictures of PDF pages (pypdfium2): thumbnails on the download page, previews in the staff form."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pypdfium2

THUMB_SCALE = 0.32  # a Letter page becomes about 196 x 253 pixels
PREVIEW_SCALE = 0.45


def page_png(pdf: bytes | Path, index: int, scale: float) -> bytes:
    """Return one page of a PDF as PNG bytes."""
    page = pypdfium2.PdfDocument(pdf)[index]
    out = io.BytesIO()
    page.render(scale=scale).to_pil().save(out, "PNG", optimize=True)
    return out.getvalue()


def preview(pdf: bytes, count: int) -> tuple[list[str], int]:
    """Return the first `count` pages as PNG data: URIs, and the page count."""
    pages = len(pypdfium2.PdfDocument(pdf))
    images = [page_png(pdf, index, PREVIEW_SCALE) for index in range(min(count, pages))]
    return ["data:image/png;base64," + base64.b64encode(png).decode("ascii") for png in images], pages
