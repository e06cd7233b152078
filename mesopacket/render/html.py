"""Turn one packet into HTML with the project's Jinja templates."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..content import inline
from ..content.dates import long_date
from ..content.model import Packet
from ..content.references import Bibliography
from ..content.schema import GlossaryEntry
from ..errors import RenderError
from ..options import PAPER_SIZES, STYLES_DIR, TEMPLATE, TEMPLATES_DIR
from ..output import private_folder
from ..review.state import ReviewState
from .qr import qr_data_uri, shown_url
from .web_edition import Citations, image_source, stylesheet_text, tel_uri


@dataclass(frozen=True)
class View:
    """Everything the templates see of one packet."""

    packet: Packet
    bib: Bibliography
    terms: list[GlossaryEntry]  # the "Words to know" page
    review: ReviewState
    paper: str
    stylesheets: tuple[str, ...]
    logo: str | None = None  # the clinic's logo as a data: URI
    patient_name: str | None = None
    date: datetime.date | None = None
    document_id: str = ""  # printed on the cover and the last page, and written into the XMP metadata
    medium: str = "print"  # "print" (the PDF's HTML) or "web" (the self-contained web edition)


def css_string(value: str) -> Markup:
    """Quote text as a CSS string, for labels used in generated content."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;!?-()" else f"\\{ord(ch):x} " for ch in value)
    return Markup(f'"{escaped}"')


def with_phone(label: str, phone: str) -> Markup:
    """Fill a label's {phone} with a number that never breaks, joined to the word before it ("at", "al"), so a
    line that must break does so before that word."""
    before, _, after = label.partition("{phone}")
    head, _, word = before.rstrip().rpartition(" ")
    kept = f"{word}\u00a0{phone}" if word else phone
    return Markup('{}{}<span class="phone">{}</span>{}').format(head, " " if head else "", kept, after)


@jinja2.pass_context
def inline_filter(context: jinja2.runtime.Context, text: str) -> Markup:
    """Render inline markup, numbering citations with the packet's bibliography (from the context)."""
    return inline.to_html(text, context["bib"].cite)


class ProjectLoader(jinja2.FileSystemLoader):
    """Load templates from the project's templates/ folder; a link that leads outside the project is refused."""

    def __init__(self, project: Path):
        super().__init__(project / TEMPLATES_DIR)
        self.project = project

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """Return a template's source, unless its file is (through a link) outside the project."""
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.project):
            raise RenderError("the template is a link to a place outside the project; refused",
                              f"{TEMPLATES_DIR}/{template}")
        return source, filename, uptodate


def stylesheet_problem(project: Path, name: str) -> str | None:
    """Return why a stylesheet of the project cannot be used (missing, or a link outside), or None."""
    path = project / STYLES_DIR / name
    if not path.is_file():
        return "stylesheet not found"
    if not path.resolve().is_relative_to(project.resolve()):
        return "the stylesheet is a link to a place outside the project; refused"
    return None


@functools.lru_cache(maxsize=8)
def environment(project: Path) -> jinja2.Environment:
    """Return a strict, autoescaping Jinja environment over the project's templates (one per project;
    templates are compiled once per process and reloaded when their files change; the compiled code is kept for
    the next process too, keyed by each template's source, in a folder only this user can write)."""
    folder = private_folder("templates")
    env = jinja2.Environment(
        loader=ProjectLoader(project.resolve()),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(folder)) if folder else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    env.filters["with_phone"] = with_phone
    env.filters["inline"] = inline_filter
    env.filters["plain"] = inline.plain
    env.filters["long_date"] = long_date
    env.filters["qr"] = qr_data_uri
    env.filters["shown_url"] = shown_url
    env.filters["tel"] = tel_uri
    env.filters["image_src"] = functools.partial(image_source, project)
    return env


def render_html(view: View, project: Path) -> str:
    """Render the packet's HTML; template problems are reported with file and line."""
    web = view.medium == "web"
    for name in view.stylesheets:
        problem = stylesheet_problem(project, name)
        if problem:
            raise RenderError(problem, f"{STYLES_DIR}/{name}")
    env = environment(project.resolve())
    try:
        template = env.get_template(TEMPLATE)
        bib = Citations(view.bib, view.packet.spec.labels.cite_name) if web else view.bib
        return template.render(packet=view.packet, bib=bib, terms=view.terms,
                               review=view.review, logo=view.logo, patient_name=view.patient_name, date=view.date,
                               document_id=view.document_id, signoffs=signoffs_meta(view.review),
                               labels=view.packet.spec.labels, page_size=PAPER_SIZES[view.paper],
                               stylesheets=[f"{STYLES_DIR}/{name}" for name in view.stylesheets],
                               medium=view.medium, web_css=stylesheet_text(project, view.stylesheets) if web else "")
    except jinja2.TemplateNotFound as err:
        raise RenderError("template not found", f"{TEMPLATES_DIR}/{err.name}") from None
    except jinja2.TemplateSyntaxError as err:
        raise RenderError(f"template error: {err.message}", f"{TEMPLATES_DIR}/{err.name}", err.lineno) from None
    except jinja2.UndefinedError as err:
        name, line = _template_frame(err, project)
        raise RenderError(f"template error: {err.message}", name, line) from None


def signoffs_meta(review: ReviewState) -> str:
    """Return the sign-offs as JSON for a <meta> the finisher writes into the XMP metadata (finish.py)."""
    return json.dumps([{"section": s.section, "reviewer": s.reviewer, "reviewed_on": s.reviewed_on.isoformat(),
                        "next_review": s.next_review.isoformat(), "kind": s.kind} for s in review.signed],
                      ensure_ascii=False, separators=(",", ":"))


def _template_frame(err: Exception, project: Path) -> tuple[str, int | None]:
    """Return the template file and line where a render error was raised (the innermost template frame)."""
    folder = str((project / TEMPLATES_DIR).resolve())
    found: tuple[str, int | None] = (f"{TEMPLATES_DIR}/{TEMPLATE}", None)
    tb = err.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(folder):
            found = (f"{TEMPLATES_DIR}/{Path(filename).name}", tb.tb_lineno)
        tb = tb.tb_next
    return found
