"""`check`'s rules for sources: each reference in AMA form, no reference left uncited, no citation after a number.

Each rule returns Problem tuples; rules.py turns them into report findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from ..content import inline
from ..content.load import _walk, languages, read_content
from ..content.model import Content
from ..content.schema import Reference
from ..content.yamlsource import line_of, load_yaml
from ..errors import ContentError
from ..options import Options
from ..render.references import AMA_ALL_AUTHORS, AMA_SHOWN


class Problem(NamedTuple):
    """One thing a source rule found, located in its file."""

    rule: str
    message: str
    file: str
    line: int | None


#: A text that ends in a number, maybe with a unit and closing marks ("stage 4", "100.4°F", "(38°C).", "2.**"):
#: a citation mark right after it reads as more digits ("stage 44").
ENDS_IN_NUMBER = re.compile(r"\d(?:\s?°\s?[FC]?|\s?%)?[\s)\]}»”’\"'.,;:!?*]*$")

#: What each kind of reference must give, each as (name in `unavailable`, what it means, test on the reference).
Requirement = tuple[str, str, Callable[[Reference], object]]
REQUIRED: dict[str, tuple[Requirement, ...]] = {
    "journal": (("year", "year", lambda r: r.year), ("volume", "volume", lambda r: r.volume),
                ("issue", "issue", lambda r: r.issue), ("pages", "pages or article number", lambda r: r.pages),
                ("doi", "DOI or PubMed ID", lambda r: r.doi or r.pmid)),
    "web": (("organization", "publisher or organization", lambda r: r.organization), ("url", "URL", lambda r: r.url),
            ("accessed", "access date (`accessed`)", lambda r: r.accessed),
            ("date", "the page's own date (`published` or `updated`)", lambda r: r.published or r.updated or r.year)),
    "book": (("publisher", "publisher", lambda r: r.publisher), ("year", "year", lambda r: r.year)),
}


def ama_problems(ref: Reference) -> list[str]:
    """Return what keeps one reference from AMA 11th edition form: the author rule and the fields its kind needs."""
    found = []
    count = len(ref.authors)
    if not ref.organization and ref.et_al and count != AMA_SHOWN:
        found.append(f"'et al' follows the first {AMA_SHOWN} authors (AMA: more than {AMA_ALL_AUTHORS} authors); "
                     f"list exactly {AMA_SHOWN}, not {count}")
    if not ref.organization and not ref.et_al and count > AMA_ALL_AUTHORS:
        found.append(f"{count} authors: with more than {AMA_ALL_AUTHORS}, list the first {AMA_SHOWN} and set "
                     "`et_al: true`")
    requirements = REQUIRED.get(ref.kind, ())
    for name, meaning, given in requirements:
        if not given(ref) and name not in ref.unavailable:
            found.append(f"missing {meaning}: give it, or say why it is left out in `unavailable: {{{name}: ...}}`")
        elif given(ref) and name in ref.unavailable:
            found.append(f"`unavailable` explains a missing {name}, but the reference gives it")
    known = {name for name, _, _ in requirements}
    found += [f"`unavailable: {name}` is not a field a {ref.kind} reference needs" for name in ref.unavailable
              if name not in known]
    if ref.url and not ref.url.startswith("https://"):
        found.append(f"the address must start with https:// ({ref.url.split(':', 1)[0]}:// is not secure)")
    return found


def check_ama(content: Content) -> Iterator[Problem]:
    """Yield each reference's AMA problems, at its line in references.yaml."""
    refs = content.sources.shown(content.sources.references)
    for key, ref in content.references.items():
        for message in ama_problems(ref):
            yield Problem("ama", f"reference '{key}': {message}", refs, line_of(content.raw.get(refs), (key,)))


def content_texts(content: Content) -> Iterator[tuple[str, Any, tuple[Any, ...], str]]:
    """Yield (file, data, path, text) for every text of every content file of the language, loaded or not."""
    folder = content.sources.shown(content.sources.folder)
    files = {shown: data for shown, data in content.raw.items() if Path(shown).is_relative_to(folder)}
    for path in sorted(content.sources.folder.rglob("*.yaml")):  # a file no model reads yet still counts
        shown = content.sources.shown(path)
        if shown not in files:
            try:
                files[shown] = load_yaml(path, shown)
            except ContentError:
                continue  # a file that cannot be read is reported where it is loaded
    for shown, data in sorted(files.items()):
        for where, text in _walk(data):
            yield shown, data, where, text


def check_numbers_before_citations(content: Content) -> Iterator[Problem]:
    """Yield each citation mark that follows a number: '[@a]' after 'stage 4' prints 'stage 4' + '1'."""
    for file, data, where, text in content_texts(content):
        for match in re.finditer(inline.CITATION, text):
            before = text[:match.start()].rstrip()
            if ENDS_IN_NUMBER.search(before):
                shown = before[-24:].lstrip()
                yield Problem("citations", f"a citation mark after a number reads as more digits (\"...{shown}\" + "
                              "number): put the citation after a word", file, line_of(data, where))


def cited_in_any_language(options: Options, content: Content) -> set[str]:
    """Return every citation key that any content file of any language cites."""
    cited: set[str] = set()
    for lang in languages(options.project):
        other = content if lang == content.lang else read_content(replace(options, lang=lang))
        cited |= {key for _file, _data, _where, text in content_texts(other) for key in inline.citation_keys(text)}
    return cited


def check_unused(options: Options, content: Content) -> Iterator[Problem]:
    """Yield each reference that no content file of any language cites."""
    refs = content.sources.shown(content.sources.references)
    cited = cited_in_any_language(options, content)
    for key in content.references:
        if key not in cited:
            yield Problem("references", f"reference '{key}' is cited nowhere, in no language: cite it or remove it",
                          refs, line_of(content.raw.get(refs), (key,)))
