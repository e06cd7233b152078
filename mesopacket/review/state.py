"""Review state: which sections are signed off for the text they show, when they are due again, and whether the
packet is a draft."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..content.model import Packet
from .signoffs import SignOff


@dataclass(frozen=True)
class Signed:
    """One section's sign-off as a packet reports it (cover, XMP metadata, download page)."""

    section: str
    title: str
    reviewer: str
    reviewed_on: datetime.date
    next_review: datetime.date
    kind: str
    summary: str | None


@dataclass(frozen=True)
class ReviewState:
    """The review state of one packet on one day."""

    reviewed_on: datetime.date | None  # the oldest sign-off among its sections
    next_review: datetime.date | None  # the soonest next review among its sections
    missing: tuple[str, ...]  # sections with no sign-off
    overdue: tuple[str, ...]  # sections whose next review is in the past
    example: bool  # shipped example content that a clinic has not yet taken over
    changed: tuple[str, ...] = ()  # sections whose text changed since their sign-off
    signed: tuple[Signed, ...] = ()  # the sign-offs of its sections, in packet order

    @property
    def draft(self) -> bool:
        """Content with a section unsigned, changed since review or overdue must not pass for approved material."""
        return bool(self.missing or self.overdue or self.changed)

    def reasons(self) -> list[str]:
        """Return each section that makes the packet a draft, with why."""
        return ([f"{sid} (not signed off)" for sid in self.missing] + [f"{sid} (changed since review)" for sid in
                self.changed] + [f"{sid} (review overdue)" for sid in self.overdue])


def review_state(packet: Packet, signoffs: dict[str, SignOff], fingerprints: dict[str, str],
                 today: datetime.date) -> ReviewState:
    """Work out the review state of a packet's sections as of `today` from their sign-offs and current text."""
    found = {s.id: signoffs[s.id] for s in packet.sections if s.id in signoffs}
    return ReviewState(
        reviewed_on=min((r.reviewed_on for r in found.values()), default=None),
        next_review=min((r.next_review for r in found.values()), default=None),
        missing=tuple(s.id for s in packet.sections if s.id not in found),
        overdue=tuple(sid for sid, r in found.items() if r.next_review < today),
        example=packet.spec.example,
        changed=tuple(sid for sid, r in found.items() if r.fingerprint != fingerprints[sid]),
        signed=tuple(Signed(s.id, s.title, r.reviewer, r.reviewed_on, r.next_review, r.kind, r.summary)
                     for s in packet.sections if (r := found.get(s.id)) is not None),
    )
