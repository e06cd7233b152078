"""Number citations by first use in one packet and format the bibliography in AMA style."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from . import inline
from .dates import long_date
from .model import Packet
from .schema import Labels, Reference
from .texts import packet_texts


@dataclass(frozen=True)
class Bibliography:
    """The references one packet cites, numbered 1..N in order of first citation."""

    numbers: dict[str, int]
    entries: tuple[tuple[int, str, Markup], ...]  # (number, key, formatted entry)

    def cite(self, keys: list[str]) -> Markup:
        """Render in-text citation numbers, each a link to its entry."""
        links = [Markup('<a href="#ref-{0}">{0}</a>').format(self.numbers[key]) for key in keys]
        return Markup('<sup class="cite">{}</sup>').format(Markup(",").join(links))


#: The longest web address a reference prints: a longer one is shortened (its full address stays the link's
#: target), so that it never wraps, and one address is one link on paper (a wrapped link became 2-4 links).
SHORT_URL_CHARS = 48


def bibliography(packet: Packet) -> Bibliography:
    """Number the packet's citations by first use and format each cited reference."""
    numbers: dict[str, int] = {}
    for text in packet_texts(packet):
        for key in inline.citation_keys(text):
            numbers.setdefault(key, len(numbers) + 1)
    entries = tuple((n, key, format_ama(packet.references[key], packet.spec.labels)) for key, n in numbers.items())
    return Bibliography(numbers, entries)


def format_ama(ref: Reference, labels: Labels) -> Markup:
    """Format one reference in AMA style (11th edition) as safe HTML."""
    parts = [escape(_creators(ref)) + Markup(".")]
    if ref.kind == "journal":
        parts.append(escape(_sentence(ref.title)))
        parts.append(Markup("<i>{}</i>.").format(ref.journal) + escape(_journal_issue(ref)))
    elif ref.kind == "book":
        parts.append(Markup("<i>{}</i>.").format(ref.title.rstrip(".")))
        parts.append(escape("; ".join(filter(None, [ref.publisher, str(ref.year or "")])) + "."))
    else:
        parts.append(escape(_sentence(ref.title)))
        parts.extend(escape(date) for date in _web_dates(ref, labels))
    parts.extend(_identifiers(ref, labels))
    return Markup(" ").join(parts)


#: AMA 11th edition: up to this many authors are all listed; with more, the first AMA_SHOWN, then "et al".
AMA_ALL_AUTHORS = 6
AMA_SHOWN = 3


def _creators(ref: Reference) -> str:
    """Return the author part: an organization, or names with 'et al' and 'eds' as AMA writes them."""
    if ref.organization:
        return ref.organization
    many = ref.et_al or len(ref.authors) > AMA_ALL_AUTHORS
    names = ", ".join(ref.authors[:AMA_SHOWN] if many else ref.authors) + (", et al" if many else "")
    return names + (", eds" if ref.editors else "")


def _web_dates(ref: Reference, labels: Labels) -> list[str]:
    """Return a web page's own date ('Published ...' or 'Updated ...') and the day it was read ('Accessed ...')."""
    dates = []
    if ref.published:
        dates.append(f"{labels.published} {long_date(ref.published, labels)}.")
    elif ref.year:
        dates.append(f"{labels.published} {ref.year}.")
    if ref.updated:
        dates.append(f"{labels.updated} {long_date(ref.updated, labels)}.")
    if ref.accessed:
        dates.append(f"{labels.accessed} {long_date(ref.accessed, labels)}.")
    return dates


def _sentence(text: str) -> str:
    """End a title with one punctuation mark."""
    return text if text.endswith(("?", "!", ".")) else text + "."


def _journal_issue(ref: Reference) -> str:
    """Return ' 2005;23(28):6881-6889.' from whatever parts are known."""
    text = f" {ref.year}" if ref.year else ""
    if ref.volume:
        text += f";{ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    if ref.pages:
        text += f":{ref.pages}"
    return text + "." if text else ""


def _identifiers(ref: Reference, labels: Labels) -> list[Markup]:
    """Return the DOI, PubMed ID and URL of a reference as links."""
    found = []
    if ref.doi:
        found.append(Markup('<a href="https://doi.org/{0}">doi:{0}</a>').format(ref.doi))
    if ref.pmid:
        found.append(Markup('<a href="https://pubmed.ncbi.nlm.nih.gov/{0}/">PMID: {0}</a>').format(ref.pmid))
    if ref.url:
        shown = ref.url.split("://", 1)[-1].rstrip("/")  # the full address, read aloud (the link's /Contents)
        found.append(Markup('<a href="{0}" title="{1}: {2}">{3}</a>').format(ref.url, labels.web, shown,
                                                                           short_url(ref.url)))
    return found


def short_url(url: str, limit: int = SHORT_URL_CHARS) -> str:
    """Return a web address as a reader can read it in one line: the site, then '/…/' and the page's own name
    (cut after a whole word, with '…', when even that is too long)."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    whole = host + path + (f"?{parts.query}" if parts.query else "")
    if len(whole) <= limit:
        return whole
    last = path.rsplit("/", 1)[-1]
    room = limit - len(host) - len("/…/")
    if len(last) > room:
        cut = last[:room - 1]
        last = (cut.rsplit("-", 1)[0] if "-" in cut else cut) + "…"
    return f"{host}/…/{last}"
