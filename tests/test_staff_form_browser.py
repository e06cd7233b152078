"""The staff web form in Debian's headless Chromium: fill, preview, download; usable on a 390 px phone."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from conftest import flat, live_form


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app behind waitress on 127.0.0.1."""
    with live_form(tmp_path_factory.mktemp("cache")) as url:
        yield url


def test_fill_preview_and_download(server: str, browser: Browser, tmp_path: Path) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto(server)
    page.get_by_label("Pericardial mesothelioma").check()
    page.get_by_label("Español").check()
    page.get_by_label("Large print").check()
    page.get_by_label("A4 paper").check()
    page.get_by_label("Notes").uncheck()
    page.get_by_label("Patient's name (optional)").fill("Rosalind Test")
    page.get_by_role("button", name="Preview").click()
    page.locator(".preview img").first.wait_for(timeout=60_000)  # the answer to the post (a render in a worker)
    assert page.locator(".preview img").count() == 3
    assert "pages)" in page.locator("#preview-title").inner_text()
    assert page.get_by_label("Patient's name (optional)").input_value() == "Rosalind Test"  # the form is kept
    with page.expect_download() as info:
        page.get_by_role("button", name="Download PDF").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "mesothelioma-stage4-pericardial-es-a4-large.pdf"
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "es" and round(float(reader.pages[0].mediabox[2])) == 595
    assert "Notas" not in [item.title for item in reader.outline]
    cover = flat(reader.pages[0].extract_text())
    assert "Mesotelioma pericárdico" in cover and "Rosalind Test" in cover
    page.close()


def test_keyboard_only_reaches_every_control(server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(server)
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()"))
    assert {"type", "lang", "size", "paper", "duplex", "sections", "clinic", "patient_name", "date", "action"} <= seen
    page.close()


@pytest.mark.parametrize("zoom", [1, 2])
def test_nothing_is_cut_off_at_390px_or_200_percent(server: str, browser: Browser, zoom: int) -> None:
    page = browser.new_page(viewport={"width": 390 * 2 // zoom, "height": 844}, device_scale_factor=zoom)
    page.goto(server + "?ui=es")
    if zoom == 2:
        page.evaluate("document.documentElement.style.fontSize = '36px'")  # text at 200%
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    edges = page.evaluate("[...document.querySelectorAll('label, button, input, select, h1, legend')]"
                          ".map(e => e.getBoundingClientRect().right)")
    assert edges and max(edges) <= width
    page.close()
