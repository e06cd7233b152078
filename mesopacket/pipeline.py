"""The one pipeline every feature calls: plan a version, compose its HTML, render its PDF.

    plan(options)     content -> a tailored packet, its review state (sign-offs against the current text), the
                      files it is made from, a fingerprint, and the document ID printed on it
    compose(plan)     citations, glossary, Jinja templates -> HTML (the deterministic intermediate)
    web_edition(plan) the same templates with medium "web" -> one self-contained HTML page for screens
    render(page)      WeasyPrint -> tagged PDF bytes, finished and checked in memory

`build`, `batch`, the web form and `check` all start from plan(); nothing here writes a file.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .content.load import load_content
from .content.model import Content, Packet
from .errors import ContentError
from .options import CONTENT_DIR, SETTINGS, STYLES_DIR, TEMPLATES_DIR, Options
from .render.fingerprint import document_id, section_fingerprints
from .render.review import ReviewState, review_state


@dataclass(frozen=True)
class Plan:
    """What one version is made of: its options, its tailored packet, and the fingerprint of its inputs."""

    options: Options
    packet: Packet
    review: ReviewState
    logo: str | None  # the clinic's logo as a data: URI
    inputs: tuple[Path, ...]  # the content files it is made from
    fingerprint: str  # a hash of the inputs, assets, options and review state (never the patient's name)
    document_id: str = ""  # printed on the cover and the last page: the same words, the same ID


@dataclass(frozen=True)
class Page:
    """A composed packet: its HTML and the bookmarks its PDF must have."""

    plan: Plan
    html: str
    bookmarks: tuple[str, ...]


@dataclass(frozen=True)
class Built:
    """A finished packet: its PDF bytes and what went into it."""

    pdf: bytes
    html: str
    packet: Packet
    pages: int


def plan(options: Options, content: Content | None = None, assets: str | None = None) -> Plan:
    """Validate the content (or use the given content of this language) and plan one version; `assets` may give
    assets_hash() when many versions of one project are planned at once."""
    if options.patient_name:
        from .render.names import check_name

        check_name(options.patient_name, options.project)
    content = content or load_content(options)
    packet = content.packet(options.type, options.sections)
    options = replace(options, type=packet.type_id, clinic=options.clinic_path())  # as if given: what was chosen
    review = review_state(packet, content.signoffs, section_fingerprints(content), options.review_day())
    if options.require_review and (review.draft or review.example):
        unreviewed = ", ".join(review.reasons()) or "all (example content)"
        raise ContentError(f"--require-review: content is not medically reviewed or is overdue: {unreviewed}")
    inputs = tuple(content.inputs(packet.type_id))
    doc_id = document_id(content, packet)
    chosen = (*counted(options), review, doc_id)
    digest = hashlib.sha256(f"{assets or assets_hash(options.project)} {chosen}".encode())
    for path in inputs:
        digest.update(path.read_bytes())
    return Plan(options, packet, review, content.logo, inputs, digest.hexdigest(), doc_id)


def counted(options: Options) -> tuple[Any, ...]:
    """Return what the fingerprint counts of the options: each setting declared `fingerprint=True`, a file by
    its bytes (no paths: a moved folder stays current); never anything personal."""
    values = (getattr(options, s.name) for s in SETTINGS.values() if s.fingerprint)
    return tuple(hashlib.sha256(v.read_bytes()).hexdigest() if isinstance(v, Path) else v for v in values)


def assets_hash(project: Path) -> str:
    """Hash what every version is made with besides its content: templates, styles, fonts, images, and the
    tools' versions (read from package metadata, so WeasyPrint is not imported). Files are read again only
    when one of them changed (size or time)."""
    files = sorted(p for folder in (project / TEMPLATES_DIR, project / STYLES_DIR, project / CONTENT_DIR / "images")
                   for p in folder.rglob("*") if p.is_file())
    return _hash_files(project, tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in files))


@functools.lru_cache(maxsize=16)
def _hash_files(project: Path, files: tuple[tuple[Path, int, int], ...]) -> str:
    """Hash the tools' versions and each file's name (within the project) and bytes."""
    digest = hashlib.sha256(f"mesopacket {__version__} weasyprint {_version('weasyprint')}".encode())
    for path, _time, _size in files:
        digest.update(str(path.relative_to(project)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _version(package: str) -> str:
    """Return an installed package's version."""
    return metadata.version(package)


def compose(planned: Plan, medium: str = "print") -> Page:
    """Number the citations, gather the glossary and render the templates into HTML: the HTML the PDF is made
    from (medium "print"), or the web edition's (medium "web": the same templates, its own stylesheets)."""
    from .render.glossary import terms_used
    from .render.html import View, render_html
    from .render.references import bibliography

    options, packet = planned.options, planned.packet
    terms = terms_used(packet)
    sheets = options.web_stylesheets() if medium == "web" else options.stylesheets()
    view = View(packet, bibliography(packet), terms, planned.review, options.paper, sheets,
                logo=planned.logo, patient_name=options.patient_name, date=options.date,
                document_id=planned.document_id, medium=medium)
    labels = packet.spec.labels
    marks = ([labels.glossary] if terms else [])
    expected = (labels.contents, *(s.title for s in packet.sections), *marks, labels.references)
    return Page(planned, render_html(view, options.project), expected)


def web_edition(planned: Plan) -> str:
    """Compose the web edition: one self-contained, responsive HTML page (styles and images inline, no script)."""
    from .render.web import check_self_contained

    html = compose(planned, "web").html
    check_self_contained(html)
    return html


def render(page: Page, run: Callable[..., tuple[bytes, int]] | None = None) -> Built:
    """Render a composed packet to a finished, checked PDF in memory (WeasyPrint is imported here).

    `run(function, args)` may run the render in another process (a warm worker); by default it runs here.
    """
    from .render.worker import finished

    options = page.plan.options
    args = (page.html, options.project, [f"{STYLES_DIR}/{n}" for n in options.stylesheets()], list(page.bookmarks))
    pdf, pages = run(finished, args) if run else finished(*args)
    return Built(pdf, page.html, page.plan.packet, pages)


def build(options: Options) -> Built:
    """Plan, compose and render one packet; nothing is written."""
    return render(compose(plan(options)))
