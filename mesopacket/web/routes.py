"""The form's routes: show it, serve its stylesheet, and answer a post with a preview or a PDF."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_wtf.csrf import generate_csrf

from ..content.load import languages, load_content
from ..content.model import Content
from ..errors import PacketError
from ..options import LANGUAGE, PAPER, PAPER_SIZES, SIZE, STYLES_DIR, Options, default_output_name
from ..publish.thumbnails import preview
from .form import Choice, validate
from .packets import Busy

PREVIEW_PAGES = 3
FIELDS = ("ui", "type", "lang", "size", "paper", "duplex", "clinic", "patient_name", "date", "action")

blueprint = Blueprint("form", __name__)


def contents() -> dict[str, Content]:
    """Load each language's content once for this request (the default language first)."""
    project = current_app.config["PROJECT"]
    return {lang: load_content(Options(project=project, lang=lang)) for lang in languages(project)}


def page(values: dict[str, Any], ui: str, status: int = 200, message: str | None = None,
         images: list[str] | None = None, pages: int | None = None) -> Response:
    """Render the form with the values given, a message, and a preview."""
    loaded = contents()
    content = loaded[values["lang"] if values.get("lang") in loaded else ui]
    html = render_template(
        "form.html", spec=loaded[ui].spec, ui=ui, values=values, message=message, types=content.types,
        sections=content.spec.sections, titles={sid: s.title for sid, s in content.sections.items()},
        clinics=list(current_app.config["CLINICS"]), papers=list(PAPER_SIZES), preview=images, pages=pages,
        csrf=generate_csrf() if current_app.config["CSRF"] else None, langs=list(loaded),
        names={lang: c.spec.download.language_name for lang, c in loaded.items()})
    response = Response(html, status=status, mimetype="text/html")
    if values.get("patient_name"):
        response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/")
def form() -> Response:
    """Show the empty form, in the language asked for."""
    ui = request.args.get("ui", LANGUAGE)
    ui = ui if ui in languages(current_app.config["PROJECT"]) else LANGUAGE
    return page({"lang": ui, "size": SIZE, "paper": PAPER}, ui)


@blueprint.get("/style.css")
def style() -> Response:
    """Serve the form's stylesheet."""
    return Response((current_app.config["PROJECT"] / STYLES_DIR / "web.css").read_bytes(), mimetype="text/css")


@blueprint.post("/")
def submit() -> Response:
    """Validate the form, then answer with a preview of the packet or the packet itself."""
    values: dict[str, Any] = {key: request.form.get(key, "") for key in FIELDS}
    values["sections"] = request.form.getlist("sections")
    langs = languages(current_app.config["PROJECT"])
    ui = values["ui"] if values["ui"] in langs else LANGUAGE
    words = load_content(Options(project=current_app.config["PROJECT"], lang=ui)).spec.web
    try:
        if values["lang"] not in langs:
            raise ValueError("lang")
        choice = validate(values, load_content(Options(project=current_app.config["PROJECT"], lang=values["lang"])),
                          current_app.config["CLINICS"])
    except ValueError as bad:
        return page(values, ui, 400, words.bad_value.replace("{field}", str(bad)))
    try:
        pdf = current_app.extensions["mesopacket.packets"].pdf(choice)
    except Busy:
        response = page(values, ui, 503, words.busy)
        response.headers["Retry-After"] = "5"
        return response
    except PacketError:
        current_app.logger.error("a packet failed to build")  # the options may hold a name: none are logged
        return page(values, ui, 500, words.failed)
    return answer(values, ui, choice, pdf)


def answer(values: dict[str, Any], ui: str, choice: Choice, pdf: bytes) -> Response:
    """Return the preview page or the PDF as a download (no-store when it holds a name)."""
    if choice.preview:
        images, pages = preview(pdf, PREVIEW_PAGES)
        return page(values, ui, images=images, pages=pages)
    name = default_output_name(choice.options, choice.options.type or "").name
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    if choice.personal:
        response.headers["Cache-Control"] = "no-store"
    return response
