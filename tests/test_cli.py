"""The command line as a user meets it: defaults, list, help, types as data, sections left out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from mesopacket import __version__
from mesopacket.commands import COMMANDS
from mesopacket.commands.parser import main_parser
from mesopacket.content.load import load_content
from mesopacket.errors import ExitStatus, not_installed
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


@pytest.mark.parametrize("start, prog", [(["make_handout.py"], "make_handout.py"),
                                         (["-m", "mesopacket"], "python -m mesopacket")])
def test_both_entry_points_run_and_say_how_they_were_started(start: list[str], prog: str, tmp_path: Path) -> None:
    version = subprocess.run([sys.executable, *start, "--version"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert version.returncode == 0 and version.stdout.strip() == f"{prog} {__version__}"
    usage = subprocess.run([sys.executable, *start, "build", "--paper", "legal"], capture_output=True, text=True,
                           cwd=PROJECT_ROOT)
    assert usage.returncode == ExitStatus.BAD_INPUT and usage.stderr.startswith(f"usage: {prog} build ")
    listed = subprocess.run([sys.executable, *start, "list"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert listed.returncode == 0 and listed.stdout.startswith("Types:")


#: A fresh interpreter in which one module cannot be imported, running one entry point as a program.
BLOCKED = "import runpy, sys; sys.modules[sys.argv.pop(1)] = None; {run}"
ENTRY = {"make_handout.py": "sys.argv[0] = 'make_handout.py'; runpy.run_path('make_handout.py', run_name='__main__')",
         "python -m mesopacket": "runpy.run_module('mesopacket', run_name='__main__', alter_sys=True)"}


@pytest.mark.parametrize("blocked, entry, command", [
    ("weasyprint", "make_handout.py", ["build"]),  # imported by the warm render worker, then by the render
    ("weasyprint", "python -m mesopacket", ["batch", "-o", "{out}", "--types", "alpha", "--langs", "en"]),
    ("yaml", "make_handout.py", ["build"]),  # imported by the parent as it reads the content
    ("argparse", "python -m mesopacket", ["list"]),  # imported by the command line itself
])
def test_a_missing_dependency_is_one_line_naming_the_install_command(small: Path, tmp_path: Path, blocked: str,
                                                                     entry: str, command: list[str]) -> None:
    args = [part.replace("{out}", str(tmp_path / "site")) for part in command]
    done = subprocess.run([sys.executable, "-c", BLOCKED.format(run=ENTRY[entry]), blocked, *args, "--project",
                           str(small)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == ExitStatus.BAD_INPUT, done.stderr
    assert done.stderr.splitlines() == [not_installed(ModuleNotFoundError(name=blocked))], done.stderr
    assert "Traceback" not in done.stderr + done.stdout and ".venv/bin/pip install -e ." in done.stderr
    assert not list(tmp_path.glob("site/*.pdf")) and not list(tmp_path.rglob("*.pdf"))


def test_every_exit_status_is_documented_and_used_by_the_boundary() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    for status in ExitStatus:
        assert f"| {status.value} | `{status.name}` |" in readme, status
    assert run("list", "--lang", "xx").status == ExitStatus.BAD_INPUT
    assert run("build", "--type", "lung").status == ExitStatus.BAD_INPUT
