"""Page craft read back from every built PDF (issue 24): the measure, breaks, furniture that fits, phone numbers and
citation marks kept whole, one link per reference address, one Table per table. Each rule is a function over
every page (no page numbers are expected), run on the 24 batch versions and duplex packets, and shown to fail on a
project whose stylesheet breaks it on purpose."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from mesopacket.check.pdfua import walk
from mesopacket.content import inline
from mesopacket.content.dates import long_date
from mesopacket.content.references import bibliography
from mesopacket.options import Options
from mesopacket.pipeline import compose, plan

from conftest import TYPES, copy_project, run, version_file
from page_geometry import PT_PER_IN, RAISED, Line, Sheet, join_runs, measure, percentile, read

VERSIONS = [(t, lang, large, paper) for t in TYPES for lang in ("en", "es") for large in (False, True)
            for paper in ("letter", "a4")]
MEASURE = (45, 75)  # characters a line: the median at least, the 95th percentile at most (issue 24)
COUNTED = 6  # a page with fewer lines of running text than this is not judged for its measure
HALF = 0.5  # a page may be less full than this only where its section ends
EDGE = 0.15 * PT_PER_IN  # furniture keeps this far from the paper's edge (printers do not print to the edge)
LONG_CLINIC = {"en": "Northwestern Regional Cancer Care Center", "es": "Centro Oncológico Regional del Noroeste"}


@dataclass(frozen=True)
class Expect:
    """What one version's pages are checked against, taken from its content and options."""

    call: str  # the footer's "Questions? Call ..." sentence
    night: str  # the footer's 24-hour line ("" without an after-hours number)
    page: str  # "Page {n} of {m}" with {n} and {m} to fill in
    end: tuple[str, ...]  # the last page's pieces: the document ID and the review date
    marks: tuple[str, ...]  # the DRAFT or EXAMPLE mark and the running headers' titles
    phones: tuple[str, ...]  # every phone number the packet prints
    summaries: tuple[str, ...]  # the start of each paragraph that is one bold sentence
    own_page: tuple[str, ...]  # what starts a page of its own by design, kept whole: a diary, a call box
    references: str  # the references section's title (its running header)
    links: int  # the reference addresses, DOIs and PubMed IDs the bibliography prints (one link each)
    tables: int  # <table> elements in the HTML


def expect(project: Path, type_id: str, lang: str, large: bool = False, clinic: Path | None = None) -> Expect:
    """Return what a version must show, from its content (the same plan the build made)."""
    planned = plan(Options(project=project, type=type_id, lang=lang, large_print=large, clinic=clinic,
                           today=None))
    packet, labels, review = planned.packet, planned.packet.spec.labels, planned.review
    clinic_ = packet.clinic
    call = labels.questions_call.replace("{clinic}", clinic_.name).replace("{phone}", clinic_.phone)
    night = labels.day_or_night.replace("{phone}", clinic_.after_hours_phone) if clinic_.after_hours_phone else ""
    end = [f"{labels.document_id} {planned.document_id}"]
    if review.reviewed_on:
        end.append(f"{labels.reviewed} {long_date(review.reviewed_on, labels)}")
    mark = [labels.draft] if review.draft else [labels.example_mark] if review.example else []
    blocks = [block for section in packet.sections for block in section.blocks]
    texts = [text for section in packet.sections for text in _texts(section.blocks)]
    phones = {m[0] for text in texts for m in inline.PHONE.finditer(text)}
    phones |= {p for p in [clinic_.phone, clinic_.after_hours_phone, *(c.phone for c in clinic_.contacts)] if p}
    summaries = tuple(inline.plain(b.paragraph)[:30] for b in blocks
                      if b.kind == "paragraph" and b.paragraph.startswith("**"))
    own_page = tuple(inline.plain(b.diary.scale)[:30] for b in blocks if b.kind == "diary") + (f"{labels.urgent}:",)
    bib = bibliography(packet)
    links = sum(bool(packet.references[key].doi) + bool(packet.references[key].pmid)
                + bool(packet.references[key].url) for _, key, _ in bib.entries)
    html = compose(planned).html
    return Expect(call, night, f"{labels.page} {{n}} {labels.of} {{m}}", tuple(end),
                  tuple(mark) + tuple(s.header for s in packet.sections), tuple(sorted(phones)), summaries,
                  own_page, labels.references, links, html.count("<table"))


