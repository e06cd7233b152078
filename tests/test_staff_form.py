"""The staff form: routes, bad values, limits, the busy path, CSRF, privacy, and a loopback load test."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import waitress
from pypdf import PdfReader

from mesopacket.content.language import load_content
from mesopacket.options import Options
from mesopacket.staff.app import create_app
from mesopacket.staff.cache import Cache

from conftest import flat, run

FORM = {"ui": "en", "type": "peritoneal", "lang": "es", "size": "standard", "paper": "a4", "duplex": "",
        "clinic": "Example Cancer Clinic", "sections": ["symptoms", "questions"], "action": "download"}


@pytest.fixture
def app(tmp_path: Path):
    """An app with its own cache folder (its render workers stopped afterwards)."""
    app = create_app({"CACHE_DIR": tmp_path / "cache", "WORKERS": 2})
    yield app
    app.extensions["mesopacket.pool"].close()


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


NOT_OFFERED = "Please choose one of the options shown."


@pytest.mark.parametrize("field, value, label, said", [
    ("type", "lung", "Type of mesothelioma", NOT_OFFERED), ("lang", "fr", "Language of the packet", NOT_OFFERED),
    ("size", "huge", "Print size", NOT_OFFERED), ("paper", "legal", "Paper", NOT_OFFERED),
    ("clinic", "/etc/passwd", "Clinic", NOT_OFFERED), ("action", "delete", "Download PDF", NOT_OFFERED),
    ("date", "31/12/2026", "Date on the cover (optional)", "Please write the date as year-month-day"),
    ("sections", "nowhere", "Sections to include", "Please tick at least one section."),
    ("duplex", "maybe", "Print on both sides", NOT_OFFERED),
    ("patient_name", "x" * 200, "Patient&#39;s name (optional)", "The name is too long. Please use at most 120"),
    ("patient_name", "王小明", "Patient&#39;s name (optional)", "The packet cannot print some characters of this name"),
])
def test_bad_values_get_400_and_a_message_beside_the_field(app, field: str, value: str, label: str,
                                                            said: str) -> None:
    response = app.test_client().post("/", data={**FORM, field: value})
    assert response.status_code == 400
    html = response.data.decode()
    assert f"Please check this choice: {label}" in html  # the summary names the field by its label
    beside = html.split(f'<span id="{field}-error" class="error">')[1].split("</span>")[0]
    assert beside.startswith("<strong>Error:</strong> " + said), beside
    controls = re.findall(rf'<(?:input|select|button)[^>]*name="{field}"[^>]*>', html)
    assert controls and all('aria-invalid="true"' in c and f'{field}-error"' in c for c in controls), controls
    assert html.count('aria-invalid="true"') == len(controls)  # no other field is marked
    found = re.findall(r'class="error">(.*?)</span>|role="alert">(.*?)</div>', html, re.S)
    messages = " ".join(" ".join(match) for match in found)
    assert "patient_name" not in messages and "_" not in messages and value not in messages
    assert b"<form" in response.data and b"Traceback" not in response.data


def test_field_messages_are_in_the_interface_language(app) -> None:
    response = app.test_client().post("/", data={**FORM, "ui": "es", "sections": "nowhere", "type": "lung"})
    html = response.data.decode()
    assert response.status_code == 400 and "Marque al menos una sección." in html
    assert "Elija una de las opciones que se muestran." in html and "Please" not in html


def test_request_bodies_are_size_limited(app) -> None:
    response = app.test_client().post("/", data={**FORM, "patient_name": "x" * 20000})
    assert response.status_code == 413


def test_busy_server_answers_503_with_retry_after(app) -> None:
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
    app.extensions["mesopacket.pool"].close()


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
        app.extensions["mesopacket.pool"].close()
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


SMALL_FORM = {"ui": "en", "type": "alpha", "lang": "en", "size": "standard", "paper": "a4", "duplex": "",
              "clinic": "Test Clinic", "sections": ["topic", "tools"], "action": "download"}


def test_loopback_load_20_clients_100_requests(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own_temp = tmp_path / "temp"  # this process's temporary files only: other processes share /tmp
    own_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own_temp))
    app = create_app({"PROJECT": small, "CACHE_DIR": tmp_path / "cache", "QUEUE": 20})  # small: a quick load
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}/"
    forms = [SMALL_FORM, {**SMALL_FORM, "lang": "es", "type": "beta"}, {**SMALL_FORM, "patient_name": "Load Tester"}]

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
        app.extensions["mesopacket.pool"].close()
    assert len(statuses) == 100 and set(statuses) <= {200, 503}, statuses
    assert statuses.count(200) >= 90
    leftovers = [p for p in (tmp_path / "cache").iterdir() if p.suffix != ".pdf"]
    assert leftovers == [] and len(list((tmp_path / "cache").glob("*.pdf"))) == 2
    assert list(own_temp.iterdir()) == []



@contextlib.contextmanager
def live(app) -> Iterator[str]:
    """Serve an app with waitress on 127.0.0.1 (a free port); yield its address."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/"
    finally:
        server.close()
        app.extensions["mesopacket.pool"].close()


