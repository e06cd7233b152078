"""Medical words in a packet: which glossary terms it uses, and whether each is explained at first use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import inline
from .model import Packet, PacketSection
from .schema import Block, GlossaryEntry
from .texts import located_texts, sentences

#: A sentence explains a word (English and Spanish cues) when the word:
#: - is followed by ":", ",", "(", a dash, "is", "are" or "means" ("It starts in the pleura, the thin lining");
#: - follows "called", "call this", "known as" or "named"; or
#: - opens a sentence about it ("Palliative care focuses on your comfort.").
#: The sentence after the first use, in the same text, may be the one that explains
#: ("... reached lymph nodes. Lymph nodes are small glands.").
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


Said = list[tuple[PacketSection, int, Block, list[str]]]  # each text of a packet, split into sentences


def said_in(packet: Packet) -> Said:
    """Split every text of a packet into plain sentences, once."""
    return [(section, index, block, sentences(inline.plain(text)))
            for section, index, block, text in located_texts(packet)]


def first_use(packet: Packet | Said, words: list[str]) -> Use | None:
    """Return where the packet's body first uses any of the words (a preview only when nothing else does)."""
    uses = list(_uses(said_in(packet) if isinstance(packet, Packet) else packet, words))
    return next((use for use in uses if use.block.kind not in PREVIEW_BLOCKS), uses[0] if uses else None)


def _uses(said: Said, words: list[str]) -> Iterator[Use]:
    """Yield the first use of the words in each text, in reading order."""
    pattern = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in words), re.IGNORECASE)
    for section, index, block, text in said:
        for number, sentence in enumerate(text):
            if pattern.search(sentence):
                yield Use(section, index, block, sentence, text[number + 1] if number + 1 < len(text) else "")
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
    said = said_in(packet)
    used = [entry for entry in packet.glossary.terms if first_use(said, entry.words())]
    return sorted(used, key=lambda entry: entry.term.lower())
