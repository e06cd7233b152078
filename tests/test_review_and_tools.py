"""Review state printed on paper, the DRAFT mark, and the glossary and tool pages of every packet."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import TYPES, flat, page_texts, run
from test_bad_input import SECTION, edit

EXAMPLE = "EXAMPLE - awaiting your clinic's review"
DRAFT = "DRAFT - not medically reviewed"


def build(project: Path, out: Path, *extra: str) -> list[str]:
    """Build the default packet of a project and return its page texts."""
    result = run("build", "--project", project, "-o", out, "--today", "2026-11-24", *extra)
    assert result.status == 0, result.err
    return [flat(text) for text in page_texts(out)]


def test_shipped_packet_shows_review_dates_and_example_mark(shipped: dict[str, Path]) -> None:
    pages = [flat(text) for text in page_texts(shipped["pleural"])]
    assert "Reviewed November 24, 2026 - next review May 24, 2027" in pages[0]
    assert all(EXAMPLE in page for page in pages), [i for i, p in enumerate(pages, 1) if EXAMPLE not in p]
    assert not any(DRAFT in page for page in pages)


def test_overdue_review_prints_draft_on_every_page(project: Path, tmp_path: Path) -> None:
    edit(project / SECTION, "next_review: 2027-05-24", "next_review: 2026-06-30")
    pages = build(project, tmp_path / "p.pdf")
    assert all(DRAFT in page for page in pages), [i for i, p in enumerate(pages, 1) if DRAFT not in p]


def test_missing_review_prints_draft_on_every_page(project: Path, tmp_path: Path) -> None:
    edit(project / SECTION, "review:\n  reviewed_on: 2026-11-24\n", "x_review:\n  reviewed_on: 2026-11-24\n")
    text = (project / SECTION).read_text()
    (project / SECTION).write_text("".join(line for line in text.splitlines(keepends=True)
                                           if not line.startswith(("x_review", "  reviewe", "  next_review"))))
    pages = build(project, tmp_path / "p.pdf")
    assert all(DRAFT in page for page in pages)


def test_reviews_fall_due_with_time(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    assert run("build", "-o", out, "--today", "2027-06-01").status == 0
    assert all(DRAFT in flat(page) for page in page_texts(out))


def test_reviewed_content_prints_no_mark_and_passes_require_review(project: Path, tmp_path: Path) -> None:
    edit(project / "handouts/en/packet.yaml", "example: true", "example: false")
    pages = build(project, tmp_path / "p.pdf", "--require-review")
    assert not any(DRAFT in page or EXAMPLE in page for page in pages)
    assert "Reviewed November 24, 2026 - next review May 24, 2027" in pages[0]


@pytest.mark.parametrize("today, unreviewed", [("2026-11-24", "all (example content)"),
                                               ("2027-06-01", "what-stage-4-means, symptoms")])
def test_require_review_refuses_unapproved_content(tmp_path: Path, today: str, unreviewed: str) -> None:
    out = tmp_path / "p.pdf"
    result = run("build", "-o", out, "--require-review", "--today", today)
    assert result.status == 2
    assert result.err.startswith("error: --require-review: content is not medically reviewed or is overdue: "
                                 + unreviewed), result.err
    assert not out.exists()


@pytest.mark.parametrize("type_id", TYPES)
def test_every_packet_has_glossary_diary_questions_and_notes(shipped: dict[str, Path], type_id: str) -> None:
    reader = PdfReader(shipped[type_id])
    starts = [reader.get_destination_page_number(item) for item in reader.outline] + [len(reader.pages)]
    pages = {item.title: flat(" ".join(p.extract_text() for p in reader.pages[start:max(start + 1, end)]))
             for item, start, end in zip(reader.outline, starts, starts[1:])}
    for title in ("Symptom diary", "Questions for your care team", "Notes", "Words to know"):
        assert title in pages, title
    diary = pages["Symptom diary"]
    assert all(word in diary for word in ("Breathlessness", "Pain", "Appetite", "Sleep", "Fever", "Day 7"))
    assert "0 means" in diary and "10 means" in diary
    assert "Mesothelioma A cancer of the thin lining" in pages["Words to know"]
    assert ("Pleurodesis" in pages["Words to know"]) == (type_id == "pleural")
    assert ("Pericardiocentesis" in pages["Words to know"]) == (type_id == "pericardial")
