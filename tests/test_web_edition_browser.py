"""The web editions, the download page and the staff form in Debian's headless Chromium: axe-core at WCAG 2.2 AA,
a 390 px phone, citations that go to their reference and back, and the same words as the PDF (pdftotext)."""

from __future__ import annotations

import difflib
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_check import violations
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from mesopacket.content.dates import long_date
from mesopacket.options import LANGUAGE, Options
from mesopacket.pipeline import plan

from conftest import TYPES, live_form

LANGS = ("en", "es")
SIZES = ("", "-large")
EDITIONS = [f"mesothelioma-stage4-{t}-{lang}{size}.html" for t in TYPES for lang in LANGS for size in SIZES]
STANDARD = [(t, lang) for t in TYPES for lang in LANGS]
WIDTHS = (390, 1280)


def open_page(browser: Browser, url: str, width: int, scheme: str = "light") -> Page:
    """Open a page at a width (a phone or a desktop) in light or dark mode."""
    # bypass_csp: the staff form forbids inline scripts (its Content-Security-Policy), and axe-core is injected as one
    page = browser.new_page(viewport={"width": width, "height": 844}, color_scheme=scheme,  # type: ignore[arg-type]
                            bypass_csp=True)
    page.goto(url)
    return page


@pytest.fixture(scope="module")
def out(shipped_batch: tuple[Path, Path]) -> Path:
    """The batch folder of the shipped project: 24 PDFs, 12 web editions, the download pages."""
    return shipped_batch[1]


