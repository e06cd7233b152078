"""The shipped packets, read back from real PDFs: structure, text, tailoring, metadata, fonts."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from mesopacket.content import inline
from mesopacket.content.language import load_content
from mesopacket.options import Options

from conftest import TYPES, flat, page_texts

CONTENT = load_content(Options())
LETTER = (612, 792)

# Words the issue requires in one type's packet and in no other.
ONLY_IN = {
    "pleural": ["TNM", "Butchart", "Brigham", "thoracentesis", "pleurodesis"],
    "peritoneal": ["paracentesis", "HIPEC", "no official stage 4"],
    "pericardial": ["pericardiocentesis"],
}


def positions(text: str, needles: list[str]) -> list[int]:
    """Return where each needle is found in `text`, each searched after the previous one."""
    found, start = [], 0
    for needle in needles:
        start = text.find(flat(needle), start)
        found.append(start)
    return found


@pytest.mark.parametrize("type_id", TYPES)
def test_pdf_passes_qpdf_checks(shipped: dict[str, Path], type_id: str) -> None:
    with pikepdf.open(shipped[type_id]) as pdf:
        assert pdf.check_pdf_syntax() == []


@pytest.mark.parametrize("type_id", TYPES)
def test_sections_and_headings_appear_in_order(shipped: dict[str, Path], type_id: str) -> None:
    packet = CONTENT.packet(type_id)
    text = flat(" ".join(page_texts(shipped[type_id])[2:]))  # after cover and contents
    expected = []
    for section in packet.sections:
        expected.append(section.title)
        expected += [inline.plain(b.heading) for b in section.blocks if b.kind == "heading"]
    expected.append(packet.spec.labels.references)
    assert -1 not in positions(text, expected), [n for n, p in zip(expected, positions(text, expected)) if p < 0]


@pytest.mark.parametrize("type_id", TYPES)
def test_contents_lists_each_section_with_its_page(shipped: dict[str, Path], type_id: str) -> None:
    pages = page_texts(shipped[type_id])
    contents = pages[1]
    titles = [s.title for s in CONTENT.packet(type_id).sections] + ["Words to know", "References"]
    for title in titles:
        match = re.search(re.escape(title) + r"[ .]*(\d+)", contents)
        assert match, f"{title} missing from contents"
        page = int(match[1])
        assert pages[page - 1].splitlines()[0:3], title
        assert title in flat(pages[page - 1]), f"{title} is not on page {page}"


@pytest.mark.parametrize("type_id", TYPES)
def test_type_specific_content_only_in_its_own_packet(shipped: dict[str, Path], type_id: str) -> None:
    texts = {t: flat(" ".join(page_texts(shipped[t]))).lower() for t in TYPES}
    for word in ONLY_IN[type_id]:
        assert word.lower() in texts[type_id], f"{word} missing from the {type_id} packet"
        for other in set(TYPES) - {type_id}:
            assert word.lower() not in texts[other], f"{word} found in the {other} packet"


@pytest.mark.parametrize("type_id", TYPES)
def test_tailored_blocks_follow_their_types(shipped: dict[str, Path], type_id: str) -> None:
    text = "".join(" ".join(page_texts(shipped[type_id])).split())  # no spaces: a line may break after "/"
    tailored = [(b, s) for s in CONTENT.sections.values() for b in s.blocks
                if b.kind == "paragraph" and b.types is not None and (s.types is None or type_id in s.types)]
    assert tailored, "the shipped content has tailored paragraphs"
    for block, _ in tailored:
        before_first_citation = "".join(inline.plain(re.split(inline.CITATION, block.paragraph)[0]).split())
        assert (before_first_citation in text) == (type_id in block.types), (type_id, before_first_citation)


@pytest.mark.parametrize("type_id", TYPES)
def test_page_n_of_m_on_every_page(shipped: dict[str, Path], type_id: str) -> None:
    pages = page_texts(shipped[type_id])
    assert "Page " not in pages[0]  # the cover carries no page furniture
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in text, number


@pytest.mark.parametrize("type_id", TYPES)
def test_running_header_names_the_section(shipped: dict[str, Path], type_id: str) -> None:
    reader = PdfReader(shipped[type_id])
    for item in reader.outline[1:-1]:
        page = reader.get_destination_page_number(item)
        assert reader.pages[page].extract_text().startswith(item.title), item.title


@pytest.mark.parametrize("type_id", TYPES)
def test_one_bookmark_per_section(shipped: dict[str, Path], type_id: str) -> None:
    reader = PdfReader(shipped[type_id])
    titles = [item.title for item in reader.outline]
    assert titles == ["Contents", *(s.title for s in CONTENT.packet(type_id).sections), "Words to know",
                      "References"]
    pages = [reader.get_destination_page_number(item) for item in reader.outline]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)


@pytest.mark.parametrize("type_id", TYPES)
def test_metadata_language_and_tags(shipped: dict[str, Path], type_id: str) -> None:
    reader = PdfReader(shipped[type_id])
    meta, root = reader.metadata, reader.trailer["/Root"]
    name = CONTENT.types[type_id].name
    assert meta.title == f"{CONTENT.spec.title}: {name}"
    assert meta.author == CONTENT.clinic.name
    assert name in meta.subject and "mesothelioma" in meta["/Keywords"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert root["/PageMode"] == "/UseOutlines"


@pytest.mark.parametrize("type_id", TYPES)
def test_fonts_embedded_and_subset(shipped: dict[str, Path], type_id: str) -> None:
    fonts = {}
    for page in PdfReader(shipped[type_id]).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font["/FontDescriptor"]
            fonts[font["/BaseFont"]] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in fonts), fonts


@pytest.mark.parametrize("type_id", TYPES)
def test_body_text_at_least_12pt_on_letter(shipped: dict[str, Path], type_id: str) -> None:
    reader = PdfReader(shipped[type_id])
    sizes: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip() and not re.fullmatch(r"[\d,\s]+", text):  # citation superscripts are not body text
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append((size * scale, text))

    for page in reader.pages:
        assert tuple(round(float(v)) for v in page.mediabox[2:]) == LETTER
        page.extract_text(visitor_text=visit)
    smallest = min(sizes)
    assert smallest[0] >= 11.99, smallest


def test_stylesheet_uses_only_grays() -> None:
    css = (Path(__file__).parent.parent / "styles" / "packet.css").read_text()
    colours = re.findall(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", css)
    assert colours
    for colour in colours:
        channels = [colour[i] * 2 for i in range(3)] if len(colour) == 3 else [colour[i:i + 2] for i in (0, 2, 4)]
        assert len(set(c.lower() for c in channels)) == 1, f"#{colour} is not a gray"
    assert not re.search(r"\b(rgb|hsl)a?\(|\b(red|blue|green|orange|yellow|purple)\b", css)
