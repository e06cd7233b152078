"""Translations: which English text each translated file was made from, and whether that text has changed.

A translated file (`handouts/es/sections/symptoms.yaml`) has the same name and the same blocks, in the same
order, as its English source, and records `translated_from:` the source's text_hash(). When the English text
changes, the hash no longer matches and `check --lang es` reports the translation as stale.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel

from ..content.model import Content
from ..options import LANGUAGE

UNTRANSLATED = {"translated_from", "review", "types", "order", "default", "example"}


def text_hash(model: BaseModel) -> str:
    """Return a short hash of a file's words (review dates and tailoring do not count; a section without a
    short title hashes as it did before short titles existed)."""
    unset = {"short_title"} if getattr(model, "short_title", "") is None else set()
    data = model.model_dump_json(exclude=UNTRANSLATED | unset)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def translation_pairs(content: Content, source: Content) -> list[tuple[str, BaseModel | None, BaseModel]]:
    """Return (file, translated model, English model) for each translatable file of the source language."""
    src = content.sources
    pairs: list[tuple[Path, BaseModel | None, BaseModel]] = [
        (src.packet, content.spec, source.spec), (src.glossary, content.glossary, source.glossary)]
    pairs += [(src.type_file(t), content.types.get(t), m) for t, m in source.types.items()]
    pairs += [(src.section_file(s), content.sections.get(s), m) for s, m in source.sections.items()]
    return [(src.shown(path), translated, english) for path, translated, english in pairs]


def stale_translations(content: Content, source: Content) -> list[tuple[str, str]]:
    """Return (file, problem) for each translation that is missing, unmarked or made from older English."""
    if content.lang == LANGUAGE:
        return []
    found = []
    for file, translated, english in translation_pairs(content, source):
        current = text_hash(english)
        if translated is None:
            found.append((file, f"missing: there is no translation of the {LANGUAGE} file"))
        elif getattr(translated, "translated_from", None) != current:
            found.append((file, f"stale: the {LANGUAGE} text changed since it was translated "
                                f"(translated_from: {getattr(translated, 'translated_from', None)}; now {current})"))
    return found
