"""The texts of a packet in reading order, each with where it stands, and prose split into sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .model import Packet, PacketSection
from .schema import Block

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def located_texts(packet: Packet) -> Iterator[tuple[PacketSection, int, Block, str]]:
    """Yield (section, block index in its file, block, text) for every text, in reading order."""
    for section in packet.sections:
        for index, block in zip(section.indexes, section.blocks):
            for text in _strings(block.model_dump(exclude={"types"})):
                yield section, index, block, text


def packet_texts(packet: Packet) -> Iterator[str]:
    """Yield every text of the packet's sections in reading order."""
    for _section, _index, _block, text in located_texts(packet):
        yield text


def _strings(value: Any) -> Iterator[str]:
    """Yield the strings inside dumped model data, in field order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def sentences(prose: str) -> list[str]:
    """Split prose into sentences at end marks."""
    return [s for s in SENTENCE_END.split(prose) if s.strip()]
