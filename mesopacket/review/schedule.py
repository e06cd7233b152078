"""When a sign-off falls due again: `--next 6m`, `1y` or a date, counted from the day of the sign-off."""

from __future__ import annotations

import datetime
import re

INTERVAL = re.compile(r"^(\d{1,3})([my])$")


def parse_next(text: str) -> str | datetime.date:
    """Read when the next review is due: '6m', '1y' or a date (ValueError otherwise)."""
    if INTERVAL.match(text):
        return text
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not like 6m, 1y or 2027-11-24") from None


def next_date(today: datetime.date, given: str | datetime.date) -> datetime.date:
    """Return the next-review date: a date as given, or today plus months or years (the month's last day at most)."""
    if isinstance(given, datetime.date):
        return given
    match = INTERVAL.match(given)
    if match is None:
        raise ValueError(given)
    months = int(match[1]) * (12 if match[2] == "y" else 1)
    year, month = divmod(today.month - 1 + months, 12)
    for day in range(today.day, 0, -1):
        try:
            return datetime.date(today.year + year, month + 1, day)
        except ValueError:
            continue
    raise ValueError(given)
