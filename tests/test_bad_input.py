"""Each kind of bad input: one line naming the file (and line), exit status 2, and no output file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import SECTION, append_block, edit, line_of, run


@pytest.fixture
def project(small: Path) -> Path:
    """These tests break the small project (tests/projects/small), not the shipped content."""
    return small


def malformed_yaml(p: Path) -> str:
    line = append_block(p, "  - paragraph: [unclosed\n")
    return f"{SECTION}:{line + 1}: invalid YAML"


def misspelt_key(p: Path) -> str:
    edit(p / SECTION, "title:", "tilte:")
    return f"{SECTION}:1: unknown key 'tilte' (did you mean 'title'?)"


def missing_required_field(p: Path) -> str:
    path = p / "handouts/clinics/example.yaml"
    edit(path, "\nphone:", "\n# phone:")
    line = line_of(p, "handouts/clinics/example.yaml", "name:")
    return f"handouts/clinics/example.yaml:{line}: missing field 'phone'"


def mistyped_field(p: Path) -> str:
    edit(p / "handouts/en/sections/tools.yaml", "lines: ", "lines: many # ")
    line = line_of(p, "handouts/en/sections/tools.yaml", "lines: many")
    return f"handouts/en/sections/tools.yaml:{line}: blocks[1].lines: Input should be a valid integer"


def unknown_key(p: Path) -> str:
    line = append_block(p, "  - paragraph: Fine text.\n    colour: red\n")
    return f"{SECTION}:{line + 1}: unknown key 'colour'"


def unknown_block_word(p: Path) -> str:
    index = len(yaml.safe_load((p / SECTION).read_text())["blocks"])
    line = append_block(p, "  - paragraf: Misspelt block word.\n")
    return f"{SECTION}:{line}: blocks[{index}]: a block needs exactly one of: paragraph, heading"


def unknown_type_in_content(p: Path) -> str:
    line = append_block(p, "  - paragraph: Only for one type.\n    types: [alpha, lung]\n")
    return f"{SECTION}:{line + 1}: unknown type 'lung'; choose one of: alpha, beta"


def unknown_citation(p: Path) -> str:
    line = append_block(p, "  - paragraph: A claim with no source [@nobody-2099].\n")
    return f"{SECTION}:{line}: citation key 'nobody-2099' has no entry in references.yaml"


def missing_image(p: Path) -> str:
    line = append_block(p, "  - image:\n      src: images/missing.svg\n      alt: Nothing.\n")
    return f"{SECTION}:{line + 1}: image 'images/missing.svg' not found in handouts/"


def missing_template(p: Path) -> str:
    (p / "templates/blocks.html").unlink()
    return "templates/blocks.html: template not found"


def broken_template(p: Path) -> str:
    edit(p / "templates/packet.html", "{% for section in packet.sections %}", "{% for section in %}")
    line = line_of(p, "templates/packet.html", "{% for section in %}")
    return f"templates/packet.html:{line}: template error"


def undefined_in_template(p: Path) -> str:
    edit(p / "templates/blocks.html", "{{ block.heading }}", "{{ block.headline }}")
    line = line_of(p, "templates/blocks.html", "{{ block.headline }}")
    return f"templates/blocks.html:{line}: template error: 'mesopacket.content.schema.Heading object' has no attribute"


def missing_stylesheet(p: Path) -> str:
    (p / "styles/packet.css").unlink()
    return "styles/packet.css: stylesheet not found"


def bad_css(p: Path) -> str:
    edit(p / "styles/packet.css", "p { margin", "p { colr: black; margin")
    line = line_of(p, "styles/packet.css", "colr: black")
    return f"styles/packet.css:{line}: Ignored `colr: black`, unknown property."


def unknown_section_in_packet(p: Path) -> str:
    edit(p / "handouts/en/packet.yaml", "  - tools", "  - tols")
    line = line_of(p, "handouts/en/packet.yaml", "  - tols")
    return f"handouts/en/packet.yaml:{line}: section 'tols' has no file sections/tols.yaml"


def duplicate_key(p: Path) -> str:
    edit(p / SECTION, "title:", "title: One\ntitle:")
    return f"{SECTION}:2: duplicate key 'title'"


def python_tag(p: Path) -> str:
    line = append_block(p, "  - paragraph: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    return f"{SECTION}:{line}: invalid YAML: unsupported tag tag:yaml.org,2002:python/object/apply"


SIGNOFFS = "handouts/signoffs.yaml"


def signoff_for_unknown_section(p: Path) -> str:
    edit(p / SIGNOFFS, "  tools:\n", "  toolz:\n")
    line = line_of(p, SIGNOFFS, "toolz:")
    return f"{SIGNOFFS}:{line}: no section 'toolz' in handouts/en/sections; choose one of: tools, topic"


def signoff_for_unknown_language(p: Path) -> str:
    edit(p / SIGNOFFS, "\nes:\n", "\nfr:\n")
    return f"{SIGNOFFS}:{line_of(p, SIGNOFFS, 'fr:')}: unknown language 'fr'; choose one of: en, es"


def signoff_with_impossible_date(p: Path) -> str:
    edit(p / SIGNOFFS, "reviewed_on: 2026-11-01", "reviewed_on: 2026-13-01")
    return f"{SIGNOFFS}:{line_of(p, SIGNOFFS, '2026-13-01')}: invalid value '2026-13-01': month must be in 1..12"


def signoff_with_words_for_a_date(p: Path) -> str:
    edit(p / SIGNOFFS, "next_review: 2027-11-01", "next_review: next year")
    return f"{SIGNOFFS}:{line_of(p, SIGNOFFS, 'next year')}: en.topic.next_review: Input should be a valid date"


def signoff_file_of_nonsense(p: Path) -> str:
    (p / SIGNOFFS).write_text("signed by everyone, trust me\n")
    return f"{SIGNOFFS}:1: the sign-off file must map languages (en, es ...) to sections"


def signoff_text_edited_by_hand(p: Path) -> str:
    edit(p / SIGNOFFS, "key_points: The first key point.", "key_points: The first point.")
    line = line_of(p, SIGNOFFS, "reviewer: Test reviewer")
    return f"{SIGNOFFS}:{line}: en.topic: the signed text does not match its fingerprint (was it edited by hand?)"


def review_block_left_in_a_section(p: Path) -> str:
    edit(p / SECTION, "blocks:", "review:\n  reviewed_on: 2026-11-01\nblocks:")
    return f"{SECTION}:{line_of(p, SECTION, 'review:')}: `review:` is no longer read from section files"


CASES: list[Callable[[Path], str]] = [
    malformed_yaml, misspelt_key, missing_required_field, mistyped_field, unknown_key, unknown_block_word,
    unknown_type_in_content, unknown_citation, missing_image, missing_template, broken_template, undefined_in_template,
    missing_stylesheet, bad_css, unknown_section_in_packet, duplicate_key, python_tag, signoff_for_unknown_section,
    signoff_for_unknown_language, signoff_with_impossible_date, signoff_with_words_for_a_date, signoff_file_of_nonsense,
    signoff_text_edited_by_hand, review_block_left_in_a_section,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_fails_cleanly(project: Path, tmp_path: Path, case: Callable[[Path], str]) -> None:
    expected = case(project)
    out_dir = tmp_path / "out"
    result = run("build", "--project", project, "-o", out_dir / "packet.pdf")
    assert result.status == 2, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: " + expected), lines[0]
    assert "Traceback" not in result.err
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def test_unknown_type_names_the_valid_types(project: Path, tmp_path: Path) -> None:
    result = run("build", "--project", project, "--type", "lung", "-o", tmp_path / "x.pdf")
    assert result.status == 2
    assert result.err.strip() == "error: unknown type 'lung'; choose one of: alpha, beta"
    assert not (tmp_path / "x.pdf").exists()


def test_missing_clinic_file_is_named(tmp_path: Path) -> None:
    result = run("build", "--clinic", tmp_path / "nowhere.yaml", "-o", tmp_path / "x.pdf")
    assert result.status == 2
    assert result.err.strip() == f"error: {tmp_path / 'nowhere.yaml'}: file not found"


def test_failed_build_keeps_the_previous_file(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    target.write_bytes(b"previous good packet")
    unknown_citation(project)
    assert run("build", "--project", project, "-o", target).status == 2
    assert target.read_bytes() == b"previous good packet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packet.pdf", project.name]


def test_every_problem_is_reported_before_stopping(project: Path, tmp_path: Path) -> None:
    missing_required_field(project)
    mistyped_field(project)
    result = run("build", "--project", project, "-o", tmp_path / "x.pdf")
    assert result.status == 2
    assert len(result.err.splitlines()) == 2, result.err
