"""The form's routes: show it, serve its stylesheet, and answer a post with a preview or a PDF."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_wtf.csrf import generate_csrf

from ..content.model import Content
from ..content.schema import FormWords
from ..errors import PacketError
from ..options import FORM_SETTINGS, MAX_NAME, SERVE_RETRY_AFTER, STYLES_DIR, default_output_name
from ..publish.thumbnails import preview
from .contents import Contents
from .form import ACTION, Choice, FormErrors, fields, label, spelled_words, validate
from .guard import cross_site
from .renderer import Busy

PREVIEW_PAGES = 3
#: The fields in the order the page shows them: the declared form settings, then the action.
ORDER = (*(s.key for s in FORM_SETTINGS), ACTION)
#: The fields posted once (the interface language, each setting but a list, the action), and those posted as lists.
FIELDS = ("ui", *(s.key for s in FORM_SETTINGS if s.kind != "list"), ACTION)
LISTS = tuple(s.key for s in FORM_SETTINGS if s.kind == "list")

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
    words_of = shown(content, loaded, ui)
    html = render_template(
        "form.html", spec=loaded[ui].spec, ui=ui, fields=fields(values, words, words_of, defaults(content, words_of)),
        message=message, preview=images, pages=pages, csrf=generate_csrf() if current_app.config["CSRF"] else None,
        langs=langs, errors=said, summary=[words.bad_value.replace("{field}", label(words, field)) for field in said],
        names={lang: c.spec.download.language_name for lang, c in loaded.items()})
    return Response(html, status=status, mimetype="text/html")


def shown(content: Content, loaded: dict[str, Content], ui: str) -> dict[str, dict[str, str]]:
    """Return the words of each field's choices, by value: from the content (its types, languages, sections) or
    the server (clinics), or the interface's words for static choices."""
    sources = {"types": {t: meso.name for t, meso in content.types.items()},
               "langs": {lang: c.spec.download.language_name for lang, c in loaded.items()},
               "sections": {sid: content.sections[sid].title for sid in content.spec.sections},
               "clinics": {name: name for name in current_app.config["CLINICS"]}}
    return {s.key: sources[s.choices] if isinstance(s.choices, str) else spelled_words(s, loaded[ui].spec.download)
            for s in FORM_SETTINGS}


def defaults(content: Content, shown: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Return what each field shows when nothing was given: its declared default; the content's default type;
    every choice of a list whose default is all of them."""
    found: dict[str, Any] = {s.key: s.spell(s.default) for s in FORM_SETTINGS}
    found.update({s.key: content.default_type() for s in FORM_SETTINGS if s.choices == "types" and s.default is None})
    found.update({s.key: list(shown[s.key]) for s in FORM_SETTINGS if s.kind == "list" and s.default is None})
    return found


def said_for(words: FormWords, key: str) -> str:
    """Return what the interface says for a field's problem (a WebLabels key)."""
    return str(getattr(words, key)).replace("{limit}", str(MAX_NAME))


@blueprint.get("/")
def form() -> Response:
    """Show the empty form, in the language asked for."""
    ui = request.args.get("ui", default_language())
    ui = ui if ui in contents().languages() else default_language()
    return page({"lang": ui}, ui)


def default_language() -> str:
    """Return the language the form opens in when a page asks for none (`serve --lang`)."""
    return str(current_app.config["LANG"])


@blueprint.get("/style.css")
def style() -> Response:
    """Serve the form's stylesheet."""
    return Response((current_app.config["PROJECT"] / STYLES_DIR / "web.css").read_bytes(), mimetype="text/css")


@blueprint.post("/")
def submit() -> Response:
    """Validate the form, then answer with a preview of the packet or the packet itself."""
    values: dict[str, Any] = {key: request.form.get(key, "") for key in FIELDS}
    values.update({key: request.form.getlist(key) for key in LISTS})
    langs = contents().languages()
    ui = values["ui"] if values["ui"] in langs else default_language()
    words = contents().get(ui).spec.web
    if cross_site():
        return page({"lang": ui}, ui, 403, words.cross_site)
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
