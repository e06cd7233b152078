"""Sign-offs bound to the text they approved: `review` records them, an edit voids them, formatting does not."""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml

from mesopacket.content.language import load_content
from mesopacket.options import Options
from mesopacket.pipeline import plan
from mesopacket.review.approved import ApprovedText, Words
from mesopacket.review.fingerprint import approved_text
from mesopacket.review.schedule import next_date
from mesopacket.review.signoffs import signoffs

from conftest import SECTION, TODAY, edit, flat, line_of, page_texts, run

SIGNOFFS = "handouts/signoffs.yaml"
DRAFT = "DRAFT - not medically reviewed"


def sign(project: Path, *args: str) -> tuple[int, str]:
    """Run `review` on a project with a reviewer and the test day; return its status and output."""
    result = run("review", "--project", project, "--reviewer", "Nurse educator", "--today", TODAY, *args)
    return result.status, result.out + result.err


def pages(project: Path, out: Path, *extra: str) -> list[str]:
    """Build the default packet and return its page texts."""
    result = run("build", "--project", project, "-o", out, "--today", TODAY, *extra)
    assert result.status == 0, result.err
    return [flat(text) for text in page_texts(out)]


def draft(project: Path) -> tuple[str, ...]:
    """Return the sections that make the default packet a draft, with why."""
    return tuple(plan(Options(project=project, today=datetime.date.fromisoformat(TODAY))).review.reasons())


def test_signing_makes_a_packet_that_prints_no_draft_mark(small: Path, tmp_path: Path) -> None:
    (small / SIGNOFFS).unlink()
    assert all(DRAFT in page for page in pages(small, tmp_path / "a.pdf"))
    assert sign(small, "--section", "topic", "--next", "6m", "--summary", "First sign-off", "--kind", "major")[0] == 0
    assert draft(small) == ("tools (not signed off)",)
    status, out = sign(small, "--section", "tools")
    assert status == 0 and "signed tools (en): Nurse educator, 2026-11-24, next review 2027-11-24" in out, out
    printed = pages(small, tmp_path / "b.pdf", "--require-review")
    assert not any(DRAFT in page for page in printed)
    assert "Reviewed November 24, 2026 - next review May 24, 2027" in printed[0]  # the soonest next review: 6 months
    signed = signoffs(load_content(Options(project=small))).entries
    assert (signed["topic"].kind, signed["topic"].summary, signed["tools"].kind) == ("major", "First sign-off", "minor")


def test_one_changed_word_makes_the_packet_a_draft_until_signed_again(small: Path, tmp_path: Path) -> None:
    edit(small / SECTION, "The first key point.", "The first main point.")
    printed = pages(small, tmp_path / "a.pdf")
    assert all(DRAFT in page for page in printed), [i for i, p in enumerate(printed, 1) if DRAFT not in p]
    check = run("check", "--project", small, "--today", TODAY)
    assert check.status == 1
    assert f"{SIGNOFFS}:{line_of(small, SIGNOFFS, '  topic:')} [topic]: changed since review" in check.out
    refused = run("build", "--project", small, "-o", tmp_path / "b.pdf", "--require-review", "--today", TODAY)
    assert refused.status == 2 and "topic (changed since review)" in refused.err and not (tmp_path / "b.pdf").exists()
    assert sign(small, "--section", "topic")[0] == 0
    assert draft(small) == ()


def test_reindenting_the_yaml_or_editing_a_comment_changes_nothing(small: Path) -> None:
    before = plan(Options(project=small, today=datetime.date.fromisoformat(TODAY)))
    text = (small / SECTION).read_text()
    reindented = text.replace("\n  - ", "\n    - ").replace("\n      - ", "\n        - ").replace("\n    types:",
                                                                                                "\n      types:")
    (small / SECTION).write_text("# A comment the reviewer never saw.\n" + reindented + "# and one at the end\n")
    after = plan(Options(project=small, today=datetime.date.fromisoformat(TODAY)))
    assert (small / SECTION).read_text() != text
    assert after.review == before.review and not after.review.draft
    assert after.document_id == before.document_id


