"""The staff web form: routes, bad values, limits, the busy path, CSRF, privacy, and a loopback load test."""

from __future__ import annotations

import io
import logging
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import waitress
from pypdf import PdfReader

from mesopacket.content.load import load_content
from mesopacket.options import Options
from mesopacket.web.app import create_app

from conftest import flat, run

FORM = {"ui": "en", "type": "peritoneal", "lang": "es", "size": "standard", "paper": "a4", "duplex": "",
        "clinic": "Example Cancer Clinic", "sections": ["symptoms", "questions"], "action": "download"}


@pytest.fixture
def app(tmp_path: Path):
    """An app with its own cache folder."""
    return create_app({"CACHE_DIR": tmp_path / "cache", "WAIT": 0.5})


def test_form_page_in_english_and_spanish(app) -> None:
    client = app.test_client()
    english, spanish = client.get("/"), client.get("/?ui=es")
    assert english.status_code == spanish.status_code == 200
    assert b'<html lang="en">' in english.data and b"Make a patient packet" in english.data
    assert b'<html lang="es">' in spanish.data and b"Preparar un paquete" in spanish.data
    for label in (b'<label for="patient_name">', b"<legend>Type of mesothelioma</legend>", b'name="sections"'):
        assert label in english.data
    assert b"<script" not in english.data
    assert client.get("/style.css").status_code == 200


def test_download_has_the_chosen_type_language_paper_and_sections(app) -> None:
    response = app.test_client().post("/", data=FORM)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mesothelioma-stage4-peritoneal-es-a4.pdf"'
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.trailer["/Root"]["/Lang"] == "es" and round(float(reader.pages[0].mediabox[2])) == 595
    spanish = load_content(Options(lang="es"))
    assert [item.title for item in reader.outline][1:3] == [spanish.sections[s].title for s in FORM["sections"]]
    assert spanish.types["peritoneal"].name in flat(reader.pages[0].extract_text())


def test_preview_shows_first_pages_and_count(app) -> None:
    response = app.test_client().post("/", data={**FORM, "action": "preview"})
    assert response.status_code == 200 and response.data.count(b'src="data:image/png;base64,') == 3
    pages = len(PdfReader(io.BytesIO(app.test_client().post("/", data=FORM).data)).pages)
    assert f"({pages} pages)".encode() in response.data  # the English interface's words, the real count


@pytest.mark.parametrize("field, value", [("type", "lung"), ("lang", "fr"), ("size", "huge"), ("paper", "legal"),
                                          ("clinic", "/etc/passwd"), ("action", "delete"), ("date", "31/12/2026"),
                                          ("sections", "nowhere"), ("duplex", "maybe"), ("patient_name", "x" * 200)])
def test_bad_values_get_400_and_the_form_with_a_message(app, field: str, value: str) -> None:
    response = app.test_client().post("/", data={**FORM, field: value})
    assert response.status_code == 400
    assert f"Please check this choice: {field}.".encode() in response.data
    assert b"<form" in response.data and b"Traceback" not in response.data


def test_request_bodies_are_size_limited(app) -> None:
    response = app.test_client().post("/", data={**FORM, "patient_name": "x" * 20000})
    assert response.status_code == 413


def test_busy_server_answers_503_with_retry_after(app) -> None:
    app.config["WAIT"] = 0.05
    client = app.test_client()
    semaphore = app.extensions["mesopacket.slots"]
    held = [semaphore.acquire(blocking=False) for _ in range(64)]  # every slot busy
    try:
        response = client.post("/", data={**FORM, "patient_name": "Busy Person"})
    finally:
        for ok in held:
            if ok:
                semaphore.release()
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert b"The server is busy" in response.data


def test_csrf_is_required_when_enabled(tmp_path: Path) -> None:
    app = create_app({"CACHE_DIR": tmp_path / "cache", "CSRF": True})
    client = app.test_client()
    assert client.post("/", data=FORM).status_code == 400
    page = client.get("/").data.decode()
    token = page.split('name="csrf" value="')[1].split('"')[0]
    assert client.post("/", data={**FORM, "csrf": token}).status_code == 200


def test_a_patient_name_goes_only_into_the_response(app, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    name = "Philomena Quincewood-Farraday"
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    response = client.post("/", data={**FORM, "patient_name": name, "size": "large"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert name not in response.headers["Content-Disposition"]
    assert name in flat(PdfReader(io.BytesIO(response.data)).pages[0].extract_text())
    preview = client.post("/", data={**FORM, "patient_name": name, "action": "preview"})
    assert preview.headers["Cache-Control"] == "no-store"
    assert name not in caplog.text
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(name.encode() not in p.read_bytes() and "Philomena" not in str(p) for p in written)
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def test_packets_without_a_name_are_cached(app, tmp_path: Path) -> None:
    client = app.test_client()
    first = client.post("/", data=FORM)
    cached = list((tmp_path / "cache").glob("*.pdf"))
    assert len(cached) == 1 and cached[0].read_bytes() == first.data
    assert client.post("/", data=FORM).data == first.data


def test_a_name_sent_to_the_live_server_is_not_logged_or_kept(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                               capfd: pytest.CaptureFixture[str]) -> None:
    name = "Octavius Brindlethorpe"
    caplog.set_level(logging.DEBUG)
    app = create_app({"CACHE_DIR": tmp_path / "cache"})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    data = urllib.parse.urlencode({**FORM, "patient_name": name}, doseq=True).encode()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.effective_port}/", data=data, timeout=120) as reply:
            body, headers = reply.read(), reply.headers
    finally:
        server.close()
    assert name in flat(PdfReader(io.BytesIO(body)).pages[0].extract_text())
    assert headers["Cache-Control"] == "no-store" and name not in headers["Content-Disposition"]
    output = capfd.readouterr()
    assert name not in caplog.text + output.out + output.err
    assert all(name.encode() not in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())


def test_serve_warns_and_protects_forms_off_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    started = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: started.update(app=app, **kw))
    result = run("serve", "--host", "0.0.0.0", "--port", "8099")
    assert result.status == 0 and result.out.startswith("WARNING: listening on 0.0.0.0")
    assert started["app"].config["CSRF"] is True and started["host"] == "0.0.0.0"
    result = run("serve")
    assert "WARNING" not in result.out and started["app"].config["CSRF"] is False and started["host"] == "127.0.0.1"


def test_loopback_load_20_clients_100_requests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own_temp = tmp_path / "temp"  # this process's temporary files only: other processes share /tmp
    own_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own_temp))
    app = create_app({"CACHE_DIR": tmp_path / "cache", "WAIT": 30.0})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}/"
    forms = [FORM, {**FORM, "lang": "en", "type": "pleural"}, {**FORM, "patient_name": "Load Tester"}]

    def request(number: int) -> int:
        data = urllib.parse.urlencode(forms[number % len(forms)] if number % 10 else forms[2], doseq=True).encode()
        try:
            with urllib.request.urlopen(url, data=data, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    try:
        with ThreadPoolExecutor(max_workers=20) as clients:
            statuses = list(clients.map(request, range(100)))
    finally:
        server.close()
    assert len(statuses) == 100 and set(statuses) <= {200, 503}, statuses
    assert statuses.count(200) >= 90
    leftovers = [p for p in (tmp_path / "cache").iterdir() if p.suffix != ".pdf"]
    assert leftovers == [] and len(list((tmp_path / "cache").glob("*.pdf"))) == 2
    assert list(own_temp.iterdir()) == []