def _texts(blocks: tuple) -> list[str]:
    """Return every text value of some blocks (for the phone numbers they print)."""
    found: list[str] = []

    def leaves(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                leaves(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                leaves(item)
    for block in blocks:
        leaves(block.model_dump())
    return found


# The rules. Each returns its problems, one line each, naming the page.

def measure_problems(sheets: list[Sheet]) -> list[str]:
    """Pages whose running text is set too narrow (median) or too wide (95th percentile)."""
    found = []
    for sheet in sheets:
        counts = measure(sheet) if sheet.head else []  # section pages: not the cover nor the contents
        if len(counts) < COUNTED:
            continue
        median, top = statistics.median(counts), percentile(counts, 0.95)
        if median < MEASURE[0] or top > MEASURE[1]:
            found.append(f"page {sheet.number}: {len(counts)} lines, median {median:.0f}, 95th percentile {top:.0f}")
    return found


TITLE = re.compile(r"/(H\d|THead|Caption)$")


def is_heading(line: Line) -> bool:
    """Tell whether a line is a heading, a box title, a table's caption or its header row (structure tree); a
    figure's caption, under its picture, may end a page."""
    return all(any(TITLE.match(role) for role in run.roles) and not ("/Caption" in run.roles and "/Table" not in
                                                                     run.roles) for run in line.runs)


def heading_at_foot(sheets: list[Sheet]) -> list[str]:
    """Pages whose last body line is a heading, a box title, a caption or a table's header row."""
    found = []
    for sheet in sheets[1:]:  # the cover is a page of its own design
        if not sheet.body or any(line.top < sheet.body[-1].bottom for line in sheet.inner):
            continue  # drawn things (question slots) follow the last line of text
        if is_heading(sheet.body[-1]):
            found.append(f"page {sheet.number} ends with {sheet.body[-1].text!r}")
    return found


def summary_alone(sheets: list[Sheet], summaries: tuple[str, ...]) -> list[str]:
    """Pages that open with a bold summary sentence torn from the paragraph before it."""
    found = []
    for sheet in sheets[1:]:
        first = sheet.body[0].text if sheet.body else ""
        found += [f"page {sheet.number} opens with {first!r}" for start in summaries if first.startswith(start)]
    return found


def split_references(sheets: list[Sheet], title: str) -> list[str]:
    """Reference pages that open in the middle of an entry (an entry split across pages)."""
    found = []
    pages = [sheet for sheet in sheets if sheet.header.startswith(title)]
    for sheet in pages[1:]:
        first = sheet.body[0].text if sheet.body else ""
        if not re.match(r"\d+\.", first):
            found.append(f"page {sheet.number} opens inside an entry: {first!r}")
    return found


def title_of(sheet: Sheet) -> str:
    """Return the first line of a page's running header (the section's short title and, if it fits, the mark)."""
    return sheet.head[0].text if sheet.head else ""


def half_empty(sheets: list[Sheet], own_page: tuple[str, ...] = ()) -> list[str]:
    """Pages less than half full that do not end their section (blank pages are labelled in the header), or come
    before what starts a page of its own by design: a symptom diary (one sheet to fill in), a call box kept
    whole (the card by the phone) or a drawing (a picture cannot be split)."""
    found = []
    for index, sheet in enumerate(sheets[1:-1], 1):
        first = sheets[index + 1].body[0] if sheets[index + 1].body else None
        following = first.text if first else ""
        roles = first.runs[0].roles if first else ()
        drawing = "/Figure" in roles or ("/Caption" in roles and "/Table" not in roles)  # a drawing starts the page
        ends = title_of(sheets[index + 1]) != title_of(sheet) or following.startswith(own_page or ("\0",)) or drawing
        if sheet.body and not ends and sheet.fill() < HALF:
            found.append(f"page {sheet.number} ({title_of(sheet)}) is {sheet.fill():.0%} full")
    return found


def overlapping(lines: list[Line]) -> list[str]:
    """Return the pairs of runs in these lines whose boxes overlap."""
    runs = [run for line in lines for run in line.runs]
    return [f"{a.text!r} and {b.text!r}" for i, a in enumerate(runs) for b in runs[i + 1:]
            if min(a.right, b.right) - max(a.left, b.left) > 0.5 and min(a.top, b.top) - max(a.bottom, b.bottom) > 0.5]


def needless_breaks(lines: list[Line], sentence: str, phones: tuple[str, ...]) -> list[str]:
    """Return where a sentence set over several of these lines breaks although the next words would have fit.

    The words that may not be parted (a phone number and the word before it) count as one: what starts the next
    line is whatever comes before its first ordinary space."""
    texts = [" ".join(join_runs(line.runs).split(" ")).strip() for line in lines]
    flat = [" ".join(text.split()) for text in texts]
    count = next((k for k in range(1, len(lines) + 1) if " ".join(flat[:k]) == sentence), 0)
    left = min(run.left for line in lines for run in line.runs)
    width = max(run.right for line in lines for run in line.runs) - left
    found = []
    for above, below, text in zip(lines[:count - 1], lines[1:count], texts[1:count]):
        for phone in phones:
            text = text.replace(phone, phone.replace(" ", "\xa0"))
        chunk = text.split(" ")[0]
        needed = (below.right - below.left) * len(chunk) / max(len(text), 1) + 0.3 * below.size
        if above.right - left + needed < width:
            found.append(f"{sentence!r} breaks before {chunk!r}, which fits the line above")
    return found


def furniture_problems(sheets: list[Sheet], want: Expect) -> list[str]:
    """Headers and footers that overlap, touch the body or the paper's edge, lose a piece or break one.

    Whole on one line each: phone numbers, "Page N of M", the document ID, the review date, the 24-hour line, the
    header's title and mark. The "Questions? Call" sentence breaks only where the rest does not fit (a long clinic
    name in large print)."""
    found = []
    for sheet in sheets[1:]:
        if not sheet.foot:
            found.append(f"page {sheet.number}: no footer")
            continue
        where = f"page {sheet.number}"
        lines = [line.text for line in sheet.foot]
        pieces = [want.page.format(n=sheet.number, m=len(sheets))] + [want.night] * bool(want.night)
        pieces += list(want.end) if sheet is sheets[-1] else []
        pieces += [p for p in want.phones if p in want.call]
        found += [f"{where}: footer piece {piece!r} not whole on one line of {lines}" for piece in pieces
                  if not any(piece in line for line in lines)]
        if want.call not in " ".join(lines):
            found.append(f"{where}: the footer lost {want.call!r}: {lines}")
        found += [f"{where}: {problem}" for problem in needless_breaks(sheet.foot, want.call, want.phones)]
        found += [f"{where}: furniture overlaps: {pair}" for pair in overlapping(sheet.foot) + overlapping(sheet.head)]
        if sheet.body and min(ln.bottom for ln in sheet.body) < max(ln.top for ln in sheet.foot):
            found.append(f"{where}: the footer overlaps the body")
        if sheet.body and sheet.head and max(ln.top for ln in sheet.body) > min(ln.bottom for ln in sheet.head):
            found.append(f"{where}: the header overlaps the body")
        highest = max((ln.top for ln in sheet.head), default=0)
        if min(ln.bottom for ln in sheet.foot) < EDGE or highest > sheet.height - EDGE:
            found.append(f"{where}: furniture too close to the paper's edge")
        heads = [line.text for line in sheet.head]
        found += [f"{where}: header {mark!r} wraps: {heads}" for mark in want.marks
                  if mark in " ".join(heads) and not any(mark in line for line in heads)]
    return found


def split_phones(sheets: list[Sheet], phones: tuple[str, ...]) -> list[str]:
    """Phone numbers broken across two lines."""
    found = []
    for sheet in sheets:
        for lines in (sheet.body, sheet.foot):
            texts = [line.text.replace(" ", "") for line in lines]
            for phone in phones:
                key = phone.replace(" ", "")
                if "".join(texts).count(key) > sum(text.count(key) for text in texts):
                    found.append(f"page {sheet.number}: {phone} is split across lines")
    return found


def loose_citations(sheets: list[Sheet]) -> list[str]:
    """Citation marks (raised runs) that start a line or stand apart from the word before them."""
    found = []
    for sheet in sheets:
        for line in sheet.body:
            base = line.baseline
            for before, mark in zip([None, *line.runs], line.runs):
                raised = mark.baseline - base > RAISED * mark.size
                if not raised or (before is not None and before.baseline - base > RAISED * before.size):
                    continue  # not a mark, or the next run of a mark already judged
                if before is None or mark.left - before.right > 0.25 * mark.size or before.text.endswith(" "):
                    found.append(f"page {sheet.number}: citation {mark.text!r} stands apart in {line.text!r}")
    return found


def link_annotations(pdf: Path, title: str) -> Counter[str]:
    """Count the web links (/URI annotations) on the references' pages, by address."""
    sheets = read(pdf)
    pages = {sheet.number - 1 for sheet in sheets if sheet.header.startswith(title)}
    found: Counter[str] = Counter()
    with pikepdf.open(pdf) as document:
        for index in pages:
            for annot in document.pages[index].obj.get("/Annots", []):
                uri = annot.get("/A", {}).get("/URI")
                if uri is not None:
                    found[str(uri)] += 1
    return found


def link_problems(pdf: Path, want: Expect) -> list[str]:
    """Reference addresses that print as more (or fewer) than one link each."""
    counts = link_annotations(pdf, want.references)
    found = [f"{uri} is {n} links" for uri, n in counts.items() if n != 1]
    if sum(counts.values()) != want.links:
        found.append(f"{sum(counts.values())} reference links for {want.links} addresses")
    return found


def table_problems(pdf: Path, want: Expect) -> list[str]:
    """A table tagged as more than one Table (split across pages) or missing from the structure tree."""
    with pikepdf.open(pdf) as document:
        tables = sum(1 for element, _ in walk(document.Root.StructTreeRoot) if str(element.S) == "/Table")
    return [] if tables == want.tables else [f"{tables} Table elements for {want.tables} tables"]


def all_problems(pdf: Path, want: Expect) -> dict[str, list[str]]:
    """Return every rule's problems for one PDF."""
    sheets = read(pdf)
    return {"measure": measure_problems(sheets), "heading": heading_at_foot(sheets),
            "summary": summary_alone(sheets, want.summaries), "reference": split_references(sheets, want.references),
            "half-empty": half_empty(sheets, want.own_page), "furniture": furniture_problems(sheets, want),
            "phone": split_phones(sheets, want.phones), "citation": loose_citations(sheets),
            "links": link_problems(pdf, want), "tables": table_problems(pdf, want)}


def assert_clean(problems: dict[str, list[str]]) -> None:
    """Fail with every problem found, by rule."""
    bad = {rule: found for rule, found in problems.items() if found}
    assert not bad, "\n".join(f"{rule}: {'; '.join(found[:6])}" for rule, found in bad.items())


# Every shipped version, duplex and a 40-character clinic name.

@pytest.mark.parametrize(("type_id", "lang", "large", "paper"), VERSIONS)
def test_every_version_keeps_every_page_rule(shipped_batch: tuple[Path, Path], type_id: str, lang: str,
                                             large: bool, paper: str) -> None:
    project, out = shipped_batch
    want = expect(project, type_id, lang, large)
    assert_clean(all_problems(out / version_file(type_id, lang, large, paper), want))


@pytest.fixture(scope="module")
def duplex(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two-sided packets: standard English and large-print Spanish."""
    folder = tmp_path_factory.mktemp("duplex")
    built = {}
    for lang, extra in (("en", []), ("es", ["--large-print"])):
        built[lang] = folder / f"duplex-{lang}.pdf"
        result = run("build", "--duplex", "--lang", lang, *extra, "-o", built[lang])
        assert result.status == 0, result.err
    return built


@pytest.mark.parametrize("lang", ["en", "es"])
def test_duplex_packets_keep_every_page_rule(duplex: dict[str, Path], lang: str) -> None:
    want = expect(Options().project, "pleural", lang, lang == "es")
    assert_clean(all_problems(duplex[lang], want))


@pytest.fixture(scope="module")
def long_name(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[tuple[str, bool], Path]]:
    """A project whose clinic has a 40-character name, built in both languages and both print sizes."""
    root = tmp_path_factory.mktemp("long-name")
    project = copy_project(root / "project")
    clinic = project / "handouts" / "clinics" / "example.yaml"
    text = clinic.read_text()
    clinic.write_text(re.sub(r"(?m)^name: .*$", f"name: {{en: {LONG_CLINIC['en']}, es: {LONG_CLINIC['es']}}}", text))
    built = {}
    for lang in ("en", "es"):
        for large in (False, True):
            built[lang, large] = root / f"{lang}-{large}.pdf"
            result = run("build", "--project", project, "--lang", lang, "--paper", "a4", "-o", built[lang, large],
                         *(["--large-print"] if large else []))
            assert result.status == 0, result.err
    return project, clinic, built


@pytest.mark.parametrize(("lang", "large"), [("en", False), ("en", True), ("es", False), ("es", True)])
def test_footer_fits_a_40_character_clinic_name(long_name: tuple[Path, Path, dict], lang: str, large: bool) -> None:
    project, clinic, built = long_name
    assert len(LONG_CLINIC[lang]) >= 39
    want = expect(project, "pleural", lang, large, clinic)
    sheets = read(built[lang, large])
    assert furniture_problems(sheets, want) == []


# Each rule fails on a stylesheet broken on purpose.

BROKEN = {
    "measure": ":root { --measure: none; }",
    "heading": "h2 { break-after: page; }",
    "summary": "p.bold-summary { break-before: page; }",
    "reference": ".references li { break-inside: auto; orphans: 1; widows: 1; line-height: 2.2; }",
    "half-empty": ".section h2 { break-before: page; }",
    "furniture": ".page-foot p { margin-top: -0.9em; } .head-title, .head-mark { white-space: normal; }"
                 " .page-head { font-size: 30pt; }",
    "phone": ".phone { white-space: normal !important; } body { max-width: 17.6em; }",
    "citation": ".cited, sup.cite { white-space: normal; } sup.cite::before { content: '\\200B'; }",
    "links": ".references ol { max-width: 14em; } .references a { white-space: normal; }",
    "tables": ".care-team tr.blank td { height: 1.6in; }",  # taller than a page: it breaks (one Table, merged)
}


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The standard English pleural packet (A4) from project copies whose stylesheet breaks one rule each."""
    root = tmp_path_factory.mktemp("broken-craft")
    built = {}
    for name, rule in BROKEN.items():
        project = copy_project(root / name)
        sheet = project / "styles" / "packet.css"
        sheet.write_text(sheet.read_text() + "\n" + rule + "\n")
        built[name] = root / f"{name}.pdf"
        result = run("build", "--project", project, "--paper", "a4", "-o", built[name])
        assert result.status == 0, result.err
    return built


@pytest.mark.parametrize("rule", [rule for rule in BROKEN if rule != "tables"])
def test_each_rule_fails_on_a_broken_stylesheet(broken: dict[str, Path], rule: str) -> None:
    want = expect(Options().project, "pleural", "en")
    problems = all_problems(broken[rule], want)
    assert problems[rule], f"the {rule} rule found nothing on a stylesheet that breaks it"


def test_table_rule_fails_on_a_table_tagged_as_two(broken: dict[str, Path], tmp_path: Path) -> None:
    """A table broken across pages stays one Table; tagged as two (as WeasyPrint does by itself), the rule fails."""
    want = expect(Options().project, "pleural", "en")
    assert table_problems(broken["tables"], want) == []
    split = tmp_path / "two-tables.pdf"
    with pikepdf.open(broken["tables"]) as document:
        table, parents = next((element, parents) for element, parents in walk(document.Root.StructTreeRoot)
                              if str(element.S) == "/Table" and len(element.K) > 2)
        rest = pikepdf.Array([table.K[-1]])
        del table.K[-1]
        second = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Table,
                                                            P=table.P, K=rest))
        rest[0].P = second
        table.P.K.append(second)
        document.save(split)
    assert table_problems(split, want) == [f"{want.tables + 1} Table elements for {want.tables} tables"]
