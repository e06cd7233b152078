"""What the shipped content must say, read back from every packet's PDF in both languages.

These are content tests: they name the words a clinical reviewer asked for (the safety items, hospice, advance
directives, compensation, caregivers, mood, the type-specific danger signs), so a content edit that drops one of
them fails here. Code tests use the small project instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mesopacket.content.language import load_clinic, load_content
from mesopacket.content.loader import Loader
from mesopacket.options import DEFAULT_CLINIC, LANGUAGE, PROJECT_ROOT, Options

from conftest import TYPES, flat, page_texts, version_file

#: Each requirement as one pattern per language (case-insensitive), found in every type's packet.
EVERY_PACKET = {
    "fever threshold": {"en": r"100\.4\s*°F \(38\s*°C\)", "es": r"100\.4\s*°F \(38\s*°C\)"},
    "immunotherapy: diarrhea": {"en": r"diarrhea", "es": r"diarrea"},
    "immunotherapy: rash": {"en": r"\brash\b", "es": r"sarpullido"},
    "immunotherapy: extreme tiredness": {"en": r"extremely tired", "es": r"mucho cansancio"},
    "911 for severe trouble breathing": {"en": r"Call 911 .{0,40}severe trouble breathing",
                                         "es": r"Llame al 911 .{0,60}le cuesta mucho respirar"},
    "spinal cord pressure": {"en": r"new back or neck pain, weak or numb legs",
                             "es": r"dolor nuevo de espalda o cuello, piernas"},
    "hospice": {"en": r"\bhospice\b", "es": r"\bhospicio\b"},
    "hospice before 911": {"en": r"hospice team first", "es": r"equipo de hospicio"},
    "advance directive": {"en": r"advance directive", "es": r"directiva anticipada"},
    "health-care proxy": {"en": r"health-care proxy", "es": r"representante para decisiones de salud"},
    "asbestos trust funds": {"en": r"trust funds?", "es": r"fondos para pagar"},
    "a lawyer and time limits": {"en": r"lawyer", "es": r"abogad[oa]"},
    "VA claims": {"en": r"Veterans", "es": r"Veteranos"},
    "caregivers": {"en": r"caregivers?", "es": r"quienes cuidan"},
    "depression and anxiety": {"en": r"depression", "es": r"depresión"},
}
#: Danger signs that belong to one type's packet only.
ONLY_IN = {
    "peritoneal": {"en": r"bowel may be blocked", "es": r"intestino.{0,30}bloqueado"},
    "pericardial": {"en": r"squeezing your heart", "es": r"apretar el corazón"},
}


def packet_text(shipped_batch: tuple[Path, Path], type_id: str, lang: str) -> str:
    """Return the whole text of one standard Letter packet, as one line."""
    _, out = shipped_batch
    return flat(" ".join(page_texts(out / version_file(type_id, lang, False, "letter"))))


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("type_id", TYPES)
def test_every_packet_says_what_a_clinic_needs(shipped_batch: tuple[Path, Path], type_id: str, lang: str) -> None:
    text = packet_text(shipped_batch, type_id, lang)
    missing = [name for name, patterns in EVERY_PACKET.items() if not re.search(patterns[lang], text, re.I)]
    assert not missing, f"{type_id} {lang}: {missing}"
    for only, patterns in ONLY_IN.items():
        assert bool(re.search(patterns[lang], text, re.I)) == (type_id == only), (only, type_id, lang)


@pytest.mark.parametrize("type_id", TYPES)
def test_a_when_to_call_card_comes_near_the_front(shipped_batch: tuple[Path, Path], type_id: str) -> None:
    _, out = shipped_batch
    pages = page_texts(out / version_file(type_id, "en", False, "letter"))
    content = load_content(Options())
    packet = content.packet(type_id)
    ids = [section.id for section in packet.sections]
    card, after = (packet.sections[ids.index("when-to-call") + k].title for k in (0, 1))
    labels = content.spec.labels
    assert any(page.startswith(card) for page in pages[2:5]), "the card is not among the first pages"
    start = next(number for number, page in enumerate(pages) if page.startswith(card))
    assert any(page.startswith(after) for page in pages[start + 1:start + 3]), "the card runs over two pages"
    # Its call box is whole on one page: its title, its signs and the clinic's phone line (a card by the phone).
    box = [flat(page) for page in pages[start:start + 2] if labels.urgent in flat(page)]
    phone = f"{packet.clinic.name}: {packet.clinic.phone}"
    assert len(box) == 1 and phone in box[0], "the card's call box is split across pages"


def english_only_words() -> list[str]:
    """Return the clinic profile's and labels' English texts that have a Spanish text of their own."""
    loader = Loader(PROJECT_ROOT)
    english = load_clinic(loader, PROJECT_ROOT / DEFAULT_CLINIC, LANGUAGE)
    spanish = load_clinic(loader, PROJECT_ROOT / DEFAULT_CLINIC, "es")
    pairs = [(english.name, spanish.name), *((a.role, b.role) for a, b in zip(english.contacts, spanish.contacts)),
             *((a.name, b.name) for a, b in zip(english.resources, spanish.resources)),
             *((a.about, b.about) for a, b in zip(english.resources, spanish.resources))]
    labels = load_content(Options()).spec.labels.model_dump()
    spanish_labels = load_content(Options(lang="es")).spec.labels.model_dump()
    pairs += [(labels[k], spanish_labels[k]) for k in ("contents", "references", "key_points", "urgent", "glossary",
                                                        "main_phone", "after_hours", "talk_to_team")]
    return [a for a, b in pairs if a and a != b]


@pytest.mark.parametrize("type_id", TYPES)
def test_spanish_packets_print_no_english_clinic_or_label_text(shipped_batch: tuple[Path, Path], type_id: str) -> None:
    words = english_only_words()
    assert len(words) > 10
    text = packet_text(shipped_batch, type_id, "es")
    assert [w for w in words if w in text] == []
    assert all(w in packet_text(shipped_batch, type_id, "en") for w in words[:4])  # the markers are really printed
