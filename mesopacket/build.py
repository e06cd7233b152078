"""The one pipeline: content -> references -> HTML -> finished PDF (checked) -> file."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from .content import Packet, load_content
from .errors import ContentError
from .glossary import terms_used
from .options import STYLES_DIR, Options, default_output_name
from .references import bibliography
from .render import View, render_html
from .review import review_state


@dataclass(frozen=True)
class Built:
    """A finished packet: its PDF bytes and what went into it."""

    pdf: bytes
    html: str
    packet: Packet
    pages: int


def bookmarks(view: View) -> list[str]:
    """Return the bookmark titles a packet must have: contents, each section, glossary, references."""
    labels = view.packet.spec.labels
    glossary = [labels.glossary] if view.terms else []
    return [labels.contents, *(s.title for s in view.packet.sections), *glossary, labels.references]


def packet_view(options: Options) -> View:
    """Validate all content and gather what one packet shows."""
    content = load_content(options)
    packet = content.packet(options.type, options.sections)
    review = review_state(packet, options.today or datetime.date.today())
    if options.require_review and (review.draft or review.example):
        unreviewed = ", ".join(review.missing + review.overdue) or "all (example content)"
        raise ContentError(f"--require-review: content is not medically reviewed or is overdue: {unreviewed}")
    return View(packet, bibliography(packet), terms_used(packet), review, options.paper, options.stylesheets(),
                logo=content.logo, patient_name=options.patient_name, date=options.date)


def build_html(options: Options) -> tuple[View, str]:
    """Render one packet's HTML (the deterministic intermediate)."""
    view = packet_view(options)
    return view, render_html(view, options.project)


def build(options: Options) -> Built:
    """Build one packet in memory; nothing is written."""
    from .finish import Finisher
    from .pdf import check_stylesheets, render_pdf

    view, html = build_html(options)
    check_stylesheets(options.project, [f"{STYLES_DIR}/{name}" for name in options.stylesheets()])
    finisher = Finisher()
    pdf = render_pdf(html, options.project, finisher)
    return Built(pdf, html, view.packet, finisher.check(bookmarks(view)))


def output_path(options: Options, packet: Packet) -> Path:
    """Return where a packet goes: the chosen path, or a default name without patient data."""
    return options.output or default_output_name(options, packet.type_id)
