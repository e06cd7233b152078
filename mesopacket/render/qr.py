"""QR codes for web addresses, as vector graphics (segno), so a printed page leads to the site."""

from __future__ import annotations

import base64
import io
from functools import cache

import segno


@cache
def qr_data_uri(url: str) -> str:
    """Return an SVG QR code for `url` as a data: URI for an <img> (deterministic for the same URL)."""
    code = segno.make(url, error="m")
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, border=0, scale=4, title=None, desc=None)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def shown_url(url: str) -> str:
    """Return a web address as a reader types it: without the scheme or a trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")
