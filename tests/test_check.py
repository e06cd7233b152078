"""`make_handout.py check`: each rule holds on the shipped content, and each fails on a tree that breaks it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from mesopacket.check import sources
from mesopacket.content.load import load_content
from mesopacket.options import Options

from conftest import SECTION, TODAY, append_block, edit, line_of, run

SIGNOFFS = "handouts/signoffs.yaml"


def check(project: Path, *extra: str) -> tuple[int, str]:
    """Run `check` on a project; return its status and plain-text report."""
    result = run("check", "--project", project, "--today", TODAY, *extra)
    assert result.status != 2, result.err
    return result.status, result.out


def failing(project: Path, rule: str) -> list[str]:
    """Run `check` on a project that must fail; return its failing lines for one rule."""
    status, report = check(project)
    assert status == 1, report
    return fail_lines(report, rule)


def fail_lines(report: str, rule: str) -> list[str]:
    """Return the report's failing lines for one rule."""
    return [line for line in report.splitlines() if line.startswith("FAIL") and line.split()[1] == rule]


@pytest.fixture
def project(small: Path) -> Path:
    """The rule tests break the small project (tests/projects/small), not the shipped content."""
    return small


@pytest.mark.parametrize("lang", ["en", "es"])
def test_shipped_content_passes(lang: str) -> None:
    content = load_content(Options(lang=lang))
    result = run("check", "--today", TODAY, "--lang", lang)
    assert result.status == 0, result.out
    lines = result.out.splitlines()
    assert lines[1].split() == ["section", *content.types]
    sections = [line.split()[0] for line in lines[2:2 + len(content.spec.sections)]]
    assert sections == list(content.spec.sections) and lines[2 + len(sections)].split()[:2] == ["packet", "average"]
    assert "PEMAT structure: met" in lines and lines[-1].startswith("OK: 0 failures")
    data = json.loads(run("check", "--today", TODAY, "--json", "--lang", lang).out)
    assert set(data["averages"]) == set(content.types)
    if lang == "en":  # the English thresholds
        assert all(average <= 6 for average in data["averages"].values()), data["averages"]
        assert all(grade <= 8 for grades in data["grades"].values() for grade in grades.values()), data["grades"]
    assert len(data["grades"]["pleural"]) == len(content.packet("pleural").sections)


def test_small_project_passes(project: Path) -> None:
    status, report = check(project)
    assert status == 0 and report.splitlines()[-1] == "OK: 0 failures, 0 notes", report


def test_section_above_grade_8_fails(project: Path) -> None:
    tools = project / "handouts/en/sections/tools.yaml"
    tools.write_text(tools.read_text() + "  - paragraph: Comprehensive multidisciplinary evaluation necessitates "
                                         "individualized pharmacological consideration.\n")
    status, report = check(project)
    assert status == 1
    assert [f.split(": ", 1)[0] for f in fail_lines(report, "reading-level")] == [
        "FAIL  reading-level handouts/en/sections/tools.yaml:1 [tools]", "FAIL  reading-level "], report
    assert "packet average grade" in fail_lines(report, "reading-level")[1]  # a small packet's average rises too


def test_packet_average_above_6_fails(project: Path) -> None:
    sections = project / "handouts/en/sections"
    (sections / "harder.yaml").write_text(
        "title: Harder words\nblocks:\n"
        "  - key_points: [Your care team can describe the different treatment options in detail.]\n"
        "  - paragraph: Ask about medicine that could help with breathing problems.\n"
        "  - action: {title: Ask your care team about, items: [Possible treatment options for you.]}\n")
    (sections / "asking.yaml").write_text(
        "title: Asking\nblocks:\n"
        "  - questions: [Could you describe the different treatment options in detail?]\n")
    spec = yaml.safe_load((project / "handouts/en/packet.yaml").read_text())
    (project / "handouts/en/packet.yaml").write_text(yaml.safe_dump({**spec, "sections": ["harder", "asking"]}))
    result = run("check", "--project", project, "--today", TODAY, "--json")
    data = json.loads(result.out)
    assert all(grade <= 8 for grades in data["grades"].values() for grade in grades.values()), data["grades"]
    assert result.status == 1
    failed = [f for f in data["findings"] if f["fails"] and f["rule"] != "review"]
    assert failed and all(f["rule"] == "reading-level" and "packet average grade" in f["message"] for f in failed)
    assert sorted(t for f in failed for t in f["types"]) == ["alpha", "beta"]
    unsigned = [f["section"] for f in data["findings"] if f["rule"] == "review" and f["fails"]]
    assert sorted(unsigned) == ["asking", "harder"]  # new sections are not signed off


