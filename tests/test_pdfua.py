"""PDF/UA-1: veraPDF on every version the suite builds, the structure tree read back, large-print text."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from mesopacket.check.pdfua import Failure, structure_problems, validate, walk
from mesopacket.content.language import load_content
from mesopacket.options import Options

from conftest import run

PHONE = re.compile(r"\(\d{3}\)\s*\d{3}-\d{4}")


@pytest.fixture(scope="session")
def versions(shipped_batch: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every PDF to hold to PDF/UA-1: the 24 batch versions, a duplex packet and a personalised one."""
    _, out = shipped_batch
    folder = tmp_path_factory.mktemp("pdfua")
    extra = {"duplex.pdf": ["--duplex"], "personal.pdf": ["--patient-name", "Test Name", "--date", "2026-12-01"]}
    for name, options in extra.items():
        result = run("build", "-o", folder / name, "--today", "2026-11-24", *options)
        assert result.status == 0, result.err
    return sorted(out.glob("*.pdf")) + [folder / name for name in extra]


@pytest.fixture(scope="session")
def verdicts(versions: list[Path]) -> dict[Path, list[Failure]]:
    """veraPDF's failed rules for every version, from one JVM."""
    return validate(versions)


def test_every_version_passes_verapdf_pdfua1(versions: list[Path], verdicts: dict[Path, list[Failure]]) -> None:
    assert len(versions) == 26
    failed = {path.name: [str(f) for f in verdicts[path]] for path in versions if verdicts[path]}
    assert not failed, "\n".join(f"{name}: {'; '.join(rules)}" for name, rules in failed.items())


def test_verapdf_reports_a_broken_pdf(versions: list[Path], tmp_path: Path) -> None:
    broken = tmp_path / "untagged.pdf"
    with pikepdf.open(versions[0]) as pdf:
        del pdf.Root["/StructTreeRoot"]
        del pdf.Root["/Lang"]
        pdf.save(broken)
    failures = {f.rule: f for f in validate([broken])[broken]}
    assert "7.1-11" in failures and "StructTreeRoot" in failures["7.1-11"].description  # no structure tree
    assert failures["7.1-3"].count > 100  # content neither tagged nor an artifact
    assert "7.2-34" in failures  # no language for the page text


def test_structure_tree_of_every_version(versions: list[Path]) -> None:
    """Headings nested, figures with alt, furniture as artifacts, no nested links, readable link text, no empty LI."""
    problems = {path.name: structure_problems(path) for path in versions}
    assert not any(problems.values()), {name: found[:5] for name, found in problems.items() if found}


def test_structure_checks_catch_what_weasyprint_alone_makes(tmp_path: Path) -> None:
    import weasyprint

    html = ('<html lang="en"><head><title>t</title><style>@page { @bottom-right { content: "Page " counter(page) } }'
            '.toc a::after { content: leader(".") target-counter(attr(href), page) }</style></head><body>'
            '<ul class="toc"><li><a href="#s">Section</a></li></ul><dl><dt>Term</dt><dd></dd></dl>'
            '<h1 id="s">Section</h1><h3>Skipped</h3></body></html>')
    pdf = tmp_path / "plain.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf, pdf_variant="pdf/ua-1")
    found = " ".join(structure_problems(pdf))
    for problem in ("headings: /H3 follows H1", "links: a link is nested inside a link", "link text:",
                    "artifacts: page 1 has text outside the structure tree", "lists: an empty list item"):
        assert problem in found


def test_furniture_is_artifact_and_links_say_where_they_go(versions: list[Path]) -> None:
    with pikepdf.open(versions[-2]) as pdf:  # the duplex packet: it has blank pages too
        artifacts = {index: artifact_text(page) for index, page in enumerate(pdf.pages)}
        assert all(artifacts[i] >= 1 for i in range(1, len(pdf.pages)))  # header, footer, "intentionally blank"
    with pikepdf.open(versions[-1]) as pdf:  # the personalised packet: its contents are on page 2
        contents = [str(a.Contents) for a in pdf.pages[1].obj.get("/Annots", [])]
        titles = [s.title for s in load_content(Options()).packet(None).sections]  # the personalised one: default type
        assert contents[:len(titles)] == titles
        assert len(contents) == len(set(contents))  # one link per entry
        links = [str(e.S) for e, parents in walk(pdf.Root.StructTreeRoot) if "/Link" in parents]
        assert "/Link" not in links


def artifact_text(page: pikepdf.Page) -> int:
    """Count the artifact sequences on a page that draw text."""
    count, depth, has_text = 0, [], False
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            depth.append(str(operands[0]) == "/Artifact")
        elif op == "EMC" and depth:
            if depth.pop() and has_text:
                count, has_text = count + 1, False
        elif op in ("Tj", "TJ") and depth and depth[-1]:
            has_text = True
    return count


def test_spanish_packet_marks_english_references_and_keeps_spaces(versions: list[Path]) -> None:
    spanish = next(p for p in versions if p.name == "mesothelioma-stage4-pleural-es-letter.pdf")
    with pikepdf.open(spanish) as pdf:
        assert str(pdf.Root.Lang) == "es"
        langs = [str(e.Lang) for e, _ in walk(pdf.Root.StructTreeRoot) if "/Lang" in e]
        assert langs and set(langs) == {"en"}
        spaced = [str(ops[1].ActualText) for page in pdf.pages for ops, op in pikepdf.parse_content_stream(page)
                  if str(op) == "BDC" and len(ops) > 1 and isinstance(ops[1], pikepdf.Dictionary)
                  and "/ActualText" in ops[1]]
        assert spaced and all(text.endswith(" ") and not text.endswith("  ") for text in spaced)


def large_print(versions: list[Path]) -> list[Path]:
    """Return the large-print versions."""
    return [path for path in versions if path.stem.endswith("-large")]


def test_large_print_never_breaks_a_phone_number(versions: list[Path]) -> None:
    for path in large_print(versions):
        lines = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout.splitlines()
        for line in lines:
            for start in re.finditer(r"\(\d{3}\)", line):
                assert PHONE.match(line, start.start()), (path.name, line)
        assert sum(len(PHONE.findall(line)) for line in lines) > 10


def test_check_pdf_command_reports_verdict_and_structure(versions: list[Path], tmp_path: Path) -> None:
    broken = tmp_path / "no-lang.pdf"
    with pikepdf.open(versions[-1]) as pdf:
        del pdf.Root["/Lang"]
        pdf.save(broken)
    result = run("check", "--pdf", versions[-1], broken)
    assert result.status == 1, result.err
    clean, bad = result.out.split(f"{broken}: FAILED")
    assert f"{versions[-1]}: ok" in clean and "veraPDF PDF/UA-1: compliant" in clean and "structure: ok" in clean
    assert "7.2-34" in bad and "lang: the document has no /Lang" in bad
    assert run("check", "--pdf", versions[-1]).status == 0
