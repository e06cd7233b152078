"""Content cannot inject HTML or reach files outside the project; builds are deterministic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mesopacket.options import PROJECT_ROOT

from conftest import SECTION, append_block, edit, flat, page_texts, run


@pytest.fixture
def project(small: Path) -> Path:
    """These tests attack the small project (tests/projects/small), not the shipped content."""
    return small


def build(project: Path, out: Path, *extra: str) -> tuple[int, str]:
    """Build the default packet of `project` into `out`; return status and stderr."""
    result = run("build", "--project", project, "-o", out, "--print-html", out.with_suffix(".html"), *extra)
    return result.status, result.err


def test_text_is_escaped_and_markup_rendered(project: Path, tmp_path: Path) -> None:
    append_block(project, "  - paragraph: 'Fish & chips, 3 > 2, *calm* and **firm**, see [NCI](https://www.cancer.gov).'\n")
    status, err = build(project, tmp_path / "p.pdf")
    assert status == 0, err
    html = (tmp_path / "p.html").read_text()
    assert "Fish &amp; chips, 3 &gt; 2, <em>calm</em> and <strong>firm</strong>, see " \
           '<a href="https://www.cancer.gov">NCI</a>.' in html
    assert "Fish & chips, 3 > 2, calm and firm, see NCI." in flat(" ".join(page_texts(tmp_path / "p.pdf")))


@pytest.mark.parametrize("text, message", [
    ("Hello <script>alert(1)</script>", "raw HTML is not allowed"),
    ("<img src=x onerror=alert(1)>", "raw HTML is not allowed"),
    ("Click [here](javascript:alert(1)).", "link 'javascript:alert(1' must start with one of"),
])
def test_raw_html_and_script_links_are_refused(project: Path, tmp_path: Path, text: str, message: str) -> None:
    line = append_block(project, f"  - paragraph: '{text}'\n")
    status, err = build(project, tmp_path / "p.pdf")
    assert status == 2
    assert err.startswith(f"error: {SECTION}:{line}: {message}"), err
    assert not (tmp_path / "p.pdf").exists()


@pytest.mark.parametrize("src", ["https://example.org/x.png", "/etc/passwd", "../../../../etc/passwd",
                                 "file:///etc/passwd"])
def test_images_outside_the_project_are_refused(project: Path, tmp_path: Path, src: str) -> None:
    line = append_block(project, f"  - image:\n      src: '{src}'\n      alt: A picture.\n")
    status, err = build(project, tmp_path / "p.pdf")
    assert status == 2
    assert err.strip() == f"error: {SECTION}:{line + 1}: image '{src}' must be a path inside handouts/", err


@pytest.mark.parametrize("css", [
    '@import url("file:///etc/passwd");',
    ".cover { background: url(https://example.org/track.png); }",
    ".cover { background: url(../../../../etc/hostname); }",
])
def test_stylesheets_cannot_fetch_outside_the_project(project: Path, tmp_path: Path, css: str) -> None:
    sheet = project / "styles/packet.css"
    sheet.write_text(css + "\n" + sheet.read_text())
    status, err = build(project, tmp_path / "p.pdf")
    assert status == 2
    assert "refused to fetch" in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "p.pdf").exists()


def test_templates_cannot_fetch_outside_the_project(project: Path, tmp_path: Path) -> None:
    edit(project / "templates/packet.html", "<body>", '<body><img src="file:///etc/hostname" alt="">')
    status, err = build(project, tmp_path / "p.pdf")
    assert status == 2 and "refused to fetch file:///etc/hostname" in err, err


def test_images_inside_the_project_are_drawn(project: Path, tmp_path: Path) -> None:
    (project / "handouts/images").mkdir(exist_ok=True)
    (project / "handouts/images/dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="8"/></svg>')
    append_block(project, "  - image:\n      src: images/dot.svg\n      alt: A black dot.\n      caption: A dot.\n")
    status, err = build(project, tmp_path / "p.pdf")
    assert status == 0, err
    assert '<img src="handouts/images/dot.svg" alt="A black dot.">' in (tmp_path / "p.html").read_text()


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "p.pdf", tmp_path / "b" / "p.pdf"
    assert run("build", "--type", "peritoneal", "-o", first).status == 0
    assert run("build", "--type", "peritoneal", "-o", second).status == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_cold_process_and_a_warm_one_give_the_same_bytes(tmp_path: Path) -> None:
    cold, warm = tmp_path / "cold.pdf", tmp_path / "warm.pdf"
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "make_handout.py"), "build", "--type", "peritoneal",
                           "-o", str(cold)], capture_output=True, text=True)  # renders in a warm worker
    assert done.returncode == 0, done.stderr
    assert run("build", "--type", "peritoneal", "-o", warm).status == 0  # renders in this process
    assert cold.read_bytes() == warm.read_bytes()


SECRET = "SECRET-OUTSIDE-THE-PROJECT"


def outside_file(tmp_path: Path, name: str, text: str = "") -> Path:
    """Return a file outside the project holding a secret (and `text`)."""
    path = tmp_path / "elsewhere" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text + f"\n/* {SECRET} */\n")
    return path


def link_section(p: Path, outside: Path) -> str:
    (p / SECTION).unlink()
    (p / SECTION).symlink_to(outside)
    return f"{SECTION}: the file is a link to a place outside the project; refused"


def link_template(p: Path, outside: Path) -> str:
    (p / "templates/blocks.html").unlink()
    (p / "templates/blocks.html").symlink_to(outside)
    return "templates/blocks.html: the template is a link to a place outside the project; refused"


def link_stylesheet(p: Path, outside: Path) -> str:
    (p / "styles/packet.css").unlink()
    (p / "styles/packet.css").symlink_to(outside)
    return "styles/packet.css: the stylesheet is a link to a place outside the project; refused"


def link_image(p: Path, outside: Path) -> str:
    (p / "handouts/images").mkdir(exist_ok=True)
    (p / "handouts/images/dot.svg").symlink_to(outside)
    line = append_block(p, "  - image:\n      src: images/dot.svg\n      alt: A dot.\n")
    return f"{SECTION}:{line + 1}: image 'images/dot.svg' must be a path inside handouts/"


def logo_outside(p: Path, outside: Path) -> str:
    clinic = p / "handouts/clinics/example.yaml"
    clinic.write_text(clinic.read_text() + f"logo: {outside.with_suffix('.png')}\n")
    outside.rename(outside.with_suffix(".png"))
    line = len(clinic.read_text().splitlines())
    return f"handouts/clinics/example.yaml:{line}: logo '{outside.with_suffix('.png')}' must be inside the project " \
           "or the clinic profile's folder"


def logo_not_an_image(p: Path, outside: Path) -> str:
    clinic = p / "handouts/clinics/example.yaml"
    (p / "handouts/clinics/logo.png").write_text(f"not a picture {SECRET}\n")
    clinic.write_text(clinic.read_text() + "logo: logo.png\n")
    line = len(clinic.read_text().splitlines())
    return f"handouts/clinics/example.yaml:{line}: logo 'logo.png' is not a PNG image"


OUTSIDE = [link_section, link_template, link_stylesheet, link_image, logo_outside, logo_not_an_image]


@pytest.mark.parametrize("case", OUTSIDE, ids=[c.__name__ for c in OUTSIDE])
def test_nothing_outside_the_project_is_read_and_no_bytes_are_shown(project: Path, tmp_path: Path, case) -> None:
    kinds = {link_section: "title: Outside\nblocks:\n  - paragraph: x\n", link_template: "{{ 1 }}",
             link_stylesheet: "p { color: black }", link_image: "<svg xmlns='http://www.w3.org/2000/svg'/>"}
    expected = case(project, outside_file(tmp_path, "x.txt", kinds.get(case, "")))
    out = tmp_path / "out"
    result = run("build", "--project", project, "-o", out / "p.pdf", "--print-html", out / "p.html")
    assert result.status == 2 and result.err.splitlines() == [f"error: {expected}"], result.err
    assert SECRET not in result.err
    assert not out.exists()
