"""What only the web edition needs: citation back-links, tel: links, images and styles inlined, a self-check."""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path

from markupsafe import Markup

from ..errors import RenderError
from ..options import CONTENT_DIR, STYLES_DIR
from .references import Bibliography

#: What would make the page fetch something: a src, a stylesheet link, a CSS url() or @import, a script.
REQUEST = re.compile(r"""\b(?:src|srcset|poster)\s*=\s*(?!["']?data:)|<link\b|<script\b|<iframe\b|<object\b"""
                     r"""|<embed\b|url\(\s*(?!["']?(?:data:|#))|@import\b""", re.IGNORECASE)


class Citations:
    """The packet's bibliography (the same numbers), giving each citation an id a reference links back to."""

    def __init__(self, bib: Bibliography, name: str = "{number}"):
        self.numbers = bib.numbers
        self.entries = bib.entries
        self.name = name  # each link's accessible name, e.g. "reference {number}" (the packet's cite_name)
        self._places: dict[int, list[str]] = {}

    def cite(self, keys: list[str]) -> Markup:
        """Render in-text citation numbers, each a link to its entry with an id to come back to."""
        links = []
        for key in keys:
            number = self.numbers[key]
            places = self._places.setdefault(number, [])
            places.append(f"cite-{number}-{len(places) + 1}")
            links.append(Markup('<a href="#ref-{0}" id="{1}" aria-label="{2}">{0}</a>').format(
                number, places[-1], self.name.format(number=number)))
        return Markup('<sup class="cite">{}</sup>').format(Markup(",").join(links))

    def places(self, number: int) -> list[str]:
        """Return the ids of the places citing reference `number`, in reading order."""
        return self._places.get(number, [])


def tel_uri(number: str) -> str:
    """Return the tel: link of a phone number as printed ('(555) 010-0100' -> 'tel:5550100100')."""
    digits = re.sub(r"[^0-9+]", "", number)
    return f"tel:{digits[0] + digits[1:].replace('+', '') if digits else ''}"


def image_source(project: Path, src: str, medium: str) -> str:
    """Return an image's address: its path in print, its bytes as a data: URI on the web."""
    if medium != "web":
        return f"{CONTENT_DIR}/{src}"
    path = project / CONTENT_DIR / src
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def stylesheet_text(project: Path, names: tuple[str, ...]) -> Markup:
    """Return the web edition's stylesheets, in cascade order, to inline in the page."""
    texts = []
    for name in names:
        path = project / STYLES_DIR / name
        if not path.is_file():
            raise RenderError("stylesheet not found", f"{STYLES_DIR}/{name}")
        texts.append(path.read_text(encoding="utf-8"))
    text = "\n".join(texts)
    if "</" in text:
        raise RenderError("a web stylesheet may not contain '</'", f"{STYLES_DIR}/{names[-1]}")
    return Markup(text)


def check_self_contained(html: str) -> None:
    """Refuse a web edition that would make a request when opened (anything not inline)."""
    found = REQUEST.search(html)
    if found:
        line = html.count("\n", 0, found.start()) + 1
        snippet = html[found.start():found.start() + 60].split("\n")[0]
        raise RenderError(f"the web edition would fetch something (line {line} of its HTML): {snippet}")