def test_long_sentence_fails_with_its_line(project: Path) -> None:
    line = append_block(project, "  - paragraph: This sentence goes on and on with one word after another "
                                 "so that it has far more than twenty words in it by the end.\n")
    status, report = check(project)
    assert status == 1
    assert any(f"{SECTION}:{line} [topic]: 25 words (at most 20)" in f for f in fail_lines(report, "sentences")), report


def test_unknown_citation_is_a_finding_not_a_crash(project: Path) -> None:
    line = append_block(project, "  - paragraph: A claim [@nobody-2099].\n")
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "references") == [
        f"FAIL  references    {SECTION}:{line}: citation key 'nobody-2099' has no entry in references.yaml"]


WEB_PAGE = ("  kind: web\n  organization: Some Group\n  title: A page\n  url: https://example.org/a\n"
            "  updated: 2025-01-02\n  accessed: 2026-12-03\n")


def test_a_reference_no_language_cites_fails(project: Path) -> None:
    refs = project / "handouts/references.yaml"
    line = refs.read_text().count("\n") + 1
    refs.write_text(refs.read_text() + "extra-2001:\n  kind: web\n  organization: Some Group\n  title: A page\n")
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "references") == [
        f"FAIL  references    handouts/references.yaml:{line}: reference 'extra-2001' is cited nowhere, in no "
        "language: cite it or remove it"]
    assert f"note  references    handouts/references.yaml:{line}: reference 'extra-2001' has no DOI, PubMed ID or URL" \
        in report


def test_a_citation_in_any_content_file_of_any_language_counts(project: Path) -> None:
    refs = project / "handouts/references.yaml"
    refs.write_text(refs.read_text() + "spanish-only:\n" + WEB_PAGE + "  lang: es\n")
    (project / "handouts/es/warning-signs.yaml").write_text(  # a file no model reads yet still counts
        "signs:\n  - text: Fiebre [@spanish-only].\n")
    for lang in ("en", "es"):
        status, report = check(project, "--lang", lang)
        assert "spanish-only" not in report, report
    (project / "handouts/es/warning-signs.yaml").unlink()
    assert "reference 'spanish-only' is cited nowhere" in check(project, "--lang", "en")[1]


@pytest.mark.parametrize("text, shown", [
    ("Stage 4 [@zalcman-2016].", "Stage 4"),
    ("A fever of 100.4°F [@zalcman-2016] is a sign.", "A fever of 100.4°F"),
    ("It is 38°C). [@zalcman-2016]", "It is 38°C)."),
    ("**Para español, marque 2.** [@zalcman-2016]", "ara español, marque 2.**"),
    ("In 2024, [@zalcman-2016; @baas-2021] it was so.", "In 2024,"),
])
def test_a_citation_mark_after_a_number_fails(project: Path, text: str, shown: str) -> None:
    line = append_block(project, f"  - paragraph: \"{text}\"\n")
    assert failing(project, "citations") == [
        f"FAIL  citations     {SECTION}:{line}: a citation mark after a number reads as more digits "
        f"(\"...{shown}\" + number): put the citation after a word"]


def test_a_citation_mark_after_a_word_passes(project: Path) -> None:
    append_block(project, "  - paragraph: At 100.4°F (38°C) or higher, call [@zalcman-2016]. Stage 4 is late.\n")
    status, report = check(project)
    assert fail_lines(report, "citations") == [], report


AUTHORS = ", ".join(f'"Author{i} A"' for i in range(1, 8))


@pytest.mark.parametrize("entry, message", [
    (f"  authors: [{AUTHORS}]\n", "7 authors: with more than 6, list the first 3 and set `et_al: true`"),
    ('  authors: ["One A", "Two B", "Three C", "Four D", "Five E", "Six F"]\n  et_al: true\n',
     "'et al' follows the first 3 authors (AMA: more than 6 authors); list exactly 3, not 6"),
    ('  authors: ["One A"]\n  et_al: true\n',
     "'et al' follows the first 3 authors (AMA: more than 6 authors); list exactly 3, not 1"),
])
def test_ama_author_rule_fails(project: Path, entry: str, message: str) -> None:
    refs = project / "handouts/references.yaml"
    text = refs.read_text()
    start = text.index("baas-2021:")
    end = text.index("  title:", start)
    refs.write_text(text[:start] + "baas-2021:\n  kind: journal\n" + entry + text[end:])
    assert failing(project, "ama") == [
        f"FAIL  ama           handouts/references.yaml:{line_of(project, 'handouts/references.yaml', 'baas-2021:')}: "
        f"reference 'baas-2021': {message}"]


