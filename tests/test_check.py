"""`make_handout.py check`: each rule holds on the shipped content, and each fails on a tree that breaks it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import run
from test_bad_input import SECTION, append_block, edit, line_of

TODAY = "2026-11-24"
REVIEW = "review:\n  reviewed_on: 2026-11-01\n  reviewer_role: Nurse educator\n  next_review: 2027-11-01\n"


def check(project: Path, *extra: str) -> tuple[int, str]:
    """Run `check` on a project; return its status and plain-text report."""
    result = run("check", "--project", project, "--today", TODAY, *extra)
    assert result.status != 2, result.err
    return result.status, result.out


def fail_lines(report: str, rule: str) -> list[str]:
    """Return the report's failing lines for one rule."""
    return [line for line in report.splitlines() if line.startswith("FAIL") and line.split()[1] == rule]


def test_shipped_content_passes() -> None:
    result = run("check", "--today", TODAY)
    assert result.status == 0, result.out
    lines = result.out.splitlines()
    assert lines[1].split() == ["section", "pleural", "peritoneal", "pericardial"]
    assert lines[2].split()[0] == "what-stage-4-means" and lines[10].split()[:2] == ["packet", "average"]
    assert "PEMAT structure: met" in lines and lines[-1].startswith("OK: 0 failures")
    data = json.loads(run("check", "--today", TODAY, "--json").out)
    assert set(data["averages"]) == {"pleural", "peritoneal", "pericardial"}
    assert all(average <= 6 for average in data["averages"].values()), data["averages"]
    assert all(grade <= 8 for grades in data["grades"].values() for grade in grades.values()), data["grades"]
    assert len(data["grades"]["pleural"]) == 8


def test_section_above_grade_8_fails(project: Path) -> None:
    notes = project / "handouts/en/sections/notes.yaml"
    notes.write_text(notes.read_text() + "  - paragraph: Comprehensive multidisciplinary evaluation necessitates "
                                         "individualized pharmacological consideration.\n")
    status, report = check(project)
    assert status == 1
    assert [f.split(": ", 1)[0] for f in fail_lines(report, "reading-level")] == [
        "FAIL  reading-level handouts/en/sections/notes.yaml:1 [notes]"], report


def test_packet_average_above_6_fails(project: Path) -> None:
    sections = project / "handouts/en/sections"
    (sections / "harder.yaml").write_text(
        "title: Harder words\n" + REVIEW + "blocks:\n"
        "  - key_points: [Your care team can describe the different treatment options in detail.]\n"
        "  - paragraph: Ask about medicine that could help with breathing problems.\n"
        "  - action: {title: Ask your care team about, items: [Possible treatment options for you.]}\n")
    (sections / "asking.yaml").write_text(
        "title: Asking\n" + REVIEW + "blocks:\n"
        "  - questions: [Could you describe the different treatment options in detail?]\n")
    spec = yaml.safe_load((project / "handouts/en/packet.yaml").read_text())
    (project / "handouts/en/packet.yaml").write_text(yaml.safe_dump({**spec, "sections": ["harder", "asking"]}))
    result = run("check", "--project", project, "--today", TODAY, "--json")
    data = json.loads(result.out)
    assert all(grade <= 8 for grades in data["grades"].values() for grade in grades.values()), data["grades"]
    assert result.status == 1
    failed = [f for f in data["findings"] if f["fails"]]
    assert failed and all(f["rule"] == "reading-level" and "packet average grade" in f["message"] for f in failed)
    assert sorted(t for f in failed for t in f["types"]) == ["pericardial", "peritoneal", "pleural"]


def test_long_sentence_fails_with_its_line(project: Path) -> None:
    line = append_block(project, "  - paragraph: This sentence goes on and on with one word after another "
                                 "so that it has far more than twenty words in it by the end.\n")
    status, report = check(project)
    assert status == 1
    assert any(f"{SECTION}:{line} [symptoms]: 25 words (at most 20)" in f for f in fail_lines(report, "sentences")), report


def test_unknown_citation_is_a_finding_not_a_crash(project: Path) -> None:
    line = append_block(project, "  - paragraph: A claim [@nobody-2099].\n")
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "references") == [
        f"FAIL  references    {SECTION}:{line}: citation key 'nobody-2099' has no entry in references.yaml"]


def test_uncited_and_unlinked_references_are_reported(project: Path) -> None:
    refs = project / "handouts/references.yaml"
    refs.write_text(refs.read_text() + "extra-2001:\n  kind: web\n  organization: Some Group\n  title: A page\n")
    status, report = check(project)
    assert status == 0
    assert "note  references    handouts/references.yaml: reference 'extra-2001' is cited nowhere" in report
    assert "reference 'extra-2001' has no DOI, PubMed ID or URL" in report


