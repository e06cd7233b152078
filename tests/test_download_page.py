"""The download page in a real headless Chromium (Debian's, driven by Playwright): pick, download, fit a phone."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Browser

from conftest import run


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging each request."""

    def log_message(self, *args: object) -> None:
        """Say nothing."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Build the peritoneal versions with their download page and serve them on 127.0.0.1."""
    out = tmp_path_factory.mktemp("site")
    result = run("batch", "--types", "peritoneal", "-o", out, "--today", "2026-11-24")
    assert result.status == 0, result.err
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", out
    server.shutdown()


def test_pick_type_language_and_size_then_download(site: tuple[str, Path], browser: Browser, tmp_path: Path) -> None:
    url, out = site
    page = browser.new_page(accept_downloads=True)
    page.goto(url + "index.html")
    page.get_by_role("link", name="Español", exact=True).click()
    assert page.url.endswith("index.es.html")
    page.get_by_role("link", name="Mesotelioma peritoneal", exact=True).click()
    assert page.url.endswith("#peritoneal")
    card = page.locator("#peritoneal a.card", has_text="Letra grande").filter(has_text="Papel A4").first
    with page.expect_download() as info:
        card.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    expected = out / "mesothelioma-stage4-peritoneal-es-a4-large.pdf"
    assert saved.name == expected.name and saved.read_bytes() == expected.read_bytes()
    page.close()


def test_keyboard_reaches_the_language_switch_first(site: tuple[str, Path], browser: Browser) -> None:
    url, _ = site
    page = browser.new_page()
    page.goto(url + "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Español"
    page.close()


@pytest.mark.parametrize("name", ["index.html", "index.es.html"])
def test_nothing_is_cut_off_on_a_390px_phone(site: tuple[str, Path], browser: Browser, name: str) -> None:
    url, _ = site
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(url + name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    right_edges = page.evaluate("[...document.querySelectorAll('a, h1, h2, h3, p, img')]"
                                ".map(e => e.getBoundingClientRect().right)")
    assert right_edges and max(right_edges) <= 390
    heights = page.evaluate("[...document.querySelectorAll('a.card, .types a')].map(e => e.offsetHeight)")
    assert min(heights) >= 48  # tap targets
    page.close()


def test_each_version_lists_its_document_id_and_latest_changes(site: tuple[str, Path]) -> None:
    _, out = site
    entries = [e for e in json.loads((out / "manifest.json").read_text())["files"] if e["format"] == "pdf"]
    pages = {lang: (out / name).read_text() for lang, name in (("en", "index.html"), ("es", "index.es.html"))}
    for entry in entries:
        with pikepdf.open(out / entry["file"]) as pdf:
            assert str(pdf.open_metadata().get("dc:identifier")) == entry["document_id"], entry["file"]
        label = "Document ID" if entry["lang"] == "en" else "ID del documento"
        assert f"{label} {entry['document_id']}" in pages["en"] + pages["es"]
        dates = [change["date"] for change in entry["changes"]]
        assert dates and dates == sorted(dates, reverse=True), entry["changes"]  # newest first
    same_words = {(e["lang"], e["document_id"]) for e in entries}
    assert len(same_words) == 2  # print size and paper do not change the words: one ID per language
    assert "<h4 lang=\"en\">Changes to this packet</h4>" in pages["en"]
    assert "<h4 lang=\"es\">Cambios en esta guía</h4>" in pages["es"]
