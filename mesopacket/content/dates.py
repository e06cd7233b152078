"""Dates as a reader of each language expects to see them (the words come from the content's labels)."""

from __future__ import annotations

import datetime

from .schema import Labels


def long_date(day: datetime.date, labels: Labels) -> str:
    """Return 'May 18, 2015' or '18 de mayo de 2015', as the language's labels say (independent of locale)."""
    return labels.date_format.replace("{month}", labels.months[day.month - 1]).replace(
        "{day}", str(day.day)).replace("{year}", str(day.year))