@pytest.fixture(scope="module")
def staff_form(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The staff form behind waitress on 127.0.0.1."""
    with live_form(tmp_path_factory.mktemp("cache"), threads=2) as url:
        yield url


def test_axe_reports_a_known_violation(browser: Browser) -> None:
    page = browser.new_page()
    page.set_content('<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#bbb">Faint</p>'
                     '</main></body></html>')
    found = violations(page)
    assert any(v.startswith("image-alt:") for v in found) and any(v.startswith("color-contrast:") for v in found)
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", EDITIONS)
def test_web_edition_has_no_wcag_violations(out: Path, browser: Browser, name: str, width: int,
                                            scheme: str) -> None:
    page = open_page(browser, (out / name).as_uri(), width, scheme)
    assert violations(page) == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["index.html", "index.es.html"])
def test_download_page_has_no_wcag_violations(out: Path, browser: Browser, name: str, width: int) -> None:
    page = open_page(browser, (out / name).as_uri(), width)
    assert violations(page) == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("ui", LANGS)
def test_staff_form_has_no_wcag_violations(staff_form: str, browser: Browser, ui: str, width: int) -> None:
    page = open_page(browser, f"{staff_form}?ui={ui}", width)
    assert violations(page) == []
    page.close()


def headings(page: Page) -> list[str]:
    """Return the text of the page's top-level headings after the cover (contents, sections, glossary, references)."""
    return page.evaluate("[...document.querySelectorAll('h1:not(.cover-title)')].map(h => h.innerText.trim())")


def right_edges(page: Page) -> list[float]:
    """Return the right edge of every element shown in the page, but those inside the diary's own scrolling box
    (a table of 7 days may scroll inside its box when text is very large; the box itself fits)."""
    return page.evaluate("[...document.querySelectorAll('main *')].filter(e => e.getClientRects().length"
                         " && !e.parentElement.closest('.diary-tool')).map(e => e.getBoundingClientRect().right)")


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("name", EDITIONS)
def test_a_phone_reads_it_without_sideways_scrolling(out: Path, browser: Browser, name: str, width: int) -> None:
    page = open_page(browser, (out / name).as_uri(), width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert max(right_edges(page)) <= width
    targets = page.evaluate("[...document.querySelectorAll('.contents a, .back-links a, .phone a, .resource a,"
                            " .clinic-details a')].map(e => [e.offsetWidth, e.offsetHeight, e.textContent])")
    small = [t for t in targets if min(t[0], t[1]) < 44]
    assert targets and small == []  # tap targets of at least 44 px
    page.close()


@pytest.mark.parametrize("name", EDITIONS[:4])
def test_text_at_200_percent_still_fits(out: Path, browser: Browser, name: str) -> None:
    page = open_page(browser, (out / name).as_uri(), 390)
    page.evaluate("document.documentElement.style.fontSize = '200%'")  # the reader's font size, doubled
    assert page.evaluate("getComputedStyle(document.querySelector('.section p')).fontSize") in ("36px", "44.8px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 and max(right_edges(page)) <= 390
    page.close()


@pytest.mark.parametrize("type_id, lang", STANDARD)
def test_the_pdfs_contents_headings_in_the_same_order(out: Path, browser: Browser, type_id: str, lang: str) -> None:
    pdf = PdfReader(out / f"mesothelioma-stage4-{type_id}-{lang}-letter.pdf")
    bookmarks = [item.title for item in pdf.outline]  # one per heading of the PDF's contents (and Contents)
    page = open_page(browser, (out / f"mesothelioma-stage4-{type_id}-{lang}.html").as_uri(), 390)
    assert headings(page) == bookmarks
    listed = page.evaluate("[...document.querySelectorAll('.contents a')].map(a => a.innerText.trim())")
    assert listed == bookmarks[1:]
    page.close()


def in_view(page: Page, selector: str) -> bool:
    """Tell whether the element's top is on screen."""
    return page.evaluate("s => { const r = document.querySelector(s).getBoundingClientRect();"
                         " return r.top >= 0 && r.top < innerHeight; }", selector)


@pytest.mark.parametrize("type_id, lang", STANDARD)
def test_every_citation_goes_to_its_reference_and_back(out: Path, browser: Browser, type_id: str, lang: str) -> None:
    page = open_page(browser, (out / f"mesothelioma-stage4-{type_id}-{lang}.html").as_uri(), 390)
    cites = page.evaluate("[...document.querySelectorAll('sup.cite a')].map(a => [a.id, a.getAttribute('href')])")
    assert len(cites) > 5
    for place, href in cites:
        page.click(f"#{place}")
        assert page.evaluate("location.hash") == href and in_view(page, href)
        page.click(f"{href} .back-links a[href='#{place}']")
        assert page.evaluate("location.hash") == f"#{place}" and in_view(page, f"#{place}")
    backs = page.evaluate("[...document.querySelectorAll('.back-links a')].map(a => a.getAttribute('href'))")
    assert sorted(backs) == sorted(f"#{place}" for place, _ in cites)  # every back-link has its citation
    page.close()


def words(text: str) -> list[str]:
    """Split text into words, joining what layout splits (a citation's commas) and dropping bullet marks."""
    return [w for w in re.sub(r"\s*,\s*(?=\d)", ",", text).split() if w != "\u2022"]


def letters(found: list[str]) -> str:
    """Return the words run together without hyphens: the PDF breaks long addresses at a line's end (after '/'
    or '-'), and pdftotext drops a hyphen that ends a line."""
    return "".join(found).replace("-", "")


def pdf_sections(pdf: Path, project: Path, type_id: str, lang: str) -> dict[str, list[str]]:
    """Return each section's words in the PDF (pdftotext), without page furniture: the running header, the
    footer, "Page N of M", the EXAMPLE or DRAFT mark, "intentionally blank" and the contents' page numbers."""
    planned = plan(Options(project=project, type=type_id, lang=lang))
    labels, clinic = planned.packet.spec.labels, planned.packet.clinic
    reader = PdfReader(pdf)
    starts = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    footer = labels.questions_call.replace("{clinic}", clinic.name).replace("{phone}", clinic.phone)
    night = labels.day_or_night.replace("{phone}", clinic.after_hours_phone or "")
    headers = {s.title: s.header for s in planned.packet.sections}  # the running header: a section's short title
    review = planned.review
    end_mark = f"{labels.document_id} {planned.document_id}" + (
        f" - {labels.reviewed} {long_date(review.reviewed_on, labels)}" if review.reviewed_on else "")  # last page
    furniture = [" ".join(mark.split()) for mark in (labels.example_mark, labels.draft, labels.blank_page, footer,
                                                      night, end_mark)]
    found = {}
    for index, (title, first) in enumerate(starts):
        last = starts[index + 1][1] - 1 if index + 1 < len(starts) else len(reader.pages) - 1
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(first + 1), "-l", str(last + 1), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        text = re.sub(rf"{re.escape(labels.page)}\s+\d+\s+{re.escape(labels.of)}\s+\d+", " ", text)
        if index == 0:  # the contents: each title's dotted leader and page number
            text = re.sub(r"(?m)(?:[ \t]*\.){2,}[ \t]*\d+[ \t]*$", "", text)
        pages = []
        for page in text.split("\f"):
            page = " ".join(page.split())
            for mark in furniture:
                page = page.replace(mark, " ")
            header = " ".join(headers.get(title, title).split())
            pages.append(page.replace(header, " ", 1) if index else page)  # the running header
        joined = " ".join(" ".join(pages).split())
        row = f"{labels.role} {labels.name} {labels.clinic_phone}"  # a table's header row, repeated (an artifact)
        first = joined.find(row) + len(row)  # on each page the care-team table continues on
        joined = joined[:first] + joined[first:].replace(row, " ") if first >= len(row) else joined
        joined = re.sub(rf"{re.escape(labels.own_questions)}(?: \d+\.)+", " ", joined)  # print-only blank slots
        found[title] = words(joined)
    return found


def web_sections(page: Page) -> dict[str, list[str]]:
    """Return each section's words in the web edition as a reader sees them (without the back-links), with the
    numbers of numbered lists, which the PDF's text has too."""
    texts = page.evaluate("""() => {
        document.querySelectorAll('.back-links').forEach(e => e.remove());
        document.querySelectorAll('ol.questions').forEach(ol =>
            [...ol.children].forEach((li, i) => li.prepend(`${i + 1}. `)));
        return [...document.querySelectorAll('nav.contents, section.section')].map(s =>
            [s.querySelector('h1').innerText.trim(), s.innerText]);
    }""")
    return {title: words(text) for title, text in texts}


@pytest.mark.parametrize("type_id, lang", STANDARD)
def test_each_section_has_the_same_words_as_the_pdf(shipped_batch: tuple[Path, Path], browser: Browser,
                                                    type_id: str, lang: str) -> None:
    project, out = shipped_batch
    printed = pdf_sections(out / f"mesothelioma-stage4-{type_id}-{lang}-letter.pdf", project, type_id, lang)
    page = open_page(browser, (out / f"mesothelioma-stage4-{type_id}-{lang}.html").as_uri(), 1280)
    online = web_sections(page)
    page.close()
    assert list(online) == list(printed)
    for title in printed:
        diff = [op for op in difflib.SequenceMatcher(None, printed[title], online[title], autojunk=False).get_opcodes()
                if op[0] != "equal"]
        shown = [(printed[title][i:j], online[title][k:m]) for _, i, j, k, m in diff][:5]
        assert letters(online[title]) == letters(printed[title]), f"{title}: (PDF, web) differ: {shown}"
    assert lang != LANGUAGE or len(printed) > 8
