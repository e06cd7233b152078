"""Pagination read back from the built PDFs: no heading alone at a page foot, no page holding only a stray line,
and the standard English pleural packet within its page budget. Each check is shown to fail on a broken style."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from mesopacket.content.language import load_content
from mesopacket.options import Options

from conftest import TYPES, copy_project, flat, run, version_file
from page_geometry import read

STRAY_LINES = 3  # a page that continues a section with fewer body lines than this holds only a stray fragment
STRAY_CHARS = 200  # ... or with fewer characters than this (about two lines of standard print; a 911 line)
STRAY_FILL = 0.15  # ... and filling less than this much of the page (three lines of large print fill 12%)
PAGE_BUDGET = 35  # the standard English pleural packet (issue 10: 24; issue 20 added genetics, POLST, early palliative
#                   care, drawings and AMA-complete references: 29; issue 24 shortened lines from about 90 characters
#                   to 45-75 and added the reader's own question slots: 34 pages, one page of room)
VERSIONS = [(t, lang, large, paper) for t in TYPES for lang in ("en", "es") for large in (False, True)
            for paper in ("letter", "a4")]


@dataclass(frozen=True)
class Line:
    """One line of text on a page and where it is."""

    top: float
    bottom: float
    left: float
    text: str


@dataclass(frozen=True)
class Page:
    """One page: its running header (the section it belongs to) and its body lines, top to bottom."""

    header: str
    lines: list[Line]
    fill: float = 1.0  # how much of the body area its text and drawn marks fill, top down (0-1)


@dataclass(frozen=True)
class Titles:
    """What a packet's pages are checked against."""

    openers: set[str]  # section titles and headings: a page starting with one starts a (sub)section
    tools: set[str]  # titles of the tool sections (diary, questions, notes): pages of lines to write on
    heads: set[str]  # every heading that must stay with what follows it


def read_pages(pdf: Path) -> list[Page]:
    """Return each page's running header and body lines (the header and footer, marked as artifacts, left out;
    drawn marks in the body such as the blank question slots' numbers kept; tests/page_geometry.py reads them),
    with y measured down from the top of the page."""
    pages = []
    for sheet in read(pdf):
        lines = sorted(sheet.body + sheet.inner, key=lambda ln: -ln.top)
        pages.append(Page(sheet.header, [Line(sheet.height - ln.top, sheet.height - ln.bottom, ln.left, ln.text)
                                         for ln in lines], sheet.fill()))
    return pages


def titles(lang: str, type_id: str, project: Path) -> Titles:
    """Return the packet's section titles and headings, its tool sections and every title that must not end a page."""
    content = load_content(Options(project=project, lang=lang))
    packet = content.packet(type_id)
    labels = content.spec.labels
    blocks = [block for section in packet.sections for block in section.blocks]
    openers = {s.title for s in packet.sections} | {labels.glossary, labels.references, labels.contents,
                                                     labels.near_you, labels.own_questions}
    openers |= {flat(head) for head in (getattr(block, "heading", None) for block in blocks) if isinstance(head, str)}
    heads = openers | {labels.key_points, f"{labels.urgent}:"}
    heads |= {flat(text) for block in blocks for text in _block_titles(block)}
    tools = {s.header for s in packet.sections if s.is_tool()}  # a tool page's running header: its short title
    return Titles(openers, tools, heads)


def _block_titles(block: object) -> list[str]:
    """Return the titles a block carries: a heading, an action box's title, a diary's scale, a table's caption."""
    found = [getattr(block, "heading", None)]
    action, diary, table = (getattr(block, name, None) for name in ("action", "diary", "table"))
    found += [getattr(action, "title", None), getattr(diary, "scale", None), getattr(table, "caption", None)]
    return [text for text in found if isinstance(text, str)]


