"""Tailored packets: languages, print sizes, papers, duplex, chosen sections, presets, clinic, patient line, QR."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from mesopacket.content.load import load_content
from mesopacket.options import Options

from conftest import TYPES, flat, page_texts, run, version_file

PAPERS = {"letter": (612, 792), "a4": (595, 842)}
ENGLISH_TITLES = {s.title for s in load_content(Options()).sections.values()} | {"Contents", "References",
                                                                                   "Words to know"}


def body_font_sizes(pdf: Path) -> list[tuple[float, str]]:
    """Return (size in points, text) of every run of text, citation numbers included."""
    sizes: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append((round(size * scale, 2), text))

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.fixture
def matrix(shipped_batch: tuple[Path, Path]) -> dict[tuple[str, str, bool, str], Path]:
    """Every type x language x print size x paper: the session's batch of the shipped project."""
    _, out = shipped_batch
    return {key: out / version_file(*key) for key in itertools.product(TYPES, ("en", "es"), (False, True), PAPERS)}


def test_every_version_builds_checks_and_matches_its_paper(matrix: dict) -> None:
    assert len(matrix) == 24
    for (_type_id, lang, _large, paper), pdf in matrix.items():
        with pikepdf.open(pdf) as doc:
            assert doc.check_pdf_syntax() == [], pdf.name
            assert str(doc.Root.Lang) == lang
        reader = PdfReader(pdf)
        sizes = {tuple(round(float(v)) for v in page.mediabox[2:]) for page in reader.pages}
        assert sizes == {PAPERS[paper]}, pdf.name
        assert reader.get_destination_page_number(reader.outline[0]) == 1, f"{pdf.name}: the cover overflows"


def test_spanish_packets_are_in_spanish(matrix: dict) -> None:
    spanish = load_content(Options(lang="es"))
    for (type_id, lang, _large, _paper), pdf in matrix.items():
        if lang != "es":
            continue
        reader = PdfReader(pdf)
        titles = [item.title for item in reader.outline]
        assert not set(titles) & ENGLISH_TITLES, (pdf.name, set(titles) & ENGLISH_TITLES)
        assert titles[0] == "Contenido" and titles[-1] == "Referencias"
        text = flat(" ".join(page_texts(pdf)))
        assert "Página 2 de" in text and spanish.types[type_id].name in text
        assert not re.search(r"\b(Page \d+ of|Contents|Symptoms and what to do|Call your care team)\b", text)


def test_large_print_body_is_at_least_18pt_and_standard_12pt(matrix: dict) -> None:
    for (_type_id, _lang, large, _paper), pdf in matrix.items():
        smallest = min(body_font_sizes(pdf))
        assert smallest[0] >= (18 if large else 12) - 0.01, (pdf.name, smallest)


def test_large_print_repaginates_the_contents(matrix: dict) -> None:
    for type_id in TYPES:
        standard, large = matrix[(type_id, "en", False, "letter")], matrix[(type_id, "en", True, "letter")]
        assert len(PdfReader(large).pages) > len(PdfReader(standard).pages)
        contents = page_texts(large)[1]
        reader = PdfReader(large)
        for item in reader.outline[1:]:
            page = reader.get_destination_page_number(item) + 1
            assert re.search(re.escape(item.title) + r"[ .]*" + str(page) + r"\b", flat(contents)), item.title


