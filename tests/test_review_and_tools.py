"""Review state printed on paper, the DRAFT mark, and the glossary and tool pages of every packet."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from mesopacket.content.dates import long_date
from mesopacket.content.glossary import terms_used
from mesopacket.content.language import load_content
from mesopacket.options import Options
from mesopacket.pipeline import plan

from conftest import TYPES, edit, flat, page_texts, run

EXAMPLE = "EXAMPLE - awaiting your clinic's review"
DRAFT = "DRAFT - not medically reviewed"
SIGNOFFS = "handouts/signoffs.yaml"
SMALL_REVIEWED = "Reviewed November 1, 2026 - next review November 1, 2027"


def build(project: Path, out: Path, *extra: str) -> list[str]:
    """Build the default packet of a project and return its page texts."""
    result = run("build", "--project", project, "-o", out, "--today", "2026-11-24", *extra)
    assert result.status == 0, result.err
    return [flat(text) for text in page_texts(out)]


def test_shipped_packet_shows_review_dates_and_example_mark(shipped: dict[str, Path]) -> None:
    pages = [flat(text) for text in page_texts(shipped["pleural"])]
    review = plan(Options(type="pleural")).review
    labels = load_content(Options()).spec.labels
    assert review.reviewed_on and review.next_review
    assert (f"Reviewed {long_date(review.reviewed_on, labels)} - next review "
            f"{long_date(review.next_review, labels)}") in pages[0]
    assert all(EXAMPLE in page for page in pages), [i for i, p in enumerate(pages, 1) if EXAMPLE not in p]
    assert not any(DRAFT in page for page in pages)


def test_overdue_review_prints_draft_on_every_page(small: Path, tmp_path: Path) -> None:
    edit(small / SIGNOFFS, "reviewed_on: 2026-11-01\n    next_review: 2027-11-01",
         "reviewed_on: 2025-11-01\n    next_review: 2026-06-30")  # en, topic
    pages = build(small, tmp_path / "p.pdf")
    assert all(DRAFT in page for page in pages), [i for i, p in enumerate(pages, 1) if DRAFT not in p]


def test_missing_review_prints_draft_on_every_page(small: Path, tmp_path: Path) -> None:
    text = (small / SIGNOFFS).read_text()
    (small / SIGNOFFS).write_text(text[:text.index("  topic:\n")] + text[text.index("  tools:\n"):])
    pages = build(small, tmp_path / "p.pdf")
    assert all(DRAFT in page for page in pages)


def test_reviews_fall_due_with_time(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    assert run("build", "--project", small, "-o", out, "--today", "2027-11-02").status == 0
    assert all(DRAFT in flat(page) for page in page_texts(out))


def test_reviewed_content_prints_no_mark_and_passes_require_review(small: Path, tmp_path: Path) -> None:
    pages = build(small, tmp_path / "p.pdf", "--require-review")
    assert not any(DRAFT in page or EXAMPLE in page for page in pages)
    assert SMALL_REVIEWED in pages[0]


def test_require_review_refuses_example_content(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    result = run("build", "-o", out, "--require-review", "--today", "2026-11-24")
    assert result.status == 2
    assert result.err.strip() == ("error: --require-review: content is not medically reviewed or is overdue: "
                                  "all (example content)"), result.err
    assert not out.exists()


def test_require_review_refuses_overdue_sections(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    result = run("build", "--project", small, "-o", out, "--require-review", "--today", "2027-11-02")
    assert result.status == 2
    assert result.err.strip() == ("error: --require-review: content is not medically reviewed or is overdue: "
                                  "topic (review overdue), tools (review overdue)"), result.err
    assert not out.exists()


@pytest.mark.parametrize("type_id", TYPES)
def test_every_packet_has_glossary_diary_questions_and_notes(shipped: dict[str, Path], type_id: str) -> None:
    reader = PdfReader(shipped[type_id])
    starts = [reader.get_destination_page_number(item) for item in reader.outline] + [len(reader.pages)]
    pages = {item.title: flat(" ".join(p.extract_text() for p in reader.pages[start:max(start + 1, end)]))
             for item, start, end in zip(reader.outline, starts, starts[1:])}
    packet = load_content(Options()).packet(type_id)
    kinds = {block.kind: section for section in packet.sections for block in section.blocks}
    for kind in ("diary", "questions", "lines"):
        assert kinds[kind].title in pages, kind
    diary = next(b for b in kinds["diary"].blocks if b.kind == "diary").diary
    assert all(flat(word) in pages[kinds["diary"].title] for word in diary.symptoms), diary.symptoms
    assert f"{packet.spec.labels.day} {diary.days}" in pages[kinds["diary"].title]
    words = pages[packet.spec.labels.glossary]
    terms = terms_used(packet)
    assert terms and all(flat(f"{entry.term} {entry.means}") in words for entry in terms)
    unused = [entry for entry in packet.glossary.terms if entry not in terms]
    assert not any(flat(f"{entry.term} {entry.means}") in words for entry in unused)  # only this packet's words