def test_changing_a_cited_references_title_voids_the_sign_off(small: Path) -> None:
    edit(small / "handouts/references.yaml", "First-line nivolumab plus ipilimumab",
         "First-line nivolumab and ipilimumab")
    assert draft(small) == ("topic (changed since review)",)  # baas-2021 is cited only in topic


def test_changing_a_glossary_entry_the_section_uses_voids_the_sign_off(small: Path) -> None:
    edit(small / "handouts/en/glossary.yaml", "a word the tests explain.", "a word the tests describe.")
    assert draft(small) == ("topic (changed since review)",)


def test_review_never_signs_a_section_that_fails_check(small: Path) -> None:
    edit(small / SECTION, "  - paragraph: A sentence", "  - paragraph: This sentence goes on and on with one word "
         "after another so that it has far more than twenty words in it by the end.\n  - paragraph: A sentence")
    before = (small / SIGNOFFS).read_bytes()
    status, out = sign(small, "--section", "topic")
    assert status == 1
    assert out.startswith("Not signed: topic fails `check`. Nothing was written. Fix these first:\n"), out
    assert "25 words (at most 20)" in out
    assert (small / SIGNOFFS).read_bytes() == before
    assert sign(small, "--all")[0] == 1 and (small / SIGNOFFS).read_bytes() == before
    assert sign(small, "--section", "tools")[0] == 0  # another section may still be signed


@pytest.mark.parametrize("args, message", [
    (("--section", "nowhere"), "error: unknown section 'nowhere'; choose one of: topic, tools"),
    (("--section", "topic", "--lang", "fr"), "error: no content for language 'fr'"),
])
def test_review_refuses_an_unknown_section_or_language(small: Path, args: tuple[str, ...], message: str) -> None:
    before = (small / SIGNOFFS).read_bytes()
    status, out = sign(small, *args)
    assert status == 2 and out.startswith(message), out
    assert (small / SIGNOFFS).read_bytes() == before


def test_review_refuses_a_broken_sign_off_file_and_leaves_it(small: Path) -> None:
    edit(small / SIGNOFFS, "reviewed_on: 2026-11-01", "reviewed_on: 2026-02-30")
    before = (small / SIGNOFFS).read_bytes()
    status, out = sign(small, "--section", "topic")
    assert status == 2 and out.startswith(f"error: {SIGNOFFS}:"), out
    assert (small / SIGNOFFS).read_bytes() == before


def test_signing_one_language_keeps_the_others(small: Path) -> None:
    before = signoffs(load_content(Options(project=small, lang="es"))).entries
    assert sign(small, "--all", "--lang", "en", "--next", "2028-01-31")[0] == 0
    assert signoffs(load_content(Options(project=small, lang="es"))).entries == before
    assert {s.next_review for s in signoffs(load_content(Options(project=small))).entries.values()} == {
        datetime.date(2028, 1, 31)}


def test_sections_signed_together_are_written_out_in_full(small: Path) -> None:
    assert sign(small, "--all", "--lang", "en")[0] == 0
    text = (small / "handouts" / "signoffs.yaml").read_text()
    assert "&id" not in text and "*id" not in text  # one shared date object is no YAML anchor and alias


def test_next_review_dates() -> None:
    day = datetime.date(2026, 8, 31)
    assert next_date(day, "6m") == datetime.date(2027, 2, 28)
    assert next_date(day, "1y") == datetime.date(2027, 8, 31)
    assert next_date(day, datetime.date(2027, 1, 1)) == datetime.date(2027, 1, 1)
    with pytest.raises(SystemExit) as refused:
        run("review", "--all", "--reviewer", "x", "--next", "soon")
    assert refused.value.code == 2


