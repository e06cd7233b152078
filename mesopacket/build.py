"""The one pipeline: content -> references -> HTML -> finished PDF (checked) -> file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import Packet, load_content
from .options import STYLES_DIR, STYLESHEETS, Options, default_output_name
from .references import bibliography
from .render import render_html


@dataclass(frozen=True)
class Built:
    """A finished packet: its PDF bytes and what went into it."""

    pdf: bytes
    html: str
    packet: Packet
    pages: int


def bookmarks(packet: Packet) -> list[str]:
    """Return the bookmark titles a packet must have: contents, each section, references."""
    labels = packet.spec.labels
    return [labels.contents, *(s.title for s in packet.sections), labels.references]


def build_html(options: Options) -> tuple[Packet, str]:
    """Validate all content and render one packet's HTML (the deterministic intermediate)."""
    content = load_content(options)
    packet = content.packet(options.type)
    return packet, render_html(packet, bibliography(packet), options.project, options.paper, STYLESHEETS)


def build(options: Options) -> Built:
    """Build one packet in memory; nothing is written."""
    from .finish import Finisher
    from .pdf import check_stylesheets, render_pdf

    packet, html = build_html(options)
    check_stylesheets(options.project, [f"{STYLES_DIR}/{name}" for name in STYLESHEETS])
    finisher = Finisher()
    pdf = render_pdf(html, options.project, finisher)
    return Built(pdf, html, packet, finisher.check(bookmarks(packet)))


def output_path(options: Options, packet: Packet) -> Path:
    """Return where a packet goes: the chosen path, or a default name without patient data."""
    return options.output or default_output_name(packet.type_id, options.lang, options.paper)
