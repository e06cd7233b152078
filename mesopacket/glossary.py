"""Medical words in a packet: which glossary terms it uses, and whether each is explained at first use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import inline
from .content import Packet, PacketSection
from .readability import sentences
from .references import located_texts
from .schema import Block, GlossaryEntry

#: (English and Spanish cues.) A sentence explains a word when the word is followed by ":", ",", "(", a dash, "is", "are" or "means",
#: follows "called", "call this", "known as" or "named" ("It starts in the pleura, the thin lining ..."), or
#: opens a sentence about it ("Palliative care focuses on your comfort."). The sentence after the first use,
#: in the same text, may be the one that explains ("... reached lymph nodes. Lymph nodes are small glands.").
AFTER = r"\s*(?:[:,(\u2013\u2014]|-\s|(?:is|are|means|mean|es|son|significa|quiere decir)\b)"
BEFORE = (r"\b(?:called|call (?:this|it|them)(?: \w+)?|known as|named"
          r"|llamad[oa]s?|se llaman?|llaman a esto(?: \w+)?|conocid[oa]s? como)\s+")


#: Blocks that preview a topic rather than explain it: a word is explained where the body first uses it.
PREVIEW_BLOCKS = ("heading", "key_points")


@dataclass(frozen=True)
class Use:
    """Where a packet first uses a word: the sentence, and the one after it in the same text."""

    section: PacketSection
    index: int
    block: Block
    sentence: str
    following: str = ""


def word_pattern(word: str) -> re.Pattern[str]:
    """Match a word or phrase on word boundaries, any case."""
    return re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)


def first_use(packet: Packet, words: list[str]) -> Use | None:
    """Return where the packet's body first uses any of the words (a preview only when nothing else does)."""
    uses = list(_uses(packet, words))
    return next((use for use in uses if use.block.kind not in PREVIEW_BLOCKS), uses[0] if uses else None)


def _uses(packet: Packet, words: list[str]) -> Iterator[Use]:
    """Yield the first use of the words in each text of the packet, in reading order."""
    patterns = [word_pattern(w) for w in words]
    for section, index, block, text in located_texts(packet):
        said = sentences(inline.plain(text))
        for number, sentence in enumerate(said):
            if any(p.search(sentence) for p in patterns):
                yield Use(section, index, block, sentence, said[number + 1] if number + 1 < len(said) else "")
                break


def explained(use: Use, entry: GlossaryEntry) -> bool:
    """Tell whether the first use of a term explains it in plain words."""
    if use.block.kind == "terms":
        return True
    for word in entry.words():
        w = re.escape(word)
        for sentence in (use.sentence, use.following):
            if re.search(rf"\b{w}\b{AFTER}|{BEFORE}{w}\b|^{w}\b(\s+\w+){{3}}", sentence, re.IGNORECASE):
                return True
    return False


def terms_used(packet: Packet) -> list[GlossaryEntry]:
    """Return the glossary entries the packet uses, alphabetically: its 'Words to know' page."""
    used = [entry for entry in packet.glossary.terms if first_use(packet, entry.words())]
    return sorted(used, key=lambda entry: entry.term.lower())
