"""Read a built PDF back as a reader sees each page: its text runs, where they are, and which are page furniture.

pypdfium2 gives each text object with its position, font size and marked-content tag, so page furniture (the
running header, the footer, the contents' leaders: marked /Artifact by render/artifacts.py) is told from the body
by the PDF itself, not by guessing margins. A visual line is the runs that share a baseline; a superscript
(a citation mark) belongs to the line it is raised above. A line is split into segments where a gap wider than
1.2 em separates its runs (table cells, a QR code's text, the page number beside the footer).
"""

from __future__ import annotations

import ctypes
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

PT_PER_IN = 72
SEGMENT_GAP = 1.2  # em: a wider gap between runs of one line starts a new segment (a table cell, a column)
RAISED = 0.15  # em: a run whose baseline is this much above its line's is a superscript (a citation mark)


@dataclass(frozen=True)
class Run:
    """One text object: its text, box (PDF points, y upwards), baseline, size, weight and whether it is furniture."""

    text: str
    left: float
    right: float
    bottom: float
    top: float
    baseline: float
    size: float
    bold: bool
    artifact: bool
    roles: tuple[str, ...] = ()  # the structure elements it is tagged under, outermost first ("/Table", "/TD" ...)
    block: tuple[int, int] | None = None  # the paragraph, list item or cell it belongs to (its object number)


@dataclass
class Line:
    """The runs of one baseline, left to right (superscripts included)."""

    runs: list[Run] = field(default_factory=list)

    @property
    def baseline(self) -> float:
        """Return the baseline of the line's main text (its lowest baseline)."""
        return min(run.baseline for run in self.runs)

    @property
    def size(self) -> float:
        """Return the largest font size on the line."""
        return max(run.size for run in self.runs)

    @property
    def bottom(self) -> float:
        return min(run.bottom for run in self.runs)

    @property
    def top(self) -> float:
        return max(run.top for run in self.runs)

    @property
    def left(self) -> float:
        return min(run.left for run in self.runs)

    @property
    def right(self) -> float:
        return max(run.right for run in self.runs)

    @property
    def text(self) -> str:
        """Return the line's text as read, runs joined (their own spaces kept), white space folded."""
        return " ".join(join_runs(self.runs).split())

    def segments(self) -> list[Line]:
        """Split the line where a wide gap separates its runs (table cells, text beside a picture)."""
        parts = [Line([self.runs[0]])]
        for run in self.runs[1:]:
            if run.left - parts[-1].runs[-1].right > SEGMENT_GAP * run.size:
                parts.append(Line([run]))
            else:
                parts[-1].runs.append(run)
        return parts


@dataclass
class Sheet:
    """One page: its size, its furniture lines (header, footer) and its body lines, top to bottom."""

    number: int
    width: float
    height: float
    head: list[Line]
    body: list[Line]
    foot: list[Line]
    inner: list[Line] = field(default_factory=list)  # furniture inside the body area (leaders, slot numbers)

    @property
    def header(self) -> str:
        """Return the running header's text."""
        return " ".join(line.text for line in self.head)

    def fill(self) -> float:
        """Return how much of the body area (between header and footer) the body text fills, top down (0-1)."""
        if not self.body:
            return 0.0
        top = min((line.bottom for line in self.head), default=self.height)
        bottom = max((line.top for line in self.foot), default=0.0)
        return (top - min(line.bottom for line in self.body + self.inner)) / (top - bottom)


def join_runs(runs: list[Run]) -> str:
    """Join runs left to right; a gap between runs with no space of their own reads as a space."""
    text = ""
    for previous, run in zip([None, *runs], runs):
        gap = previous is not None and run.left - previous.right > 0.15 * run.size
        if gap and not text.endswith(" ") and not run.text.startswith(" "):
            text += " "
        text += run.text
    return text


def _marks(obj: pdfium.PdfObject) -> tuple[list[str], int | None]:
    """Return the marked-content tags an object is drawn inside (Span, Artifact ...) and its MCID."""
    names, mcid = [], None
    for index in range(pdfium_c.FPDFPageObj_CountMarks(obj.raw)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj.raw, index)
        buffer, length = (ctypes.c_ushort * 128)(), ctypes.c_ulong()
        pdfium_c.FPDFPageObjMark_GetName(mark, buffer, 256, ctypes.byref(length))
        names.append(bytes(buffer)[:length.value].decode("utf-16-le").rstrip("\x00"))
        value = ctypes.c_int()
        if pdfium_c.FPDFPageObjMark_GetParamIntValue(mark, b"MCID", ctypes.byref(value)):
            mcid = value.value
    return names, mcid


BLOCK = re.compile(r"/(P|LBody|LI|TD|TH|H\d|Caption|Div)$")
Roles = dict[tuple[int, int], tuple[tuple[str, ...], "tuple[int, int] | None"]]


