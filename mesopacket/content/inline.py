"""The small inline markup allowed in content: emphasis, strong, links and citations."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from markupsafe import Markup, escape

CITATION = r"\[@(?P<cite>[^\]]*)\]"
LINK = r"\[(?P<label>[^\]@][^\]]*)\]\((?P<url>[^)\s]+)\)"
STRONG = r"\*\*(?P<strong>[^*]+)\*\*"
EMPHASIS = r"\*(?P<em>[^*]+)\*"
TOKEN = re.compile("|".join([CITATION, LINK, STRONG, EMPHASIS]))
RAW_HTML = re.compile(r"<\s*[A-Za-z/!?]|&[A-Za-z#][A-Za-z0-9]*;")
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")

Cite = Callable[[list[str]], Markup]


def citation_keys(text: str) -> Iterator[str]:
    """Yield the reference keys cited in `text`, in order."""
    for match in TOKEN.finditer(text):
        if match["cite"] is not None:
            yield from split_keys(match["cite"])


def split_keys(group: str) -> list[str]:
    """Split '@a; @b' into ['a', 'b']."""
    return [part.strip().lstrip("@").strip() for part in group.split(";")]


def problems(text: str) -> list[str]:
    """Return what is wrong with the markup of `text` (raw HTML, bad links, empty citations)."""
    found = []
    if RAW_HTML.search(text):
        found.append("raw HTML is not allowed in content; use *emphasis*, **strong** or [words](https://...)")
    for match in TOKEN.finditer(text):
        if match["url"] is not None and not match["url"].startswith(LINK_SCHEMES):
            found.append(f"link '{match['url']}' must start with one of: " + ", ".join(LINK_SCHEMES))
        if match["cite"] is not None and not all(split_keys(match["cite"])):
            found.append(f"empty citation key in '{match[0]}'")
        if "[@" in (match["strong"] or match["em"] or ""):
            found.append("a citation inside *emphasis* or **strong** would print as typed; put it after the closing *")
    return found


def to_html(text: str, cite: Cite) -> Markup:
    """Render `text` as safe HTML; every character outside the markup is escaped."""
    out, last = [], 0
    for match in TOKEN.finditer(text):
        before = text[last:match.start()]
        out.append(escape(before.rstrip() if match["cite"] is not None else before))  # "type [@a]." -> "type¹."
        out.append(_token_html(match, cite))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _token_html(match: re.Match[str], cite: Cite) -> Markup:
    """Render one markup token."""
    if match["cite"] is not None:
        return cite(split_keys(match["cite"]))
    if match["url"] is not None:
        return Markup('<a href="{}">{}</a>').format(match["url"], match["label"])
    if match["strong"] is not None:
        return Markup("<strong>{}</strong>").format(match["strong"])
    return Markup("<em>{}</em>").format(match["em"])


def plain(text: str) -> str:
    """Return `text` without markup or citations, as a reader would hear it."""
    def token(match: re.Match[str]) -> str:
        return match["label"] or match["strong"] or match["em"] or ""
    return re.sub(r"\s+([.,;:])", r"\1", TOKEN.sub(token, text))
