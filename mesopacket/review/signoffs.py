"""Medical sign-offs: handouts/signoffs.yaml records, per language and section, who approved which text.

    en:                               # a language (a folder of handouts/)
      symptoms:                       # a section (a file of handouts/en/sections/)
        reviewer: Nurse educator
        reviewed_on: 2026-11-24
        next_review: 2027-11-24
        kind: minor                   # major, minor or editorial
        summary: Fever rule now says 100.4°F (38°C).
        fingerprint: 3f2a9c1b7d4e0a55 # of the patient-visible text below (review/fingerprint.py)
        text: {title: ..., words: [...]}  # the patient-visible text as signed (review/approved.py)

The file is written by `make_handout.py review`; a hand edit that breaks it stops every build with its line.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field, PlainSerializer, PlainValidator, field_validator, model_validator

from ..content.language import languages
from ..content.loader import Loader
from ..content.model import Content
from ..content.schema import Strict, Text
from ..content.yamlsource import LocatedDict, line_of
from ..errors import ContentError, raise_all
from ..options import REVIEW_KINDS
from ..stamps import sha256_file
from .approved import FINGERPRINT_LENGTH, ApprovedText

#: The signed text as kept in the file: read (also from the older list of lines) and written by approved.py.
SignedText = Annotated[ApprovedText, PlainValidator(ApprovedText.from_data), PlainSerializer(ApprovedText.to_data)]
HEADER = ("# Medical sign-offs, one per section and language. Written by `python make_handout.py review`\n"
          "# (see handouts/README.md, \"Review\"). Each `fingerprint` is of the patient-visible text in `text`:\n"
          "# when the section's words, its cited references or its glossary words change, it no longer matches\n"
          "# and the packet prints DRAFT until the section is signed again.\n")


class SignOff(Strict):
    """One section's sign-off in one language."""

    reviewer: Text
    reviewed_on: datetime.date
    next_review: datetime.date
    kind: Literal[REVIEW_KINDS]  # type: ignore[valid-type]
    summary: Text | None = None
    fingerprint: Annotated[str, Field(pattern=rf"^[0-9a-f]{{{FINGERPRINT_LENGTH}}}$")]
    text: SignedText | None = None  # the patient-visible text as signed (what `changes --since-review` compares with)

    @field_validator("text", mode="before")
    @classmethod
    def _no_text(cls, value: Any) -> Any:
        return None if value == [] else value  # an empty list: the text was not kept

    @model_validator(mode="after")
    def _consistent(self) -> SignOff:
        if self.next_review <= self.reviewed_on:
            raise ValueError(f"next_review ({self.next_review}) must be after reviewed_on ({self.reviewed_on})")
        if self.text is not None and self.text.fingerprint() != self.fingerprint:
            raise ValueError("the signed text does not match its fingerprint (was it edited by hand?); "
                             "sign the section again with `make_handout.py review`")
        return self


@dataclass(frozen=True)
class SignOffs:
    """One language's sign-offs by section, and where each one stands in the sign-off file."""

    lang: str
    shown: str  # the file, as the user sees it
    entries: dict[str, SignOff] = field(default_factory=dict)
    raw: Any = field(default=None, repr=False)  # the file's data with lines

    def locate(self, section_id: str) -> tuple[str, int | None]:
        """Return the file and line of a section's sign-off."""
        return self.shown, line_of(self.raw, (self.lang, section_id))


def signoffs(content: Content) -> SignOffs:
    """Return the sign-offs of the content's language (read once per loaded content, and the file once for
    every language while it and the section files are the same); a broken file stops with every problem and
    its line."""
    if "signoffs" not in content.memo:
        path, langs = content.sources.signoffs, languages(content.sources.project)
        sections = tuple(tuple(sorted(p.name for p in (path.parent / lang / "sections").glob("*.yaml")))
                         for lang in langs)
        signed, raw = _read_file(content.sources.project, path, tuple(langs), sections,
                                 sha256_file(path) if path.is_file() else "")
        shown = Loader(content.sources.project).shown(path)
        content.memo["signoffs"] = SignOffs(content.lang, shown, signed.get(content.lang, {}), raw)
    return content.memo["signoffs"]


@functools.lru_cache(maxsize=8)
def _read_file(project: Path, path: Path, langs: tuple[str, ...], _sections: tuple[tuple[str, ...], ...],
               _hash: str) -> tuple[dict[str, dict[str, SignOff]], Any]:
    """Read and validate one version of the sign-off file (every language), or raise its problems."""
    loader = Loader(project)
    signed = load_signoffs(loader, path, list(langs))
    raise_all(loader.problems)
    return signed, loader.raw.get(loader.shown(path))


def load_signoffs(loader: Loader, path: Path, langs: list[str]) -> dict[str, dict[str, SignOff]]:
    """Validate the whole sign-off file and return every language's sign-offs by section.

    A missing file means nothing is signed. Unknown languages and sections are problems with their line.
    """
    if not path.is_file():
        return {}
    shown, data = loader.shown(path), loader.load(path)
    if data is None:
        return {}
    if not isinstance(data, LocatedDict):
        loader.problems.append(ContentError("the sign-off file must map languages (en, es ...) to sections",
                                            shown, getattr(data, "line", 1)))
        return {}
    found: dict[str, dict[str, SignOff]] = {}
    for key, entries in data.items():
        if key not in langs:
            loader.problem(f"unknown language '{key}'; choose one of: {', '.join(langs)}", shown, data, (key,))
        elif not isinstance(entries, LocatedDict):
            loader.problem(f"'{key}' must map section ids to sign-offs", shown, data, (key,))
        else:
            found[str(key)] = _entries(loader, path, data, str(key), entries)
    return found


def _entries(loader: Loader, path: Path, data: Any, lang: str, entries: LocatedDict) -> dict[str, SignOff]:
    """Validate one language's sign-offs; each must name a section file of that language."""
    shown, sections = loader.shown(path), path.parent / lang / "sections"
    found = {}
    for sid, value in entries.items():
        if not (sections / f"{sid}.yaml").is_file():
            known = ", ".join(sorted(p.stem for p in sections.glob("*.yaml")))
            loader.problem(f"no section '{sid}' in {loader.shown(sections)}; choose one of: {known}", shown, data,
                           (lang, sid))
            continue
        signoff = loader.validate(value, SignOff, shown, (lang, sid)) if isinstance(value, dict) else None
        if not isinstance(value, dict):
            loader.problem(f"the sign-off of '{sid}' must be a mapping (reviewer, reviewed_on ...)", shown, data,
                           (lang, sid))
        if signoff is not None:
            found[str(sid)] = signoff
    return found


def dump_signoffs(signed: dict[str, dict[str, SignOff]], langs: list[str], order: dict[str, list[str]]) -> bytes:
    """Return the sign-off file's bytes: languages in `langs` order, each language's sections in `order` (those
    not in it keep their place after them)."""
    data: dict[str, dict[str, Any]] = {}
    for lang in sorted(signed, key=lambda lang: langs.index(lang) if lang in langs else len(langs)):
        known = order.get(lang, [])
        sids = sorted(signed[lang], key=lambda sid: known.index(sid) if sid in known else len(known))
        data[lang] = {sid: signed[lang][sid].model_dump(exclude_none=True) for sid in sids}
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return (HEADER + body).encode("utf-8")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe writer, with tuples (the types of the signed text, approved.py) on one line: [a, b]."""

    def ignore_aliases(self, data: object) -> bool:
        """Write every value out: sign-offs made together share one date object, which is no `&id001` anchor."""
        return True


_Dumper.add_representer(tuple, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data,
                                                                             flow_style=True))
