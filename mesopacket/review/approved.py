"""A section's approved text as a record: what a sign-off approves, what its fingerprint is made of, and what
`changes` compares, so no one has to read the text back out of lines.

In handouts/signoffs.yaml it is kept as it reads:
    text:
      title: Symptoms and what to do about them
      types: [pleural]                     # only when the whole section is for some types
      words:                               # each block's texts in reading order, with the types it is for
      - paragraph: Fluid can build up around your lungs [@acs-palliative-2015].
      - paragraph: Only pleural packets show this paragraph.
        types: [pleural]
      references:                          # each reference its words cite, as the bibliography prints it
        acs-palliative-2015: American Cancer Society. Palliative procedures ...
      glossary:                            # each "Words to know" entry its words use
        Pleura: the thin lining around your lungs.
The fingerprint is a hash of lines(), the same lines earlier versions kept ("paragraph (pleural): ...").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

FINGERPRINT_LENGTH = 16


def text_fingerprint(lines: list[str]) -> str:
    """Return the fingerprint of patient-visible text lines."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


@dataclass(frozen=True)
class Words:
    """One text of a section's blocks: the field it is in ('paragraph', 'action.items'), and its block's types."""

    field: str
    text: str
    types: tuple[str, ...] = ()  # empty: every type

    def line(self) -> str:
        """Return it as one line: 'paragraph (pleural): text'."""
        tag = f" ({', '.join(self.types)})" if self.types else ""
        return f"{self.field}{tag}: {self.text}"


@dataclass(frozen=True)
class ApprovedText:
    """The patient-visible text of one section: its title, its blocks' words, and what they cite and use."""

    title: str
    types: tuple[str, ...] = ()  # the types the whole section is for; empty: every type
    words: tuple[Words, ...] = ()
    references: tuple[tuple[str, str], ...] = ()  # (key, the entry as printed)
    glossary: tuple[tuple[str, str], ...] = ()  # (term, what it means)

    def own_lines(self) -> list[str]:
        """Return the section's own words as lines: its title, its types, its blocks."""
        types = [f"in packets: {', '.join(self.types)}"] if self.types else []
        return [f"title: {self.title}", *types, *(words.line() for words in self.words)]

    def extra_lines(self) -> list[str]:
        """Return the references and glossary entries it uses as lines."""
        return [f"reference {key}: {entry}" for key, entry in self.references] + \
               [f"glossary {term}: {means}" for term, means in self.glossary]

    def lines(self) -> list[str]:
        """Return the whole text as lines: what the fingerprint is made from."""
        return self.own_lines() + self.extra_lines()

    def fingerprint(self) -> str:
        """Return the fingerprint of this text."""
        return text_fingerprint(self.lines())

    def for_type(self, type_id: str | None) -> ApprovedText | None:
        """Return what a packet of one type shows (without type tags), or None when the section is not in it."""
        if type_id is None:
            return self
        if self.types and type_id not in self.types:
            return None
        shown = tuple(Words(w.field, w.text) for w in self.words if not w.types or type_id in w.types)
        return ApprovedText(self.title, (), shown, self.references, self.glossary)

    def to_data(self) -> dict[str, Any]:
        """Return the text as it is kept in the sign-off file (types as tuples: the file writes them on one line)."""
        data: dict[str, Any] = {"title": self.title}
        if self.types:
            data["types"] = self.types
        data["words"] = [{w.field: w.text, **({"types": w.types} if w.types else {})} for w in self.words]
        for name in ("references", "glossary"):
            if getattr(self, name):
                data[name] = dict(getattr(self, name))
        return data

    @classmethod
    def from_data(cls, data: Any) -> ApprovedText:
        """Read the text kept in a sign-off (a list of lines: a sign-off from before the text was structured)."""
        if isinstance(data, ApprovedText):
            return data
        if isinstance(data, list) and all(isinstance(line, str) for line in data):
            return from_lines(data)
        if not isinstance(data, dict) or not isinstance(data.get("title"), str):
            raise ValueError("`text` must hold the signed text: a title, words, references and glossary")
        return cls(data["title"], _names(data.get("types")), tuple(_words(item) for item in data.get("words") or ()),
                   _pairs(data.get("references")), _pairs(data.get("glossary")))


def _names(value: Any) -> tuple[str, ...]:
    """Read a list of type ids."""
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise ValueError("`types` must be a list of type ids")
    return tuple(value)


def _words(item: Any) -> Words:
    """Read one block text: a mapping of its field to its text, and optionally `types`."""
    fields = [key for key in item if key != "types"] if isinstance(item, dict) else []
    if len(fields) != 1 or not isinstance(item[fields[0]], (str, int)):
        raise ValueError("each of `words` must map one field to its text (and may give `types`)")
    return Words(str(fields[0]), str(item[fields[0]]), _names(item.get("types")))


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """Read a mapping of keys (or terms) to texts."""
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("`references` and `glossary` must map each key to its text")
    return tuple((str(key), text) for key, text in value.items())


def from_lines(lines: list[str]) -> ApprovedText:
    """Read the lines a sign-off kept before its text was kept as a record (files from before version 0.2)."""
    title, types = "", tuple[str, ...]()
    words: list[Words] = []
    references: list[tuple[str, str]] = []
    glossary: list[tuple[str, str]] = []
    for line in lines:
        head, _, text = line.partition(": ")
        if head == "title":
            title = text
        elif head == "in packets":
            types = tuple(text.split(", "))
        elif head.startswith("reference "):
            references.append((head.removeprefix("reference "), text))
        elif head.startswith("glossary "):
            glossary.append((head.removeprefix("glossary "), text))
        else:
            field, _, tag = head.partition(" (")
            words.append(Words(field, text, tuple(tag.removesuffix(")").split(", ")) if tag else ()))
    read = ApprovedText(title, types, tuple(words), tuple(references), tuple(glossary))
    if read.lines() != lines:
        raise ValueError("the signed text cannot be read; sign the section again with `make_handout.py review`")
    return read
