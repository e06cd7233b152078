"""What a sign-off approves: a section's patient-visible text, and the fingerprints and document IDs made from it.

A section's approved text is a list of lines, the same however its YAML is indented or commented:
    title: Symptoms and what to do about them
    paragraph: Fluid can build up around your lungs [@acs-palliative-2015].
    paragraph (pleural): Only pleural packets show this paragraph.
    reference acs-palliative-2015: American Cancer Society. Palliative procedures ... (its AMA entry)
    glossary Pleura: the thin lining around your lungs.
Each block's words (with the types it is tailored to), then each reference it cites as printed, then each
glossary entry its words use. The fingerprint is a hash of these lines (content/signoffs.py).
"""

from __future__ import annotations

import datetime
import hashlib
import html
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from ..content import inline
from ..content.model import Content, Packet, PacketSection
from ..content.signoffs import SignOff, text_fingerprint
from ..errors import ContentError
from ..options import SETTINGS
from .references import format_ama

TAG = re.compile(r"<[^>]+>")


def approved_text(content: Content, section_id: str) -> list[str]:
    """Return a section's patient-visible text as lines, every type's blocks with the types they are for."""
    section = content.sections[section_id]
    lines = [f"title: {section.title}"] + ([f"short title: {section.short_title}"] if section.short_title else [])
    if section.types:
        lines.append(f"in packets: {', '.join(section.types)}")
    for block in section.blocks:
        tag = f" ({', '.join(block.types)})" if block.types else ""
        lines += [f"{name}{tag}: {text}" for name, text in _leaves(block.model_dump(exclude={"types"}))]
    texts = [line.split(": ", 1)[1] for line in lines]
    keys = dict.fromkeys(key for text in texts for key in inline.citation_keys(text))
    lines += [f"reference {key}: {reference_text(content, key)}" for key in keys if key in content.references]
    said = " ".join(inline.plain(text) for text in texts)
    lines += [f"glossary {entry.term}: {entry.means}" for entry in content.glossary.terms
              if re.search("|".join(rf"\b{re.escape(w)}\b" for w in entry.words()), said, re.IGNORECASE)]
    return lines


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
        content.memo["fingerprints"] = {sid: text_fingerprint(approved_text(content, sid)) for sid in content.sections}
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


def sign(content: Content, section_id: str, reviewer: str, reviewed_on: datetime.date, next_review: datetime.date,
         kind: str, summary: str | None = None) -> SignOff:
    """Return a sign-off of a section's current patient-visible text (a bad date or kind raises ContentError)."""
    text = approved_text(content, section_id)
    try:
        return SignOff(reviewer=reviewer, reviewed_on=reviewed_on, next_review=next_review, kind=kind,
                       summary=summary or None, fingerprint=text_fingerprint(text), text=text)
    except ValidationError as err:
        raise ContentError(f"cannot sign '{section_id}': " + "; ".join(
            e["msg"].removeprefix("Value error, ") for e in err.errors())) from None
