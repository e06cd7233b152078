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
#: A phone number written in text: "(555) 010-0100", "555-010-0100", "1-800-422-6237", "1-800-4-CANCER". It is
#: printed in one piece (a span the stylesheets keep on one line).
PHONE = re.compile(r"\(\d{3}\) ?\d{3}-\d{4}\b|\b1-8\d\d-[0-9A-Z]+(?:-[0-9A-Z]+)+\b|\b(?:1-)?\d{3}-\d{3}-\d{4}\b")
LAST_WORD = re.compile(r"\S+$")

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
    """Render `text` as safe HTML; every character outside the markup is escaped.

    A citation mark joins the word before it ("type [@a]." -> "type¹."): the word and the mark are one unbreakable
    span, so a line never starts with a citation mark. Phone numbers are kept whole the same way."""
    out: list[Markup] = []
    last, previous = 0, None
    for match in TOKEN.finditer(text):
        before = text[last:match.start()]
        if match["cite"] is None:
            out += [_text_html(before), _token_html(match, cite)]
        elif before.strip() or previous is None:
            out += _cited(before.rstrip(), _token_html(match, cite))
        else:  # right after **strong**, *emphasis* or a link: join its last word
            out[-1] = _cited_token(previous, _token_html(match, cite), cite)
        last, previous = match.end(), match
    out.append(_text_html(text[last:]))
    return Markup("").join(out)


def _cited(before: str, mark: Markup) -> list[Markup]:
    """Return the pieces that join a citation mark to the last word of plain text."""
    word = LAST_WORD.search(before)
    if not word:
        return [_text_html(before), mark]
    joined = Markup('<span class="cited">{}{}</span>').format(_text_html(word[0]), mark)
    return [_text_html(before[:word.start()]), joined]


def _cited_token(token: re.Match[str], mark: Markup, cite: Cite) -> Markup:
    """Render a strong or emphasis token with its last word joined to a citation mark after it."""
    name = "strong" if token["strong"] is not None else "em" if token["em"] is not None else None
    if name is None:  # a link (or a citation): the mark follows it, joined if its words are one
        return Markup('<span class="cited">{}{}</span>').format(_token_html(token, cite), mark)
    words = token[name].rstrip()
    word = LAST_WORD.search(words)
    head = Markup("<{0}>{1}</{0}>").format(name, _text_html(words[:word.start()])) if word and word.start() else ""
    return head + Markup('<span class="cited"><{0}>{1}</{0}>{2}</span>').format(
        name, _text_html(word[0] if word else words), mark)


def _text_html(text: str) -> Markup:
    """Escape plain text, with each phone number in a span that does not break."""
    out, last = [], 0
    for match in PHONE.finditer(text):
        out += [escape(text[last:match.start()]), Markup('<span class="phone">{}</span>').format(match[0])]
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _token_html(match: re.Match[str], cite: Cite) -> Markup:
    """Render one markup token."""
    if match["cite"] is not None:
        return cite(split_keys(match["cite"]))
    if match["url"] is not None:
        return Markup('<a href="{}">{}</a>').format(match["url"], _text_html(match["label"]))
    if match["strong"] is not None:
        return Markup("<strong>{}</strong>").format(_text_html(match["strong"]))
    return Markup("<em>{}</em>").format(_text_html(match["em"]))


def plain(text: str) -> str:
    """Return `text` without markup or citations, as a reader would hear it."""
    def token(match: re.Match[str]) -> str:
        return match["label"] or match["strong"] or match["em"] or ""
    return re.sub(r"\s+([.,;:])", r"\1", TOKEN.sub(token, text))
