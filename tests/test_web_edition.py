"""The web edition (build --format web, batch): one self-contained page from the same templates as the PDF."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from mesopacket.options import Options
from mesopacket.pipeline import compose, plan

from conftest import SECTION, append_block, edit, run
from test_bad_input import CASES


def web(small: Path, tmp_path: Path, *args: str) -> str:
    """Build the small project's web edition and return its HTML."""
    out = tmp_path / "web.html"
    result = run("build", "--project", small, "--format", "web", "-o", out, *args)
    assert result.status == 0, result.err
    assert "web edition" in result.out
    return out.read_text(encoding="utf-8")


def test_the_page_is_self_contained_and_has_no_script(small: Path, tmp_path: Path) -> None:
    html = web(small, tmp_path)
    assert '<html lang="en">' in html and '<meta name="viewport"' in html
    assert "<style>" in html and "prefers-color-scheme: dark" in html and "@media print" in html
    assert not re.search(r"<script|<link|<iframe|@import", html, re.IGNORECASE)
    assert re.findall(r'\bsrc="([^"]*)"', html) == []  # the small project has no images; see the next test
    assert "url(" not in html.replace("url(data:", "")


def test_images_and_the_logo_are_inlined(small: Path, tmp_path: Path) -> None:
    (small / "handouts/images").mkdir()
    (small / "handouts/images/dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    append_block(small, "  - image:\n      src: images/dot.svg\n      alt: A dot.\n")
    (small / "handouts/clinics/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    edit(small / "handouts/clinics/example.yaml", "phone:", "logo: logo.svg\nphone:")
    html = web(small, tmp_path)
    sources = re.findall(r'\bsrc="([^"]*)"', html)
    assert len(sources) == 1 and sources[0].startswith("data:image/svg+xml;base64,")
    assert 'style="background-image: url(data:image/svg+xml' in html


def test_phones_are_tel_links_and_there_are_no_qr_codes(small: Path, tmp_path: Path) -> None:
    edit(small / "handouts/clinics/example.yaml", "phone: (555) 010-0100",
         "phone: (555) 010-0100\nwebsite: https://clinic.example.org\n"
         "resources:\n  - name: A group\n    url: https://group.example.org\n    phone: +1 555 010-0140")
    append_block(small, "  - care_team: Your care team.\n")
    html = web(small, tmp_path)
    assert '<a href="tel:5550100100">(555) 010-0100</a>' in html
    assert '<strong class="phone"><a href="tel:+15550100140">+1 555 010-0140</a></strong>' in html
    assert 'class="qr"' not in html and "data:image/png" not in html
    assert '<a href="https://group.example.org">' in html and '<a href="https://clinic.example.org">' in html
    printed = compose(plan(Options(project=small))).html
    assert 'class="qr"' in printed and "tel:" not in printed  # the PDF keeps its QR codes


def test_citations_link_to_references_that_link_back(small: Path, tmp_path: Path) -> None:
    html = web(small, tmp_path)
    cites = re.findall(r'<a href="#ref-(\d+)" id="(cite-\d+-\d+)" aria-label="reference \1">', html)
    assert [number for number, _ in cites] == ["1", "2", "1", "2"]  # each named "reference N" (cite_name)
    for number, place in cites:
        assert f'<li id="ref-{number}">' in html and f'<a href="#{place}"' in html
    back = re.findall(r'<li id="ref-1">.*?</li>', html, re.DOTALL)[0]
    assert 'href="#cite-1-1"' in back and 'href="#cite-1-2"' in back and "Back to text" in back


def test_references_are_numbered_as_in_the_pdf(small: Path, tmp_path: Path) -> None:
    html = web(small, tmp_path, "--type", "beta")
    printed = compose(plan(Options(project=small, type="beta"))).html

    def entries(text: str) -> list[tuple[str, str]]:
        pattern = r'<li id="ref-(\d+)"><span class="ref-number">\d+\.</span> (.*?)(?: <span class="back|</li>)'
        return [(n, entry) for n, entry in re.findall(pattern, text)]
    assert entries(html) and entries(html) == entries(printed)


def test_sections_contents_status_and_review_line(small: Path, tmp_path: Path) -> None:
    edit(small / "handouts/en/packet.yaml", "example: false", "example: true")
    html = web(small, tmp_path)
    assert html.count('<section class="section') == 4  # topic, tools, glossary, references
    assert '<nav class="contents" aria-label="Contents">' in html and '<a href="#topic">A topic</a>' in html
    assert "Example content. A clinic&#39;s nurse educator" in html  # the document status, on the cover
    assert "Reviewed November" in html and "Key points" in html and "Words to know" in html


def test_the_draft_mark_shows(small: Path, tmp_path: Path) -> None:
    assert '<p class="cover-status">DRAFT' not in web(small, tmp_path, "--today", "2026-11-24")
    edit(small / SECTION, "You need help now.", "You need help right now.")  # changed since its sign-off
    assert '<p class="cover-status">DRAFT' in web(small, tmp_path, "--today", "2026-11-24")


def test_spanish_edition_marks_english_references(small: Path, tmp_path: Path) -> None:
    html = web(small, tmp_path, "--lang", "es")
    assert '<html lang="es">' in html and '<span lang="en">' in html and "Volver al texto" in html


def test_same_input_same_bytes_and_the_patient_name_only_where_asked(small: Path, tmp_path: Path) -> None:
    first, again = web(small, tmp_path), web(small, tmp_path)
    assert first == again
    assert "Test Name" in web(small, tmp_path, "--patient-name", "Test Name")


def test_format_both_writes_the_pdf_and_the_web_edition_beside_it(small: Path, tmp_path: Path) -> None:
    result = run("build", "--project", small, "--format", "pdf,web", "-o", tmp_path / "packet.pdf")
    assert result.status == 0, result.err
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["packet.html", "packet.pdf"]
    assert (tmp_path / "packet.pdf").read_bytes().startswith(b"%PDF")
    assert run("build", "--project", small, "--format", "both", "-o", tmp_path / "b.pdf").status == 0
    assert (tmp_path / "b.html").is_file()


def test_the_default_format_is_still_pdf_only(small: Path, tmp_path: Path) -> None:
    assert run("build", "--project", small, "-o", tmp_path / "p.pdf").status == 0
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["p.pdf"]


def test_an_unknown_format_is_refused(small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("build", "--project", small, "--format", "epub", "-o", tmp_path / "p.pdf")
    assert exit_info.value.code == 2 and "choose from: pdf, web" in capsys.readouterr().err
    assert not (tmp_path / "p.pdf").exists()


#: The PDF's bad inputs that the web edition must refuse the same way (the last two are the PDF's stylesheet).
WEB_CASES = [case for case in CASES if case.__name__ not in ("missing_stylesheet", "bad_css")]


@pytest.mark.parametrize("formats", ["web", "pdf,web"])
@pytest.mark.parametrize("case", WEB_CASES, ids=[c.__name__ for c in WEB_CASES])
def test_bad_input_fails_as_for_pdfs(small: Path, tmp_path: Path, case: Callable[[Path], str], formats: str) -> None:
    expected = case(small)
    out = tmp_path / "out"
    target = out / ("packet.pdf" if "pdf" in formats else "packet.html")  # with both, packet.html goes beside it
    result = run("build", "--project", small, "--format", formats, "-o", target)
    assert result.status == 2, result.err
    assert result.err.splitlines()[0].startswith("error: " + expected), result.err
    assert not out.exists() or list(out.iterdir()) == []


def test_both_formats_into_one_html_name_are_refused(small: Path, tmp_path: Path) -> None:
    result = run("build", "--project", small, "--format", "both", "-o", tmp_path / "packet.html")
    assert result.status == 2
    assert result.err.strip() == (f"error: {tmp_path / 'packet.html'}: the web edition and --output name the same "
                                  "file"), result.err
    assert list(tmp_path.iterdir()) == [small]


def test_a_missing_web_stylesheet_is_named(small: Path, tmp_path: Path) -> None:
    (small / "styles/web-edition.css").unlink()
    result = run("build", "--project", small, "--format", "web", "-o", tmp_path / "w.html")
    assert result.status == 2 and result.err.strip() == "error: styles/web-edition.css: stylesheet not found"
    assert not (tmp_path / "w.html").exists()


def test_a_page_that_would_fetch_something_is_refused(small: Path, tmp_path: Path) -> None:
    css = small / "styles/web-edition.css"
    css.write_text(css.read_text() + '\n@import url("https://fonts.example.com/font.css");\n')
    result = run("build", "--project", small, "--format", "web", "-o", tmp_path / "w.html")
    assert result.status == 2 and "the web edition would fetch something" in result.err
    assert not (tmp_path / "w.html").exists()


def test_batch_writes_web_editions_incrementally_and_lists_them(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    args = ("batch", "--project", small, "-o", out, "--types", "alpha", "--today", "2026-11-24")
    result = run(*args)
    assert result.status == 0 and "web editions: 4 built, 0 unchanged" in result.out, result.out + result.err
    files = json.loads((out / "manifest.json").read_text())["files"]
    webs = {f["file"]: f for f in files if f["format"] == "html"}
    assert sorted(webs) == ["mesothelioma-stage4-alpha-en-large.html", "mesothelioma-stage4-alpha-en.html",
                            "mesothelioma-stage4-alpha-es-large.html", "mesothelioma-stage4-alpha-es.html"]
    assert len([f for f in files if f["format"] == "pdf"]) == 8
    entry = webs["mesothelioma-stage4-alpha-es.html"]
    assert entry["bytes"] == (out / entry["file"]).stat().st_size and entry["lang"] == "es"
    large = (out / "mesothelioma-stage4-alpha-en-large.html").read_text()
    assert "Large print on the web edition" in large
    assert "web editions: 0 built, 4 unchanged" in run(*args).out
    edit(small / "handouts/es/sections/topic.yaml", "title:", "title: Otro tema\n# title:")
    assert "web editions: 2 built, 2 unchanged" in run(*args).out


def test_download_page_links_each_pdf_to_its_web_edition(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("batch", "--project", small, "-o", out, "--types", "alpha", "--today", "2026-11-24").status == 0
    for page, lang in (("index.html", "en"), ("index.es.html", "es")):
        html = (out / page).read_text()
        links = re.findall(r'<a class="web-edition" href="([^"]+)" hreflang="(\w+)">', html)
        assert len(links) == 8  # one beside each PDF card
        assert {href for href, _ in links} == {f"mesothelioma-stage4-alpha-{lg}{s}.html" for lg in ("en", "es")
                                               for s in ("", "-large")}
        assert all(href.startswith(f"mesothelioma-stage4-alpha-{hl}") for href, hl in links)
        assert f'<html lang="{lang}">' in html
    assert '<span>Leer en línea <span class="visually-hidden"><span lang="en">' in (out / "index.es.html").read_text()
