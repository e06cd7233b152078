"""What a sign-off approves: a section's patient-visible text, and the fingerprints and document IDs made from it.

A section's approved text (approved.py) is the same however its YAML is indented or commented: its title, each
block's words (with the types it is tailored to), then each reference it cites as printed, then each glossary
entry its words use. The fingerprint is a hash of its lines.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..content import inline
from ..content.model import Content, Packet, PacketSection
from ..content.references import format_ama
from ..options import SETTINGS
from .approved import ApprovedText, Words

TAG = re.compile(r"<[^>]+>")


def approved_text(content: Content, section_id: str) -> ApprovedText:
    """Return a section's patient-visible text, every type's blocks with the types they are for."""
    section = content.sections[section_id]
    short = (Words("short_title", section.short_title),) if section.short_title else ()  # the running header
    words = short + tuple(Words(name, text, tuple(block.types or ())) for block in section.blocks
                          for name, text in _leaves(block.model_dump(exclude={"types"})))
    texts = [section.title, *(w.text for w in words)]
    keys = dict.fromkeys(key for text in texts for key in inline.citation_keys(text))
    references = tuple((key, reference_text(content, key)) for key in keys if key in content.references)
    said = " ".join(inline.plain(text) for text in texts)
    folded = said.casefold()  # a word that is not even in the text needs no search
    glossary = tuple((entry.term, entry.means) for entry in content.glossary.terms
                     if any(w.casefold() in folded for w in entry.words())
                     and re.search("|".join(rf"\b{re.escape(w)}\b" for w in entry.words()), said, re.IGNORECASE))
    return ApprovedText(section.title, tuple(section.types or ()), words, references, glossary)


def reference_text(content: Content, key: str) -> str:
    """Return a reference as printed in the bibliography, without HTML."""
    return html.unescape(TAG.sub("", str(format_ama(content.references[key], content.spec.labels))))


def _leaves(value: Any, name: str = "") -> Iterator[tuple[str, str]]:
    """Yield (field name, text) for each value of dumped block data; a table row is one line."""
    if isinstance(value, dict):
        for key, item in value.items():
            if item is not None:
                yield from _leaves(item, key if not name else f"{name}.{key}")
    elif isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value) and name.endswith(
            ".rows"):
        yield name, " | ".join(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item, name)
    else:
        yield name, str(value)


def section_fingerprints(content: Content) -> dict[str, str]:
    """Return every section's fingerprint (computed once per loaded content)."""
    if "fingerprints" not in content.memo:
        content.memo["fingerprints"] = {sid: approved_text(content, sid).fingerprint() for sid in content.sections}
    return content.memo["fingerprints"]


def document_id(content: Content, packet: Packet) -> str:
    """Return a packet's short document ID: the same words give the same ID, any patient-visible change a new one.

    Made from the packet's fixed words and what it shows of each setting declared `document_id=True` (options.py:
    its type, language, clinic's details and sections' fingerprints: text, cited references, glossary words);
    never from the patient's name, the cover date, the paper or the print size.
    """
    prints = section_fingerprints(content)
    words = [packet.spec.model_dump_json(exclude={"translated_from", "example"}),
             *(f"{s.name}: {shown_words(getattr(packet, s.name), prints)}" for s in SETTINGS.values() if s.document_id)]
    digest = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:12].upper()
    return f"{digest[:4]}-{digest[4:8]}-{digest[8:]}"


#: What is not a patient-visible word of a part of a packet: bookkeeping (translation hash, order, default mark)
#: and the clinic's logo file.
NOT_WORDS = {"translated_from", "order", "default", "logo"}


def shown_words(value: Any, prints: dict[str, str]) -> str:
    """Return what a packet shows of one setting: a model's words, its sections' fingerprints, or the value."""
    if isinstance(value, BaseModel):
        return value.model_dump_json(exclude=NOT_WORDS)
    if isinstance(value, tuple) and all(isinstance(item, PacketSection) for item in value):
        return " ".join(f"{section.id}={prints[section.id]}" for section in value)
    return str(value)
