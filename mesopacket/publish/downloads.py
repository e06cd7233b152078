"""The download page `batch` writes beside the PDFs: one HTML page per language, no JavaScript; each PDF with
a link to its web edition beside it."""

from __future__ import annotations

from pathlib import Path

from ..content.language import load_content
from ..content.model import Content
from ..options import LANGUAGE, PAPER_SIZES, SIZES, STYLES_DIR, Options
from ..output import write_atomic, write_if_changed
from .manifest import Entry, load_manifest

THUMBS = "thumbs"


def page_name(lang: str) -> str:
    """Return the download page of a language: index.html for the default, index.es.html for Spanish."""
    return "index.html" if lang == LANGUAGE else f"index.{lang}.html"


def thumbnail(folder: Path, file: str, name: str) -> str:
    """Render the first page of a PDF once per content hash (its name); return its path relative to the folder."""
    from .thumbnails import THUMB_SCALE, page_png  # pypdfium2 only when a page is written (see is_current)

    if not (folder / name).is_file():
        write_atomic(folder / name, page_png(folder / file, 0, THUMB_SCALE))
    return name


def entries_and_thumbnails(folder: Path) -> tuple[list[Entry], dict[str, str]]:
    """Return the manifest's PDF entries whose files are there, and each one's thumbnail name."""
    entries = [e for e in load_manifest(folder).values() if e.format == "pdf" and (folder / e.file).is_file()]
    return entries, {e.file: f"{THUMBS}/{Path(e.file).stem}-{e.sha256[:10]}.png" for e in entries}


def web_editions(folder: Path) -> dict[tuple[str, str, str], str]:
    """Return the web edition of each (type, language, print size) the manifest lists and the folder holds."""
    return {(e.type, e.lang, e.size): e.file for e in load_manifest(folder).values()
            if e.format == "html" and (folder / e.file).is_file()}


def is_current(folder: Path) -> bool:
    """Tell whether the download page is already there for every file in the manifest (with its thumbnail).

    Call it only when a batch wrote nothing: the page is made from the manifest and from files that are
    inputs of every version, so when no version and no manifest entry changed, the page cannot have changed.
    """
    entries, thumbs = entries_and_thumbnails(folder)
    pages = {page_name(e.lang) for e in entries} | {"download.css"}
    return all((folder / name).is_file() for name in [*pages, *thumbs.values()])


def write_download_page(folder: Path, project: Path, contents: dict[str, Content] | None = None) -> None:
    """Write index.html (and one page per other language), its stylesheet and the thumbnails; `contents`
    may hold languages' content already loaded."""
    entries, names = entries_and_thumbnails(folder)
    thumbs = {file: thumbnail(folder, file, name) for file, name in names.items()}
    for old in (folder / THUMBS).glob("*.png"):
        if f"{THUMBS}/{old.name}" not in thumbs.values():
            old.unlink()
    from ..render.html import environment  # Jinja only when the page is written (see pipeline.compose)

    langs = sorted({e.lang for e in entries}, key=lambda lang: lang != LANGUAGE)
    contents = {lang: (contents or {}).get(lang) or load_content(Options(project=project, lang=lang))
                for lang in langs}
    template = environment(project.resolve()).get_template("download.html")
    for lang in langs:
        html = template.render(lang=lang, contents=contents, langs=langs, entries=entries, thumbs=thumbs,
                               webs=web_editions(folder), sizes=SIZES, papers=list(PAPER_SIZES), page_name=page_name)
        write_if_changed(folder / page_name(lang), html.encode("utf-8"))
    write_if_changed(folder / "download.css", (project / STYLES_DIR / "download.css").read_bytes())
