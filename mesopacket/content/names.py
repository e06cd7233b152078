"""A patient's name is checked before any render: the packet prints every character of it, or the build stops.

The name is never repeated in a message (it may be logged), and neither are the characters that were refused.
"""

from __future__ import annotations

import functools
from pathlib import Path

from fontTools.ttLib import TTFont

from ..errors import OptionError
from ..options import MAX_NAME, NAME_FONT, STYLES_DIR

#: What each problem says on the command line; the staff form says it in its own words (by code).
MESSAGES = {
    "too_long": f"the patient's name is too long (the limit is {MAX_NAME} characters)",
    "control": "the patient's name holds a control character (a tab, a line break or similar)",
    "font": "the patient's name has letters the packet's font cannot print (it prints Latin, Greek and Cyrillic "
            "letters); write the name in those letters, or leave it out and write it on the printed cover",
}


def name_problem(name: str, project: Path) -> str | None:
    """Return what is wrong with a patient's name ('too_long', 'control', 'font'), or None when it prints."""
    if len(name) > MAX_NAME:
        return "too_long"
    if not name.isprintable():
        return "control"
    font = project / STYLES_DIR / NAME_FONT
    glyphs = _glyphs(font) if font.is_file() else None  # no font: the render itself reports it
    if glyphs is not None and any(ord(ch) not in glyphs for ch in name if ch != " "):
        return "font"
    return None


def check_name(name: str | None, project: Path) -> None:
    """Raise OptionError when a patient's name cannot be printed as given."""
    problem = name_problem(name, project) if name else None
    if problem:
        raise OptionError(MESSAGES[problem], "patient_name", problem)


@functools.lru_cache(maxsize=4)
def _glyphs(font: Path) -> frozenset[int]:
    """Return the characters a font has glyphs for (fontTools comes with WeasyPrint)."""
    return frozenset(TTFont(font, lazy=True).getBestCmap())