def send(url: str, form: dict | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """GET (no form) or POST a form; return the status, headers and body."""
    data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}),
                                    timeout=300) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_50_concurrent_renders_get_only_200s_and_503s_with_retry_after(small: Path, tmp_path: Path) -> None:
    app = create_app({"PROJECT": small, "CACHE_DIR": tmp_path / "cache", "WORKERS": 2, "QUEUE": 4})
    with live(app) as url, ThreadPoolExecutor(max_workers=50) as clients:
        renders = [clients.submit(send, url, {**SMALL_FORM, "patient_name": f"Person {n}"}) for n in range(50)]
        pages = [send(url) for _ in range(5)]  # the form page is answered while the renders run
        answers = [future.result() for future in renders]
    statuses = [status for status, _, _ in answers]
    assert set(statuses) <= {200, 503} and statuses.count(200) >= 6 and 503 in statuses, statuses
    assert all(headers.get("Retry-After") == "5" for status, headers, _ in answers if status == 503)
    assert all(body.startswith(b"%PDF-") for status, _, body in answers if status == 200)
    assert all(status == 200 and b"<form" in body for status, _, body in pages)


def test_a_bad_render_next_to_good_ones_fails_only_itself(small: Path, tmp_path: Path) -> None:
    clinics = small / "handouts/clinics"
    broken = clinics / "broken.yaml"
    broken.write_text("name: Broken Clinic\nphone: (555) 010-0100\nlogo: broken.svg\n")
    (clinics / "broken.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><circle r='3'")  # cut short
    app = create_app({"PROJECT": small, "CACHE_DIR": tmp_path / "cache", "WORKERS": 2, "QUEUE": 12,
                      "CLINICS": {"Test Clinic": clinics / "example.yaml", "Broken Clinic": broken}})
    forms = [{**SMALL_FORM, "patient_name": f"Person {n}"} for n in range(8)]
    forms.insert(3, {**SMALL_FORM, "clinic": "Broken Clinic", "patient_name": "Bad Render"})
    with live(app) as url, ThreadPoolExecutor(max_workers=9) as clients:
        answers = list(clients.map(lambda form: send(url, form), forms))
    assert answers[3][0] == 500 and b"The packet could not be made" in answers[3][2]
    assert [status for status, _, _ in answers[:3] + answers[4:]] == [200] * 8
    assert all(body.startswith(b"%PDF-") for _, _, body in answers[:3] + answers[4:])


def test_security_headers_on_every_response(app) -> None:
    client = app.test_client()
    answers = {"form": client.get("/"), "style": client.get("/style.css"),
               "bad": client.post("/", data={**FORM, "type": "lung"}), "pdf": client.post("/", data=FORM),
               "host": client.get("/", headers={"Host": "attacker.example"})}
    for name, response in answers.items():
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script-src" not in csp, name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "no-referrer", name
        assert response.headers.get("Cache-Control") == (None if name == "style" else "no-store"), name
    assert b"<script" not in answers["form"].data and b" style=" not in answers["form"].data


