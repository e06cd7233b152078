"""The command line as a user meets it: defaults, list, help, types as data, sections left out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from mesopacket.commands import COMMANDS
from mesopacket.commands.parser import main_parser
from mesopacket.content.load import load_content
from mesopacket.options import PROJECT_ROOT, Options

from conftest import flat, page_texts, run


def command_options(command: str) -> list:
    """Return the argparse actions (options) of one command."""
    subparsers = next(a for a in main_parser(COMMANDS)._actions if a.dest == "command")
    return [a for a in subparsers.choices[command]._actions if a.option_strings]


def test_build_with_no_options_writes_the_default_packet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build")
    expected = Path("build/mesothelioma-stage4-pleural-en-letter.pdf")
    assert result.status == 0, result.err
    assert result.out.startswith(f"wrote {expected} (Pleural mesothelioma, ")
    assert PdfReader(tmp_path / expected).metadata.title == "Stage 4 mesothelioma: Pleural mesothelioma"
    assert [p.name for p in (tmp_path / "build").iterdir()] == [expected.name]  # no temporary files left


def test_make_handout_script_runs_as_a_program(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "make_handout.py"), "build", "--type", "pericardial",
                           "-o", str(out)], capture_output=True, text=True, cwd=tmp_path, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    assert "Pericardial mesothelioma" in flat(page_texts(out)[0])


def test_list_prints_types_and_sections() -> None:
    result = run("list")
    assert result.status == 0
    lines = result.out.splitlines()
    assert lines[0] == "Types:"
    assert lines[1].split() == ["pleural", "Pleural", "mesothelioma", "(default)"]
    assert [line.split()[0] for line in lines[2:4]] == ["peritoneal", "pericardial"]
    assert lines[4] == "Sections, in packet order:"
    assert lines[5].split()[0] == "what-stage-4-means" and lines[-1].split()[0] == "notes"


@pytest.mark.parametrize("command", ["build", "check", "batch", "serve", "list"])
def test_help_names_every_option(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(command, "--help")
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    for action in command_options(command):
        assert any(flag in shown for flag in action.option_strings), action.option_strings


def test_a4_paper(tmp_path: Path) -> None:
    assert run("build", "--paper", "a4", "-o", tmp_path / "a4.pdf").status == 0
    sizes = {tuple(round(float(v)) for v in page.mediabox[2:]) for page in PdfReader(tmp_path / "a4.pdf").pages}
    assert sizes == {(595, 842)}


def test_a_new_type_is_only_yaml(project: Path, tmp_path: Path) -> None:
    types = project / "handouts/en/types"
    (types / "testicular.yaml").write_text("name: Testicular mesothelioma\nwhere: the lining of the testicles\n"
                                           "order: 4\n")
    section = project / "handouts/en/sections/what-stage-4-means.yaml"
    section.write_text(section.read_text().rstrip("\n") + "\n  - paragraph: This type is very rare.\n"
                       "    types: [testicular]\n")
    assert "testicular" in run("list", "--project", project).out
    out = tmp_path / "t.pdf"
    result = run("build", "--project", project, "--type", "testicular", "-o", out)
    assert result.status == 0, result.err
    text = flat(" ".join(page_texts(out)))
    assert "Testicular mesothelioma" in text and "This type is very rare." in text
    assert run("build", "--project", project, "--type", "pleural", "-o", tmp_path / "p.pdf").status == 0
    assert "This type is very rare." not in flat(" ".join(page_texts(tmp_path / "p.pdf")))


def test_a_section_for_other_types_is_left_out(project: Path, tmp_path: Path) -> None:
    section = project / "handouts/en/sections/outlook.yaml"
    section.write_text("types: [peritoneal]\n" + section.read_text())
    title = load_content(Options(project=project)).sections["outlook"].title
    out = tmp_path / "p.pdf"
    assert run("build", "--project", project, "--type", "pleural", "-o", out).status == 0
    reader = PdfReader(out)
    assert title not in [item.title for item in reader.outline]
    assert title not in flat(" ".join(page_texts(out)))


def test_old_names_of_the_two_html_outputs_still_work_with_one_notice_each(small: Path, tmp_path: Path) -> None:
    web, printed = tmp_path / "web.html", tmp_path / "print.html"
    result = run("build", "--project", small, "--format", "html", "--html", printed, "-o", web)
    assert result.status == 0, result.err
    assert result.err.splitlines() == [
        "warning: --format html is deprecated and goes in the next release; use --format web",
        "warning: --html is deprecated and goes in the next release; use --print-html"]
    assert "web edition" in result.out and '<meta name="viewport"' in web.read_text()  # the web edition
    assert '<link rel="stylesheet" href="styles/packet.css">' in printed.read_text()  # the HTML the PDF is made from
    again = run("build", "--project", small, "--format", "web", "--print-html", tmp_path / "p2.html", "-o", web)
    assert again.status == 0 and again.err == ""
    assert (tmp_path / "p2.html").read_text() == printed.read_text()