def test_ama_required_fields_fail_and_a_reason_excuses_one(project: Path) -> None:
    refs = project / "handouts/references.yaml"
    edit(refs, '  issue: 10026\n  pages: "1405-1414"\n  doi: "10.1016/S0140-6736(15)01238-6"\n  pmid: "26719230"\n',
         '  url: "http://example.org/maps"\n')
    refs.write_text(refs.read_text() + "web-page:\n  kind: web\n  title: A page\n  authors: [Someone S]\n"
                    "  url: https://example.org/b\n")
    append_block(project, "  - paragraph: A web page says so [@web-page].\n")
    status, report = check(project)
    assert status == 1
    found = [line.split(": ", 2)[-1] for line in fail_lines(report, "ama")]
    need = "give it, or say why it is left out in `unavailable: "
    assert found == [
        f"missing issue: {need}{{issue: ...}}`", f"missing pages or article number: {need}{{pages: ...}}`",
        f"missing DOI or PubMed ID: {need}{{doi: ...}}`",
        "the address must start with https:// (http:// is not secure)",
        f"missing publisher or organization: {need}{{organization: ...}}`",
        f"missing access date (`accessed`): {need}{{accessed: ...}}`",
        f"missing the page's own date (`published` or `updated`): {need}{{date: ...}}`"], report
    edit(refs, '  url: "http://example.org/maps"\n', '  url: "https://example.org/maps"\n  unavailable:\n'
         '    issue: not seen\n    pages: not seen\n    doi: not seen\n    volume: a field it has\n    color: x\n')
    found = [line.split(": ", 2)[-1] for line in fail_lines(check(project)[1], "ama")]
    assert found[:2] == ["`unavailable` explains a missing volume, but the reference gives it",
                         "`unavailable: color` is not a field a journal reference needs"], found


def test_the_shipped_references_follow_ama() -> None:
    content = load_content(Options())
    assert {key: sources.ama_problems(ref) for key, ref in content.references.items()
            if sources.ama_problems(ref)} == {}


def test_a_cited_reference_a_reader_cannot_look_up_fails(project: Path) -> None:
    refs = project / "handouts/references.yaml"
    edit(refs, '  doi: "10.1016/S0140-6736(15)01238-6"\n  pmid: "26719230"\n', "")
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "references") == [
        "FAIL  references    handouts/references.yaml:2: reference 'zalcman-2016' has no DOI, PubMed ID or URL: "
        "a reader cannot look it up"]


def test_overdue_sign_off_fails_at_its_line(project: Path) -> None:
    edit(project / SIGNOFFS, "reviewed_on: 2026-11-01\n    next_review: 2027-11-01",
         "reviewed_on: 2025-11-01\n    next_review: 2026-01-31")  # the first entry: en, topic
    line = line_of(project, SIGNOFFS, "  topic:")
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "review") == [f"FAIL  review        {SIGNOFFS}:{line} [topic]: review overdue since "
                                            "2026-01-31"]


def test_missing_sign_off_fails_at_the_section(project: Path) -> None:
    text = (project / SIGNOFFS).read_text()
    start, end = text.index("  topic:\n"), text.index("  tools:\n")
    (project / SIGNOFFS).write_text(text[:start] + text[end:])
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "review") == [
        f"FAIL  review        {SECTION}:1 [topic]: not signed off: no entry for 'topic' under 'en' in {SIGNOFFS} "
        "(sign it with `make_handout.py review --section topic`)"]


def test_text_changed_since_review_fails_at_the_sign_off(project: Path) -> None:
    edit(project / SECTION, "The first key point.", "The first main point.")
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "review") == [
        f"FAIL  review        {SIGNOFFS}:{line_of(project, SIGNOFFS, '  topic:')} [topic]: changed since review "
        "on 2026-11-01 by Test reviewer (see `make_handout.py changes --since-review`; sign it again once "
        "reviewed)"]
    assert run("review", "--project", project, "--section", "topic", "--reviewer", "Nurse educator",
               "--today", TODAY).status == 0
    assert check(project)[0] == 0