def test_the_session_cookie_is_same_site_strict(tmp_path: Path) -> None:
    app = create_app({"CACHE_DIR": tmp_path / "cache", "CSRF": True})
    cookie = app.test_client().get("/").headers["Set-Cookie"]
    assert "SameSite=Strict" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("headers", [{"Origin": "https://attacker.example"}, {"Origin": "null"},
                                     {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "http://localhost:9999", "Sec-Fetch-Site": "same-site"}])
def test_a_post_from_another_site_is_refused_on_loopback_too(app, headers: dict) -> None:
    response = app.test_client().post("/", data={**FORM, "patient_name": "Cross Site"}, headers=headers)
    assert response.status_code == 403 and response.mimetype == "text/html"
    assert b"This form can only be sent from its own page." in response.data and b"Cross Site" not in response.data


def test_a_post_from_the_form_itself_is_accepted(app) -> None:
    client = app.test_client()
    for headers in ({"Origin": "http://localhost"}, {"Origin": "null", "Sec-Fetch-Site": "same-origin"}, {}):
        response = client.post("/", data={**FORM, "type": "lung"}, headers=headers)
        assert response.status_code == 400 and b"Please check this choice" in response.data  # the form's checks


@pytest.mark.parametrize("bound, host, allowed", [
    ("127.0.0.1", "127.0.0.1:8080", True), ("127.0.0.1", "localhost:8080", True), ("127.0.0.1", "[::1]:8080", True),
    ("127.0.0.1", "attacker.example:8080", False), ("127.0.0.1", "127.0.0.1.attacker.example", False),
    ("192.0.2.10", "192.0.2.10:8080", True), ("192.0.2.10", "clinic.example:8080", False),
    ("0.0.0.0", "192.0.2.10:8080", True), ("0.0.0.0", "attacker.example:8080", False),
])
def test_a_host_that_is_not_the_bound_address_is_refused(tmp_path: Path, bound: str, host: str,
                                                         allowed: bool) -> None:
    app = create_app({"CACHE_DIR": tmp_path / "cache", "HOST": bound})
    client = app.test_client()
    page = client.get("/", headers={"Host": host})
    post = client.post("/", data={**FORM, "type": "lung"}, headers={"Host": host})
    if allowed:
        assert page.status_code == 200 and b"Please check this choice" in post.data
    else:
        assert page.data == post.data == b"Unknown host name.\n" and page.status_code == post.status_code == 400


def test_csrf_tokens_are_bound_to_the_session_and_expire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app({"CACHE_DIR": tmp_path / "cache", "CSRF": True, "WTF_CSRF_TIME_LIMIT": 60})
    staff, other = app.test_client(), app.test_client()
    token = staff.get("/").data.decode().split('name="csrf" value="')[1].split('"')[0]
    bad = {**FORM, "type": "lung", "csrf": token}  # a value the form refuses: the answer shows CSRF passed
    accepted = staff.post("/", data=bad)
    assert accepted.status_code == 400 and b"Please check this choice" in accepted.data
    refused = other.post("/", data=bad)  # the same token from another browser (no session)
    assert refused.status_code == 400 and b"Please check this choice" not in refused.data
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    expired = staff.post("/", data=bad)
    assert expired.status_code == 400 and b"Please check this choice" not in expired.data


def test_the_cache_is_bounded_and_survives_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / ".a.pdf.x1.part").write_bytes(b"%PDF-1.7 half")  # a crash while writing
    (folder / "b.pdf").write_bytes(b"%PDF-1.7 cut short")  # not a whole PDF
    (folder / "notes.txt").write_text("not ours")
    cache = Cache(folder, 2)
    assert not (folder / ".a.pdf.x1.part").exists() and (folder / "notes.txt").exists()
    assert cache.get("b") is None and not (folder / "b.pdf").exists()
    whole = b"%PDF-1.7 whole\n%%EOF\n"
    for number, key in enumerate(["one", "two", "three"]):
        cache.put(key, whole)
        os.utime(folder / f"{key}.pdf", (1000 + number, 1000 + number))
    cache.put("four", whole)
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["four.pdf", "three.pdf"]
    assert cache.get("three") == whole and cache.get("one") is None