@pytest.mark.parametrize("change, message", [
    (("next_review: 2027-05-24", "next_review: 2026-01-31"), "review overdue since 2026-01-31"),
    (("review:\n", "old_review:\n"), None),
])
def test_overdue_or_missing_review_fails(project: Path, change: tuple[str, str], message: str | None) -> None:
    edit(project / SECTION, *change)
    if message is None:  # remove the review block instead
        text = (project / SECTION).read_text()
        (project / SECTION).write_text("\n".join(l for l in text.splitlines()
                                                 if not l.startswith(("old_review:", "  reviewed_on", "  reviewer_role",
                                                                      "  next_review"))) + "\n")
        message = "no review recorded (reviewed_on, reviewer_role, next_review)"
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "review") == [f"FAIL  review        {SECTION}:1 [symptoms]: {message}"]


def test_term_not_explained_at_first_use_fails(project: Path) -> None:
    path = project / "handouts/en/sections/what-stage-4-means.yaml"
    text = path.read_text().rstrip("\n")
    key_points_end = text.index("\n  - ", text.index("key_points"))
    path.write_text(text[:key_points_end] + "\n  - paragraph: Your doctor may suggest pleurodesis."
                    + text[key_points_end:] + "\n")
    line = line_of(project, "handouts/en/sections/what-stage-4-means.yaml", "may suggest pleurodesis")
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "terms") == [
        f"FAIL  terms         handouts/en/sections/what-stage-4-means.yaml:{line} [what-stage-4-means]: "
        "'Pleurodesis' is not explained where first used: \"Your doctor may suggest pleurodesis.\" "
        "(pleural, peritoneal, pericardial)"]


def test_watched_word_missing_from_glossary_is_reported(project: Path) -> None:
    line = append_block(project, "  - paragraph: Doctors call shortness of breath dyspnea.\n")
    status, report = check(project)
    assert status == 0
    assert f"note  terms         {SECTION}:{line} [symptoms]: 'dyspnea' is used but not in the glossary" in report


def test_topic_without_key_points_or_action_fails(project: Path) -> None:
    path = project / "handouts/en/sections/outlook.yaml"
    data = yaml.safe_load(path.read_text())
    data["blocks"] = [b for b in data["blocks"] if not {"key_points", "action", "urgent"} & set(b)]
    path.write_text(yaml.safe_dump(data))
    status, report = check(project)
    assert status == 1
    assert [f.split(": ", 1)[1] for f in fail_lines(report, "structure")] == [
        "a topic section must open with key_points (pleural, peritoneal, pericardial)",
        "a topic section needs an action box (urgent or action) (pleural, peritoneal, pericardial)"]
    assert all("handouts/en/sections/outlook.yaml:1 [outlook]" in f for f in fail_lines(report, "structure"))
    assert "PEMAT structure: NOT met" in report


def test_packet_without_a_tool_fails(project: Path) -> None:
    edit(project / "handouts/en/packet.yaml", "  - symptom-diary\n  - questions\n", "")
    status, report = check(project)
    assert status == 1
    assert "the packet holds no tool for the patient (a diary or questions)" in report


def test_json_carries_the_same_findings(project: Path) -> None:
    append_block(project, "  - paragraph: A claim [@nobody-2099].\n")
    _, plain = check(project)
    status, out = check(project, "--json")
    data = json.loads(out)
    assert status == 1 and data["ok"] is False and data["structure_met"] is True
    assert len(data["findings"]) == sum(line.startswith(("FAIL  ", "note  ")) for line in plain.splitlines())
    assert data["findings"][0] == {"rule": "references", "fails": True, "message": "citation key 'nobody-2099' has "
                                   "no entry in references.yaml", "file": SECTION, "line": data["findings"][0]["line"],
                                   "section": None, "types": []}
    assert set(data["grades"]) == set(data["averages"]) == set()  # content problems stop before grading


def test_reading_level_needs_no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import nltk

    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("textstat tried to download NLTK data")

    monkeypatch.setattr(nltk, "download", no_download)
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    from mesopacket.check import readability
    assert readability.grade("Mesothelioma is a rare cancer.") > 0
    import textstat
    assert textstat.syllable_count("mesothelioma") == 6  # the CMU dictionary's count, not a guess


def test_spanish_translation_is_current_and_goes_stale_when_english_changes(project: Path) -> None:
    status, report = check(project, "--lang", "es")
    assert status == 0 and " translation " not in report, report
    edit(project / "handouts/en/sections/notes.yaml", "Use this page", "Use these pages")
    glossary = project / "handouts/es/glossary.yaml"
    glossary.write_text("".join(line for line in glossary.read_text().splitlines(keepends=True)
                                if not line.startswith("translated_from:")))
    status, report = check(project, "--lang", "es")
    assert status == 0
    lines = [line for line in report.splitlines() if line.startswith("note  translation")]
    assert len(lines) == 2, report
    assert lines[0].startswith("note  translation   handouts/es/glossary.yaml: stale: the en text changed since "
                               "it was translated (translated_from: None;")
    assert lines[1].startswith("note  translation   handouts/es/sections/notes.yaml: stale: the en text changed")
