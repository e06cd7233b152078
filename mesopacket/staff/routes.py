"""The form's routes: show it, serve its stylesheet, and answer a post with a preview or a PDF."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_wtf.csrf import generate_csrf

from ..content.model import Content
from ..content.schema import WebLabels
from ..errors import PacketError
from ..options import LANGUAGE, MAX_NAME, PAPER, PAPER_SIZES, SERVE_RETRY_AFTER, SIZE, STYLES_DIR, default_output_name
from ..publish.thumbnails import preview
from .contents import Contents
from .form import Choice, FormErrors, validate
from .guard import cross_site
from .pool import Busy

PREVIEW_PAGES = 3
FIELDS = ("ui", "type", "lang", "size", "paper", "duplex", "clinic", "patient_name", "date", "action")
#: The fields in the order the page shows them.
ORDER = ("type", "lang", "size", "paper", "duplex", "sections", "clinic", "patient_name", "date", "action")

blueprint = Blueprint("form", __name__)


def contents() -> Contents:
    """Return the app's content, loaded once per change of its files."""
    return current_app.extensions["mesopacket.contents"]


def page(values: dict[str, Any], ui: str, status: int = 200, message: str | None = None,
         images: list[str] | None = None, pages: int | None = None, errors: dict[str, str] | None = None) -> Response:
    """Render the form with the values given, a message, each field's problem beside it, and a preview."""
    langs = contents().languages()
    loaded = {lang: contents().get(lang) for lang in langs}
    content = loaded[values["lang"] if values.get("lang") in loaded else ui]
    words = loaded[ui].spec.web
    bad = errors or {}
    said = {field: said_for(words, bad[field]) for field in sorted(bad, key=lambda f: ORDER.index(f) if f in ORDER
                                                                         else len(ORDER))}
    html = render_template(
        "form.html", spec=loaded[ui].spec, ui=ui, values=values, message=message, types=content.types,
        sections=content.spec.sections, titles={sid: s.title for sid, s in content.sections.items()},
        clinics=list(current_app.config["CLINICS"]), papers=list(PAPER_SIZES), preview=images, pages=pages,
        csrf=generate_csrf() if current_app.config["CSRF"] else None, langs=langs, errors=said,
        summary=[words.bad_value.replace("{field}", label(words, field)) for field in said],
        names={lang: c.spec.download.language_name for lang, c in loaded.items()})
    return Response(html, status=status, mimetype="text/html")


def said_for(words: WebLabels, key: str) -> str:
    """Return what the interface says for a field's problem (a WebLabels key)."""
    return str(getattr(words, key)).replace("{limit}", str(MAX_NAME))


def label(words: WebLabels, field: str) -> str:
    """Return a field's label as the form shows it (never its internal name)."""
    labels = {"type": words.type, "lang": words.language, "size": words.print_size, "paper": words.paper,
              "duplex": words.duplex, "sections": words.sections, "clinic": words.clinic,
              "patient_name": words.patient_name, "date": words.date, "action": words.download}
    return labels.get(field, words.title)


@blueprint.get("/")
def form() -> Response:
    """Show the empty form, in the language asked for."""
    ui = request.args.get("ui", LANGUAGE)
    ui = ui if ui in contents().languages() else LANGUAGE
    return page({"lang": ui, "size": SIZE, "paper": PAPER}, ui)


@blueprint.get("/style.css")
def style() -> Response:
    """Serve the form's stylesheet."""
    return Response((current_app.config["PROJECT"] / STYLES_DIR / "staff-form.css").read_bytes(), mimetype="text/css")


@blueprint.post("/")
def submit() -> Response:
    """Validate the form, then answer with a preview of the packet or the packet itself."""
    values: dict[str, Any] = {key: request.form.get(key, "") for key in FIELDS}
    values["sections"] = request.form.getlist("sections")
    langs = contents().languages()
    ui = values["ui"] if values["ui"] in langs else LANGUAGE
    words = contents().get(ui).spec.web
    if cross_site():
        return page({"lang": ui, "size": SIZE, "paper": PAPER}, ui, 403, words.cross_site)
    try:
        if values["lang"] not in langs:
            raise FormErrors({"lang": "not_offered"})
        choice = validate(values, contents().get(values["lang"]), current_app.config["CLINICS"])
    except FormErrors as bad:
        return page(values, ui, 400, errors=bad.fields)
    try:
        pdf = current_app.extensions["mesopacket.packets"].pdf(choice, chosen_content(choice))
    except Busy:
        response = page(values, ui, 503, words.busy)
        response.headers["Retry-After"] = str(SERVE_RETRY_AFTER)
        return response
    except PacketError:
        current_app.logger.error("a packet failed to build")  # the options may hold a name: none are logged
        return page(values, ui, 500, words.failed)
    return answer(values, ui, choice, pdf)


def chosen_content(choice: Choice) -> Content:
    """Return the content of the chosen language with the chosen clinic's profile."""
    return contents().get(choice.options.lang, choice.options.clinic)


def answer(values: dict[str, Any], ui: str, choice: Choice, pdf: bytes) -> Response:
    """Return the preview page or the PDF as a download."""
    if choice.preview:
        images, pages = preview(pdf, PREVIEW_PAGES)
        return page(values, ui, images=images, pages=pages)
    name = default_output_name(choice.options, choice.options.type or "").name
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