def test_term_not_explained_at_first_use_fails(project: Path) -> None:
    edit(project / SECTION, "  - paragraph: A sentence", "  - paragraph: Your doctor may mention a wobble.\n"
                                                         "  - paragraph: A sentence")
    line = line_of(project, SECTION, "may mention a wobble")
    status, report = check(project)
    assert status == 1
    assert fail_lines(report, "terms") == [
        f"FAIL  terms         {SECTION}:{line} [topic]: 'Wobble' is not explained where first used: "
        "\"Your doctor may mention a wobble.\" (alpha, beta)"]


def test_watched_word_missing_from_glossary_is_reported(project: Path) -> None:
    edit(project / "handouts/en/glossary.yaml", "watch: []", "watch: [dyspnea]")
    line = append_block(project, "  - paragraph: Doctors call shortness of breath dyspnea.\n")
    assert check(project)[0] == 1  # the section changed since its sign-off
    signed = run("review", "--project", project, "--section", "topic", "--reviewer", "Tester", "--today", TODAY)
    assert signed.status == 0
    status, report = check(project)
    assert status == 0
    assert f"note  terms         {SECTION}:{line} [topic]: 'dyspnea' is used but not in the glossary" in report


def test_topic_without_key_points_or_action_fails(project: Path) -> None:
    path = project / SECTION
    data = yaml.safe_load(path.read_text())
    data["blocks"] = [b for b in data["blocks"] if not {"key_points", "action", "urgent"} & set(b)]
    path.write_text(yaml.safe_dump(data))
    status, report = check(project)
    assert status == 1
    assert [f.split(": ", 1)[1] for f in fail_lines(report, "structure")] == [
        "a topic section must open with key_points (alpha, beta)",
        "a topic section needs an action box (urgent or action) (alpha, beta)"]
    assert all(f"{SECTION}:1 [topic]" in f for f in fail_lines(report, "structure"))
    assert "PEMAT structure: NOT met" in report


def test_packet_without_a_tool_fails(project: Path) -> None:
    edit(project / "handouts/en/packet.yaml", "  - tools\n", "")
    status, report = check(project)
    assert status == 1
    assert "the packet holds no tool for the patient (a diary or questions)" in report


def test_json_carries_the_same_findings(project: Path) -> None:
    line = append_block(project, "  - paragraph: A claim [@nobody-2099].\n")
    _, plain = check(project)
    status, out = check(project, "--json")
    data = json.loads(out)
    assert status == 1 and data["ok"] is False and data["structure_met"] is True
    assert len(data["findings"]) == sum(line.startswith(("FAIL  ", "note  ")) for line in plain.splitlines())
    assert data["findings"][0] == {"rule": "references", "fails": True, "message": "citation key 'nobody-2099' has "
                                   "no entry in references.yaml", "file": SECTION, "line": line,
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
    edit(project / "handouts/en/sections/tools.yaml", "The first question?", "The very first question?")
    glossary = project / "handouts/es/glossary.yaml"
    glossary.write_text("".join(line for line in glossary.read_text().splitlines(keepends=True)
                                if not line.startswith("translated_from:")))
    status, report = check(project, "--lang", "es")
    assert status == 0
    lines = [line for line in report.splitlines() if line.startswith("note  translation")]
    assert len(lines) == 2, report
    assert lines[0].startswith("note  translation   handouts/es/glossary.yaml: stale: the en text changed since "
                               "it was translated (translated_from: None;")
    assert lines[1].startswith("note  translation   handouts/es/sections/tools.yaml: stale: the en text changed")


def test_spanish_is_graded_with_a_spanish_formula(project: Path) -> None:
    tools = project / "handouts/es/sections/tools.yaml"
    tools.write_text(tools.read_text() + "  - paragraph: La evaluación multidisciplinaria exhaustiva requiere "
                                         "consideraciones farmacológicas individualizadas.\n")
    result = run("check", "--project", project, "--today", TODAY, "--lang", "es", "--json")
    data = json.loads(result.out)
    assert result.status == 1 and data["scale"] == "Fernandez-Huerta reading ease"
    assert [f["section"] for f in data["findings"] if f["fails"] and f["rule"] == "review"] == ["tools"]  # edited
    failed = [f["message"] for f in data["findings"] if f["fails"] and f["rule"] != "review"]
    assert failed[0].startswith("Fernandez-Huerta reading ease ") and failed[0].endswith(" is below 60"), failed
    assert data["grades"]["alpha"]["tools"] < 60 < data["grades"]["alpha"]["topic"]
