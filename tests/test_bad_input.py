"""Each kind of bad input: one line naming the file (and line), exit status 2, and no output file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import SECTION, append_block, edit, flat, line_of, page_texts, run


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


def billion_laughs(p: Path) -> str:
    laughs = '  - paragraph: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    laughs += "".join(f"  - paragraph: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    line = append_block(p, laughs)
    return f"{SECTION}:{line + 3}: invalid YAML: aliases expand to more than 1000 values"


def recursive_alias(p: Path) -> str:
    line = append_block(p, "  - bullets: &loop\n      - *loop\n")
    return f"{SECTION}:{line}: invalid YAML: a recursive alias"


def nul_byte(p: Path) -> str:
    line = append_block(p, "  - paragraph: Before\0after.\n")
    return f"{SECTION}:{line}: a NUL byte is not allowed in a text file"


def bad_utf8(p: Path) -> str:
    line = append_block(p, "  - paragraph: Caf\xe9.\n")
    path = p / SECTION
    path.write_bytes(path.read_bytes().replace("Caf\xe9".encode(), b"Caf\xe9"))
    return f"{SECTION}:{line}: not UTF-8 text (invalid continuation byte)"


def binary_tag(p: Path) -> str:
    line = append_block(p, "  - paragraph: !!binary W2NsaWNrXShqYXZhc2NyaXB0OmFsZXJ0KDEpKQ==\n")
    return f"{SECTION}:{line}: invalid YAML: unsupported tag tag:yaml.org,2002:binary"


def explicit_scalar_tag(p: Path) -> str:
    line = append_block(p, "  - lines: !!str 5\n")
    return f"{SECTION}:{line}: invalid YAML: unsupported tag tag:yaml.org,2002:str"


def custom_tag(p: Path) -> str:
    line = append_block(p, "  - paragraph: !shout hello\n")
    return f"{SECTION}:{line}: invalid YAML: unsupported tag !shout"


def too_deep(p: Path) -> str:
    line = append_block(p, "  - bullets: " + "[" * 60 + "]" * 60 + "\n")
    return f"{SECTION}:{line}: invalid YAML: nested more than 40 levels deep"


def long_paragraph(p: Path) -> str:
    line = append_block(p, f"  - paragraph: {'word ' * 2000}end\n")
    return f"{SECTION}:{line}: blocks[8].paragraph: the text is too long (10003 characters; the limit is 4000)"


def long_list(p: Path) -> str:
    line = append_block(p, "  - bullets:\n" + "      - An item.\n" * 201)
    return f"{SECTION}:{line}: blocks[8].bullets: the list is too long (201 items; the limit is 200)"


def huge_file(p: Path) -> str:
    append_block(p, "# " + "x" * 1_000_000 + "\n")
    return f"{SECTION}: the file is too large ("


def huge_content(p: Path) -> str:
    for number in range(6):
        text = "# " + "x" * 990_000 + "\ntitle: Extra\nblocks:\n  - paragraph: Extra.\n"
        (p / f"handouts/en/sections/extra{number}.yaml").write_text(text)
    return "handouts/en/sections/extra5.yaml: the content is too large: more than 5000000 bytes in all"


def citation_keys_differing_in_case(p: Path) -> str:
    refs = p / "handouts/references.yaml"
    block = refs.read_text().split("\n\n")[1].replace("baas-2021:", "Baas-2021:")
    refs.write_text(refs.read_text() + "\n" + block)
    line = line_of(p, "handouts/references.yaml", "Baas-2021:")
    return f"handouts/references.yaml:{line}: citation key 'Baas-2021' differs from 'baas-2021' only in case"


YAML_CASES: list[Callable[[Path], str]] = [
    billion_laughs, recursive_alias, nul_byte, bad_utf8, binary_tag, explicit_scalar_tag, custom_tag, too_deep,
    long_paragraph, long_list, huge_file, huge_content, citation_keys_differing_in_case,
]


@pytest.mark.parametrize("case", YAML_CASES, ids=[c.__name__ for c in YAML_CASES])
def test_hostile_yaml_and_limits_fail_cleanly(project: Path, tmp_path: Path, case: Callable[[Path], str]) -> None:
    test_bad_input_fails_cleanly(project, tmp_path, case)


@pytest.mark.parametrize("file", ["handouts/en/packet.yaml", "handouts/clinics/example.yaml",
                                  "handouts/en/glossary.yaml", SECTION, "handouts/en/types/alpha.yaml",
                                  "handouts/references.yaml"])
def test_an_empty_file_is_called_empty(project: Path, tmp_path: Path, file: str) -> None:
    (project / file).write_text("# nothing yet\n")
    test_bad_input_fails_cleanly(project, tmp_path, lambda p: f"{file}: the file is empty")


@pytest.mark.parametrize("name, message", [
    ("王小明", "the patient's name has letters the packet's font cannot print"),
    ("김민준", "the patient's name has letters the packet's font cannot print"),
    ("محمد", "the patient's name has letters the packet's font cannot print"),
    ("A" * 121, "the patient's name is too long (the limit is 120 characters)"),
    ("Ann\tLee", "the patient's name holds a control character"),
])
def test_a_name_the_packet_cannot_print_is_refused(project: Path, tmp_path: Path, name: str, message: str) -> None:
    result = run("build", "--project", project, "--patient-name", name, "-o", tmp_path / "out" / "x.pdf")
    assert result.status == 2 and len(result.err.splitlines()) == 1, result.err
    assert result.err.startswith(f"error: {message}") and name not in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_names_in_latin_greek_and_cyrillic_letters_print(project: Path, tmp_path: Path) -> None:
    name = "Zoë Łukasz-Núñez Αλέξης Дмитрий"
    assert run("build", "--project", project, "--patient-name", name, "-o", tmp_path / "x.pdf").status == 0
    assert name in flat(page_texts(tmp_path / "x.pdf")[0])


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under a folder with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


OVERWRITES = " would overwrite a file the packet is made from; choose another file"


@pytest.mark.parametrize("option, target, message", [
    ("-o", "handouts/en/packet.yaml", "--output" + OVERWRITES),
    ("-o", "handouts/clinics/example.yaml", "--output" + OVERWRITES),
    ("--print-html", "handouts/en/sections/topic.yaml", "--print-html" + OVERWRITES),
    ("--print-html", "templates/packet.html", "--print-html" + OVERWRITES),
    ("--save-preset", "styles/packet.css", "--save-preset" + OVERWRITES),
    ("--save-preset", "preset.yaml", "--save-preset" + OVERWRITES),
    ("-o", "styles/new.pdf", "--output" + OVERWRITES),
    ("-o", "handouts", "--output names a folder; give a file name"),
    ("--print-html", "out.pdf", "--print-html and --output name the same file"),
])
def test_outputs_never_overwrite_an_input_or_a_folder(project: Path, option: str, target: str, message: str) -> None:
    (project / "preset.yaml").write_text("paper: a4\n")
    before = tree(project)
    args = ["-o", project / "out.pdf", option, project / target] if option != "-o" else [option, project / target]
    result = run("build", "--project", project, "--preset", project / "preset.yaml", *args)
    assert result.status == 2 and result.err.splitlines() == [f"error: {project / target}: {message}"], result.err
    assert tree(project) == before


@pytest.mark.parametrize("option", ["--preset", "--clinic"])
def test_a_preset_or_clinic_that_is_a_folder_is_named(project: Path, tmp_path: Path, option: str) -> None:
    (tmp_path / "folder").mkdir()
    result = run("build", "--project", project, option, tmp_path / "folder", "-o", tmp_path / "out" / "x.pdf")
    assert result.status == 2 and result.err.splitlines() == [f"error: {tmp_path / 'folder'}: is a folder, not a file"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("error", [
    OSError(28, "No space left on device"), PermissionError(13, "Permission denied"),
    OSError(30, "Read-only file system"),
])
def test_os_errors_while_writing_are_one_line_and_leave_nothing(project: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 error: OSError) -> None:
    import os

    out = tmp_path / "out"
    out.mkdir()
    (out / "packet.pdf").write_bytes(b"previous packet")

    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(os, "fsync", fail)  # the disk is full, or the folder cannot be written
    result = run("build", "--project", project, "-o", out / "packet.pdf")
    assert result.status == 2, result.err
    assert result.err.splitlines() == [f"error: {out / 'packet.pdf'}: cannot write the file: {error.strerror}"]
    assert tree(out) == {"packet.pdf": b"previous packet"}


def test_a_content_file_that_is_a_fifo_is_refused(project: Path, tmp_path: Path) -> None:
    import os

    (project / "handouts/en/sections/pipe.yaml").unlink(missing_ok=True)
    os.mkfifo(project / "handouts/en/sections/pipe.yaml")
    test_bad_input_fails_cleanly(project, tmp_path, lambda p: "handouts/en/sections/pipe.yaml: is not a regular file")
