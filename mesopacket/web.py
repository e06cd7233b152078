"""A small web form for clinic staff: choose a packet, preview its first pages, download it.

It calls the same build() as the command line. A patient's name travels only in a POST body, is never logged,
never cached and never written to disk; responses that carry it are marked `Cache-Control: no-store`.
"""

from __future__ import annotations

import base64
import datetime
import io
import ipaddress
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from flask import Flask, Response, abort, render_template, request, session

from .batch import assets_hash, inputs_key
from .build import build
from .content import languages, load_content
from .errors import PacketError
from .options import LANGUAGE, PAPER_SIZES, PROJECT_ROOT, TEMPLATES_DIR, Options, default_output_name
from .output import write_atomic
from .pdf import FONT_TIMESTAMP

PREVIEW_PAGES = 3
PREVIEW_SCALE = 0.45
MAX_BODY = 16 * 1024  # bytes: the form is small; anything bigger is refused (413)


class Busy(Exception):
    """Every render slot stayed taken for longer than the server waits."""


@dataclass(frozen=True)
class Choice:
    """What the form asked for, validated."""

    options: Options
    ui: str

    @property
    def personal(self) -> bool:
        """True when the packet carries a patient's name (never cached)."""
        return bool(self.options.patient_name)


def is_loopback(host: str) -> bool:
    """Tell whether a host name or address only listens on this machine."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def create_app(config: dict | None = None) -> Flask:
    """Create the app; config keys: PROJECT, CLINICS (name -> profile path), CACHE_DIR, SLOTS, WAIT, CSRF."""
    project = Path((config or {}).get("PROJECT", PROJECT_ROOT))
    app = Flask(__name__, template_folder=str(project / TEMPLATES_DIR / "web"))
    app.config.update(PROJECT=project, CLINICS={}, CACHE_DIR=None, SLOTS=os.cpu_count() or 1, WAIT=20.0,
                      CSRF=False, MAX_CONTENT_LENGTH=MAX_BODY, SECRET_KEY=secrets.token_hex(32))
    app.config.update(config or {})
    clinics = app.config["CLINICS"] or {"Example Cancer Clinic": project / "handouts/clinics/example.yaml"}
    slots = threading.BoundedSemaphore(app.config["SLOTS"])
    app.extensions["mesopacket.slots"] = slots  # at most one render per core
    # Fixed font timestamps for the whole process: per-render changes to the environment would race.
    os.environ.setdefault("SOURCE_DATE_EPOCH", FONT_TIMESTAMP)

    def words(ui: str):
        return load_content(Options(project=project, lang=ui)).spec

    def page(choice_values: dict, ui: str, status: int = 200, message: str | None = None,
             preview: list[str] | None = None, pages: int | None = None) -> Response:
        langs = languages(project)
        contents = {lang: load_content(Options(project=project, lang=lang)) for lang in langs}  # once each
        content = contents[choice_values["lang"] if choice_values.get("lang") in langs else ui]
        html = render_template("form.html", spec=contents[ui].spec, ui=ui, values=choice_values, message=message,
                               types=content.types, sections=content.spec.sections, titles={
                                   sid: content.sections[sid].title for sid in content.sections},
                               clinics=list(clinics), papers=list(PAPER_SIZES), preview=preview, pages=pages,
                               csrf=csrf_token() if app.config["CSRF"] else None,
                               langs=langs, names={lang: c.spec.download.language_name for lang, c in contents.items()})
        response = Response(html, status=status, mimetype="text/html")
        if choice_values.get("patient_name"):
            response.headers["Cache-Control"] = "no-store"
        return response

    def csrf_token() -> str:
        session.setdefault("csrf", secrets.token_urlsafe(24))
        return session["csrf"]

    @app.get("/")
    def form() -> Response:
        ui = request.args.get("ui", LANGUAGE)
        if ui not in languages(project):
            ui = LANGUAGE
        return page({"lang": ui, "size": "standard", "paper": "letter"}, ui)

    @app.get("/style.css")
    def style() -> Response:
        return Response((project / "styles" / "web.css").read_bytes(), mimetype="text/css")

    @app.post("/")
    def submit() -> Response:
        values = {key: request.form.get(key, "") for key in
                  ("ui", "type", "lang", "size", "paper", "duplex", "clinic", "patient_name", "date", "action")}
        values["sections"] = request.form.getlist("sections")
        ui = values["ui"] if values["ui"] in languages(project) else LANGUAGE
        token = request.form.get("csrf")
        if app.config["CSRF"] and (not token or not secrets.compare_digest(token, session.get("csrf", ""))):
            abort(400)
        try:
            choice = validate(values, project, clinics, ui)
        except ValueError as bad:
            spec = words(ui).web
            return page(values, ui, 400, spec.bad_value.replace("{field}", str(bad)))
        try:
            pdf = render(choice)
        except Busy:
            response = page(values, ui, 503, words(ui).web.busy)
            response.headers["Retry-After"] = "5"
            return response
        except PacketError:
            app.logger.error("a packet failed to build")  # the options may hold a name: none are logged
            return page(values, ui, 500, words(ui).web.failed)
        if values["action"] == "preview":
            images, pages = preview(pdf)
            return page(values, ui, preview=images, pages=pages)
        name = default_output_name(choice.options, choice.options.type).name
        response = Response(pdf, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        if choice.personal:
            response.headers["Cache-Control"] = "no-store"
        return response

    def render(choice: Choice) -> bytes:
        """Build the packet in this process (WeasyPrint stays warm), one per core at a time."""
        cache = cache_path(choice)
        if cache is not None and cache.is_file():
            return cache.read_bytes()
        if not slots.acquire(timeout=app.config["WAIT"]):
            raise Busy
        try:
            pdf = build(choice.options).pdf
        finally:
            slots.release()
        if cache is not None:
            write_atomic(cache, pdf)
        return pdf

    def cache_path(choice: Choice) -> Path | None:
        """Return where a packet without a name is cached, by a hash of everything it is made from."""
        folder = app.config["CACHE_DIR"]
        if folder is None or choice.personal:
            return None
        key = inputs_key(load_content(choice.options), choice.options, assets_hash(project), today())
        return Path(folder) / f"{key}.pdf"

    return app


def today() -> datetime.date:
    """The day reviews are judged on."""
    return datetime.date.today()


def validate(values: dict, project: Path, clinics: dict[str, Path], ui: str) -> Choice:
    """Turn form values into build options; raise ValueError naming the first bad field."""
    if values["lang"] not in languages(project):
        raise ValueError("lang")
    content = load_content(Options(project=project, lang=values["lang"]))
    checks = {"type": values["type"] in content.types, "size": values["size"] in ("standard", "large"),
              "paper": values["paper"] in PAPER_SIZES, "clinic": values["clinic"] in clinics,
              "action": values["action"] in ("preview", "download"), "duplex": values["duplex"] in ("", "on"),
              "sections": bool(values["sections"]) and all(s in content.spec.sections for s in values["sections"]),
              "patient_name": len(values["patient_name"]) <= 120 and values["patient_name"].isprintable()}
    for field, ok in checks.items():
        if not ok:
            raise ValueError(field)
    try:
        date = datetime.date.fromisoformat(values["date"]) if values["date"] else None
    except ValueError:
        raise ValueError("date") from None
    applicable = [s.id for s in content.packet(values["type"]).sections]
    sections = tuple(s for s in applicable if s in values["sections"])
    options = Options(project=project, type=values["type"], lang=values["lang"], paper=values["paper"],
                      large_print=values["size"] == "large", duplex=values["duplex"] == "on",
                      sections=None if len(sections) == len(applicable) else sections or None,
                      clinic=clinics[values["clinic"]], patient_name=values["patient_name"].strip() or None,
                      date=date)
    return Choice(options, ui)


def preview(pdf: bytes) -> tuple[list[str], int]:
    """Return the first pages as PNG data: URIs, and the page count."""
    document = pypdfium2.PdfDocument(pdf)
    images = []
    for index in range(min(PREVIEW_PAGES, len(document))):
        out = io.BytesIO()
        document[index].render(scale=PREVIEW_SCALE).to_pil().save(out, "PNG")
        images.append("data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii"))
    return images, len(document)
