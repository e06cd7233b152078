"""Dates as a reader expects to see them."""

from __future__ import annotations

import datetime

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(day: datetime.date) -> str:
    """Return 'May 18, 2015' (independent of the machine's locale)."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