def heading_at_foot(pages: list[Page], heads: set[str]) -> list[tuple[int, str]]:
    """Return (page number, heading) for each page whose last body lines are a heading."""
    found = []
    for number, page in enumerate(pages, 1):
        tails = {flat(" ".join(ln.text for ln in page.lines[-k:])) for k in (1, 2, 3) if len(page.lines) >= k}
        found += [(number, head) for head in sorted(tails & heads)]
    return found


def stray_pages(pages: list[Page], known: Titles) -> list[tuple[int, str]]:
    """Return (page number, text) for each page that continues a section but holds only a line or two.

    A tool page (lines to write on, a diary) holds little text by design: only its line count is judged. A page
    whose text or drawn marks fill 15% of it or more (resources with their QR codes, the last four items of a
    box) holds more than a stray fragment."""
    found = []
    for number, page in enumerate(pages[1:], 2):  # the cover is a page of its own design
        text = flat(" ".join(ln.text for ln in page.lines))
        if {flat(" ".join(ln.text for ln in page.lines[:k])) for k in (1, 2, 3)} & known.openers:
            continue
        tool = any(page.header.startswith(title) for title in known.tools)
        if page.fill < STRAY_FILL and (len(page.lines) < STRAY_LINES or (len(text) < STRAY_CHARS and not tool)):
            found.append((number, text))
    return found


def build(project: Path, out: Path, *extra: str) -> Path:
    """Build the pleural packet of a project copy and return the PDF."""
    result = run("build", "--project", project, "--type", "pleural", "-o", out, *extra)
    assert result.status == 0, result.err
    return out


@pytest.mark.parametrize(("type_id", "lang", "large", "paper"), VERSIONS)
def test_no_heading_alone_at_page_foot(shipped_batch: tuple[Path, Path], type_id: str, lang: str, large: bool,
                                       paper: str) -> None:
    project, out = shipped_batch
    pages = read_pages(out / version_file(type_id, lang, large, paper))
    assert heading_at_foot(pages, titles(lang, type_id, project).heads) == []


@pytest.mark.parametrize(("type_id", "lang", "large", "paper"), VERSIONS)
def test_no_page_holds_only_a_stray_line(shipped_batch: tuple[Path, Path], type_id: str, lang: str, large: bool,
                                         paper: str) -> None:
    project, out = shipped_batch
    pages = read_pages(out / version_file(type_id, lang, large, paper))
    assert stray_pages(pages, titles(lang, type_id, project)) == []


def test_standard_english_pleural_packet_within_budget(shipped_batch: tuple[Path, Path]) -> None:
    _, out = shipped_batch
    assert len(read_pages(out / version_file("pleural", "en", False, "letter"))) <= PAGE_BUDGET


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The standard English pleural packet built from project copies whose stylesheet breaks one rule each."""
    root = tmp_path_factory.mktemp("broken")
    rules = {"heading": "h2 { break-after: page; }", "stray": ".urgent + p + p { break-before: page !important; }",
             "budget": ".section h2 { break-before: page; }"}
    built = {}
    for name, rule in rules.items():
        project = copy_project(root / name)
        sheet = project / "styles" / "packet.css"
        sheet.write_text(sheet.read_text() + "\n" + rule + "\n")
        built[name] = build(project, root / f"{name}.pdf")
    return built


def test_heading_check_fails_when_headings_break_from_their_text(broken: dict[str, Path]) -> None:
    heads = titles("en", "pleural", Options().project).heads
    assert heading_at_foot(read_pages(broken["heading"]), heads) != []


def test_stray_check_fails_when_a_line_is_pushed_to_its_own_page(broken: dict[str, Path]) -> None:
    found = stray_pages(read_pages(broken["stray"]), titles("en", "pleural", Options().project))
    assert any("Hospice" in text for _, text in found), found


def test_budget_check_fails_when_the_packet_grows(broken: dict[str, Path]) -> None:
    assert len(read_pages(broken["budget"])) > PAGE_BUDGET

