"""The HTML of the small project matches the golden files (refresh them with `python tests/golden.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from golden import CASES, GOLDEN, golden_html


@pytest.mark.parametrize("name", CASES)
def test_html_matches_the_golden_file(small: Path, name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert golden_html(small, CASES[name]) == expected, f"run `python tests/golden.py` if {name} changed on purpose"


def test_a_template_change_shows_in_the_html(small: Path) -> None:
    template = small / "templates/packet.html"
    template.write_text(template.read_text().replace("<body>", "<body class=\"changed\">"))
    assert golden_html(small, CASES["small-alpha.html"]) != (GOLDEN / "small-alpha.html").read_text(encoding="utf-8")