def structure_roles(pdf: Path) -> Roles:
    """Map each (page index, MCID) to the structure elements above it (outermost first) and its block element."""
    roles: Roles = {}
    with pikepdf.open(pdf) as document:
        pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
        todo = [(document.Root.StructTreeRoot, (), None)]
        while todo:
            element, parents, block = todo.pop()
            kids = element.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]):
                page = element.get("/Pg")
                if isinstance(kid, int) and page is not None and page.objgen in pages:
                    roles[pages[page.objgen], kid] = (parents, block)
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    tag = str(kid.S)
                    todo.append((kid, (*parents, tag), kid.objgen if BLOCK.match(tag) else block))
    return roles


def _font_is_bold(obj: pdfium.PdfObject) -> bool:
    """Tell whether a text object's font is a bold face."""
    font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(length)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
    return b"Bold" in buffer.value


def runs_of(page: pdfium.PdfPage, index: int, roles: Roles) -> list[Run]:
    """Return every text object of a page as a run."""
    textpage = page.get_textpage()
    found = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], textpage=textpage):
        text = obj.extract()
        if not text.strip():
            continue
        left, bottom, right, top = obj.get_bounds()
        matrix = obj.get_matrix().get()  # (a, b, c, d, e, f): the scale, then the text's origin on its baseline
        size = obj.get_font_size() * abs(matrix[3])  # in points
        names, mcid = _marks(obj)
        tags, block = roles.get((index, mcid), ((), None)) if mcid is not None else ((), None)
        found.append(Run(text, left, right, bottom, top, matrix[5], size, _font_is_bold(obj), "Artifact" in names,
                         tags, block))
    return found


def lines_of(runs: list[Run]) -> list[Line]:
    """Group runs into visual lines, top to bottom, each left to right; a raised run joins the line below it."""
    lines: list[Line] = []
    for run in sorted(runs, key=lambda r: (r.baseline, r.left)):  # bottom up: a line's text before its marks
        home = next((line for line in lines
                     if -0.1 * line.size <= run.baseline - line.baseline <= 0.55 * line.size
                     and all(min(run.right, r.right) - max(run.left, r.left) < 1 for r in line.runs)), None)
        if home is None:
            lines.append(Line([run]))
        else:
            home.runs.append(run)
    for line in lines:
        line.runs.sort(key=lambda r: r.left)
    return sorted(lines, key=lambda line: -line.baseline)


def read(pdf: Path) -> list[Sheet]:
    """Return every page of a PDF as a Sheet (read once per file version: many tests read the same PDFs)."""
    stat = pdf.stat()
    return _read(pdf.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read(pdf: Path, _mtime: int, _size: int) -> list[Sheet]:
    """Read one version of a file."""
    document = pdfium.PdfDocument(pdf)
    roles = structure_roles(pdf)
    sheets = []
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            runs = runs_of(page, index, roles)
            body = lines_of([run for run in runs if not run.artifact])
            furniture = lines_of([run for run in runs if run.artifact])
            top, bottom = max((ln.top for ln in body), default=0.0), min((ln.bottom for ln in body), default=height)
            head = _stack([ln for ln in furniture if ln.bottom >= top])
            foot = _stack([ln for ln in furniture if ln.top <= bottom][::-1])[::-1]
            foot = foot if foot != head else []
            inner = [ln for ln in furniture if ln not in head and ln not in foot]
            sheets.append(Sheet(index + 1, width, height, head, body, foot, inner))
    finally:
        document.close()
    return sheets


def _stack(lines: list[Line]) -> list[Line]:
    """Return the first lines of a list that sit close together (set solid, as one box): the header from the top,
    or, given the lines bottom up, the footer. Leaders and slot numbers further in are apart from them."""
    stack = lines[:1]
    for line in lines[1:]:
        if abs(stack[-1].baseline - line.baseline) > 1.6 * max(line.size, stack[-1].size):
            break
        stack.append(line)
    return stack


NOT_RUNNING_TEXT = re.compile(r"/(H\d|TD|TH|Table|Caption)$")


def running_text(run: Run) -> bool:
    """Tell whether a run is running text (a paragraph, a list item, a box's text), not a heading or a table."""
    return bool(run.roles) and not any(NOT_RUNNING_TEXT.match(role) for role in run.roles)


def measure(sheet: Sheet) -> list[int]:
    """Return the characters of each wrapped line of running text on a page: the measure.

    A wrapped line is one the line breaker ended: the next line down holds more of the same paragraph or list
    item (the structure tree says which). A paragraph's or an item's last line, headings and tables are left
    out."""
    segments = [seg for line in sheet.body for seg in line.segments()]
    counts = []
    for index, seg in enumerate(segments):
        text = [run for run in seg.runs if not re.fullmatch(r"\s*(•|\d+\.)\s*", run.text)]  # after a bullet
        if not text or not all(running_text(run) for run in text):
            continue
        below = next((other for other in segments[index + 1:] if other.baseline < seg.baseline - 0.5 * seg.size), None)
        if below is not None and text[-1].block is not None and text[-1].block in {run.block for run in below.runs}:
            counts.append(len(" ".join(join_runs(text).split())))
    return counts


def percentile(values: list[int], share: float) -> float:
    """Return the value below which `share` of the values lie (linear interpolation)."""
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
