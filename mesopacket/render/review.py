"""Review state: when the content was reviewed, when it is due again, and whether it is a draft."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..content.model import Packet


@dataclass(frozen=True)
class ReviewState:
    """The review state of one packet on one day."""

    reviewed_on: datetime.date | None  # the oldest review among its sections
    next_review: datetime.date | None  # the soonest next review among its sections
    missing: tuple[str, ...]  # sections with no review recorded
    overdue: tuple[str, ...]  # sections whose next review is in the past
    example: bool  # shipped example content that a clinic has not yet taken over

    @property
    def draft(self) -> bool:
        """Content with a section unreviewed or overdue must not pass for approved material."""
        return bool(self.missing or self.overdue)


def review_state(packet: Packet, today: datetime.date) -> ReviewState:
    """Work out the review state of a packet's sections as of `today`."""
    reviews = [s.review for s in packet.sections if s.review]
    return ReviewState(
        reviewed_on=min((r.reviewed_on for r in reviews), default=None),
        next_review=min((r.next_review for r in reviews), default=None),
        missing=tuple(s.id for s in packet.sections if s.review is None),
        overdue=tuple(s.id for s in packet.sections if s.review and s.review.next_review < today),
        example=packet.spec.example,
    )