@pytest.mark.parametrize("lang", ["en", "es"])
def test_duplex_starts_every_section_on_a_right_hand_page(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "d.pdf"
    assert run("build", "--duplex", "--lang", lang, "-o", out).status == 0
    reader = PdfReader(out)
    starts = [reader.get_destination_page_number(item) + 1 for item in reader.outline]
    assert all(page % 2 == 1 for page in starts), starts
    blank = load_content(Options(lang=lang)).spec.labels.blank_page
    texts = [flat(text) for text in page_texts(out)]
    blanks = [number for number, text in enumerate(texts, 1) if blank in text]
    assert blanks and not set(blanks) & set(starts)
    titles = {item.title for item in reader.outline}
    for number in blanks:  # a blank page has no running header and nothing else but its furniture
        assert not any(title in texts[number - 1] for title in titles), texts[number - 1]


def test_preset_round_trips_byte_for_byte(tmp_path: Path) -> None:
    flags = ["--type", "peritoneal", "--paper", "a4", "--large-print", "--duplex",
             "--sections", "symptoms,treatment,questions", "--date", "2026-12-01"]
    from_flags, from_preset, preset = tmp_path / "flags.pdf", tmp_path / "preset.pdf", tmp_path / "ours.yaml"
    assert run("build", *flags, "-o", from_flags, "--save-preset", preset).status == 0
    assert "large_print: true" in preset.read_text()
    assert run("build", "--preset", preset, "-o", from_preset).status == 0
    assert from_flags.read_bytes() == from_preset.read_bytes()
    overridden = tmp_path / "overridden.pdf"
    assert run("build", "--preset", preset, "--paper", "letter", "--no-large-print", "-o", overridden).status == 0
    reader = PdfReader(overridden)
    assert round(float(reader.pages[0].mediabox[2])) == 612
    sections = load_content(Options()).sections
    assert [item.title for item in reader.outline][1:4] == [sections[s].title for s in ("symptoms", "treatment",
                                                                                          "questions")]


def test_bad_preset_names_file_and_line(tmp_path: Path) -> None:
    preset = tmp_path / "bad.yaml"
    preset.write_text("type: pleural\npatient_name: Someone\n")
    result = run("build", "--preset", preset, "-o", tmp_path / "x.pdf")
    assert result.status == 2 and result.err.strip() == f"error: {preset}:2: unknown key 'patient_name'"


def test_chosen_sections_renumber_the_bibliography(tmp_path: Path) -> None:
    full, chosen = tmp_path / "full.html", tmp_path / "chosen.html"
    assert run("build", "-o", tmp_path / "full.pdf", "--print-html", full).status == 0
    assert run("build", "--sections", "questions,outlook,notes", "-o", tmp_path / "c.pdf",
               "--print-html", chosen).status == 0
    html = chosen.read_text()
    numbers = [int(n) for n in re.findall(r'<li id="ref-(\d+)"', html)]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers
    cited = list(dict.fromkeys(int(n) for n in re.findall(r'<a href="#ref-(\d+)">', html)))
    assert cited == numbers
    entry = r'<li id="ref-\d+"><span class="ref-number">\d+\.</span> (.*?)</li>'
    full_entries = re.findall(entry, full.read_text(), re.S)
    chosen_entries = re.findall(entry, html, re.S)
    assert len(chosen_entries) < len(full_entries)
    assert "Chest." not in html  # rusch-1995 is cited only in the staging section, which was left out


def test_unknown_section_names_the_valid_ones(tmp_path: Path) -> None:
    result = run("build", "--sections", "symptoms,lungs", "-o", tmp_path / "x.pdf")
    assert result.status == 2
    assert result.err.startswith("error: unknown section 'lungs' for a pleural packet; choose from: what-stage-4-means")


def test_clinic_profile_fields_appear_and_missing_ones_are_left_out(project: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.pdf"
    assert run("build", "--project", project, "-o", full).status == 0
    text = flat(" ".join(page_texts(full)))
    for part in ("(555) 010-0199", "100 Example Street", "www.example.org", "Oncology nurse navigator",
                 "Example support group", "Questions? Call Example Cancer Clinic at (555) 010-0100"):
        assert part in text, part
    minimal = tmp_path / "minimal.yaml"
    minimal.write_text("name: Small Clinic\nphone: (555) 010-0300\n")
    small = tmp_path / "small.pdf"
    assert run("build", "--project", project, "--clinic", minimal, "-o", small).status == 0
    text = flat(" ".join(page_texts(small)))
    assert "Questions? Call Small Clinic at (555) 010-0300" in text
    assert "None" not in text and "After hours" not in text and "Address:" not in text and "Website:" not in text
    assert "Help near you" not in text


def test_missing_logo_fails_clearly(tmp_path: Path) -> None:
    profile = tmp_path / "clinic.yaml"
    profile.write_text("name: Logo Clinic\nphone: (555) 010-0400\nlogo: missing.png\n")
    result = run("build", "--clinic", profile, "-o", tmp_path / "x.pdf")
    assert result.status == 2
    assert result.err.strip() == f"error: {profile}:3: logo file 'missing.png' not found next to the clinic profile"
    assert not (tmp_path / "x.pdf").exists()


def test_patient_name_only_in_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "Zebulon Quartermaine"
    result = run("build", "--patient-name", name, "--date", "2026-12-01", "--save-preset", "preset.yaml")
    assert result.status == 0
    assert name not in result.out + result.err
    cover = flat(page_texts(tmp_path / "build/mesothelioma-stage4-pleural-en-letter.pdf")[0])
    assert f"Prepared for {name}" in cover and "December 1, 2026" in cover
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.name for p in files if name.encode() in p.read_bytes()] == []  # subset fonts do not spell it out
    assert all("Zebulon" not in str(p) for p in files)


@pytest.mark.parametrize("type_id", TYPES)
def test_every_web_address_has_a_qr_code_with_alt_text(shipped: dict[str, Path], type_id: str) -> None:
    html = shipped[type_id].with_suffix(".html").read_text()
    urls = re.findall(r'<p>Web: <a href="(https?://[^"]+)">', html) + re.findall(r'Website: <a href="([^"]+)"', html)
    packet = load_content(Options()).packet(type_id)
    expected = [r.url for s in packet.sections for b in s.blocks if b.kind == "resources" for r in b.resources
                if r.url] + [r.url for r in packet.clinic.resources if r.url] + [packet.clinic.website]
    assert sorted(urls) == sorted(u for u in expected if u)
    for url in urls:
        shown = url.split("://")[1].rstrip("/")
        assert f'alt="QR code that opens {shown}"' in html, url
    with pikepdf.open(shipped[type_id]) as pdf:
        alts = {str(obj.get("/Alt")) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj}
    assert {f"QR code that opens {u.split('://')[1].rstrip('/')}" for u in urls} <= alts