def cover_and_xmp_id(pdf: Path) -> tuple[str, str, str]:
    """Return the document ID as pdftotext reads it on the cover, the last page's footer, and the XMP metadata."""
    cover = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Document ID ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})", cover)
    assert found, cover
    with pikepdf.open(pdf) as doc:
        meta = doc.open_metadata()
        xmp = str(meta.get("dc:identifier"))
        assert meta.get("pdfuaid:part") == "1"  # WeasyPrint's PDF/UA-1 identification is kept
        assert "topic: Test reviewer, reviewed 2026-11-01" in doc.Root.Metadata.read_bytes().decode()
    last = flat(page_texts(pdf)[-1])
    return found[1], last, xmp


def test_document_id_follows_the_words_not_the_copy(small: Path, tmp_path: Path) -> None:
    pages(small, tmp_path / "a.pdf")
    pages(small, tmp_path / "b.pdf")
    pages(small, tmp_path / "named.pdf", "--patient-name", "Test Name", "--date", "2026-12-01")
    first, last, xmp = cover_and_xmp_id(tmp_path / "a.pdf")
    assert xmp == first and f"Document ID {first} - Reviewed November 1, 2026" in last
    assert cover_and_xmp_id(tmp_path / "b.pdf")[0] == first
    assert cover_and_xmp_id(tmp_path / "named.pdf")[0] == first  # the patient's name and date do not count
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    edit(small / SECTION, "The first key point.", "The first main point.")
    pages(small, tmp_path / "c.pdf")
    assert cover_and_xmp_id(tmp_path / "c.pdf")[0] != first


def test_the_signed_text_is_kept_as_a_record_that_reads_back_as_it_was(small: Path) -> None:
    content = load_content(Options(project=small))
    text = approved_text(content, "topic")
    assert ApprovedText.from_data(text.to_data()) == text
    assert text.fingerprint() == signoffs(content).entries["topic"].fingerprint
    assert Words("paragraph", "Only the beta packet has this sentence.", ("beta",)) in text.words
    alpha = text.for_type("alpha")
    assert alpha is not None and all(not w.types for w in alpha.words)
    assert "Only the beta packet has this sentence." not in [w.text for w in alpha.words]
    assert [key for key, _entry in text.references] == ["zalcman-2016", "baas-2021"]
    assert text.glossary == (("Wobble", "a word the tests explain."),)
    signed = yaml.safe_load((small / SIGNOFFS).read_text())["en"]["topic"]["text"]
    assert signed["words"][3] == {"paragraph": "Only the alpha packet has this sentence [@baas-2021].",
                                  "types": ["alpha"]}
    assert sign(small, "--section", "topic")[0] == 0  # written again in the same form
    assert yaml.safe_load((small / SIGNOFFS).read_text())["en"]["topic"]["text"] == signed


def test_a_sign_off_file_kept_as_lines_still_reads_and_shows_its_changes(small: Path) -> None:
    content = load_content(Options(project=small))
    data = yaml.safe_load((small / SIGNOFFS).read_text())
    for lang, entries in data.items():  # the form of the file before the text was kept as a record
        for sid, entry in entries.items():
            entry["text"] = approved_text(load_content(Options(project=small, lang=lang)), sid).lines()
    (small / SIGNOFFS).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert "- 'paragraph (alpha): Only the alpha packet" in (small / SIGNOFFS).read_text()
    assert signoffs(load_content(Options(project=small))).entries["topic"].text == approved_text(content, "topic")
    assert draft(small) == ()
    edit(small / SECTION, "Only the alpha packet has this sentence", "Only the alpha packet has these words")
    out = run("changes", "--project", small, "--type", "alpha").out
    assert "~ paragraph: Only the alpha packet has [-this sentence -]{+these words +}[@baas-2021]." in out, out


def test_a_signed_text_of_the_wrong_shape_is_refused_with_its_line(small: Path) -> None:
    edit(small / SIGNOFFS, "      - key_points: The first key point.\n", "      - key_points: The first key point.\n"
         "        paragraph: Two texts in one.\n")
    result = run("build", "--project", small, "-o", small / "x.pdf")
    line = line_of(small, SIGNOFFS, "    text:")
    assert result.status == 2 and result.err.startswith(
        f"error: {SIGNOFFS}:{line}: en.topic.text: each of `words` must map one field to its text"), result.err
