"""The download page `batch` writes beside the PDFs: one HTML page per language, no JavaScript."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2

from .batch import MANIFEST, SIZES
from .content import load_content
from .options import LANGUAGE, PAPER_SIZES, Options
from .output import write_atomic, write_if_changed
from .render import environment

THUMBS = "thumbs"
THUMB_SCALE = 0.32  # a Letter page becomes about 196 x 253 pixels


def page_name(lang: str) -> str:
    """Return the download page of a language: index.html for the default, index.es.html for Spanish."""
    return "index.html" if lang == LANGUAGE else f"index.{lang}.html"


def thumbnail(folder: Path, entry: dict) -> str:
    """Render the first page of a PDF once per content hash; return its path relative to the folder."""
    name = f"{THUMBS}/{Path(entry['file']).stem}-{entry['sha256'][:10]}.png"
    if not (folder / name).is_file():
        page = pypdfium2.PdfDocument(folder / entry["file"])[0]
        out = io.BytesIO()
        page.render(scale=THUMB_SCALE).to_pil().save(out, "PNG", optimize=True)
        write_atomic(folder / name, out.getvalue())
    return name


def write_download_page(folder: Path, project: Path) -> None:
    """Write index.html (and one page per other language), its stylesheet and the thumbnails."""
    entries = [e for e in json.loads((folder / MANIFEST).read_text())["files"] if (folder / e["file"]).is_file()]
    thumbs = {e["file"]: thumbnail(folder, e) for e in entries}
    for old in (folder / THUMBS).glob("*.png"):
        if f"{THUMBS}/{old.name}" not in thumbs.values():
            old.unlink()
    langs = sorted({e["lang"] for e in entries}, key=lambda lang: lang != LANGUAGE)
    contents = {lang: load_content(Options(project=project, lang=lang)) for lang in langs}
    template = environment(project.resolve()).get_template("download.html")
    for lang in langs:
        html = template.render(lang=lang, contents=contents, langs=langs, entries=entries, thumbs=thumbs,
                               sizes=SIZES, papers=list(PAPER_SIZES), page_name=page_name)
        write_if_changed(folder / page_name(lang), html.encode("utf-8"))
    write_if_changed(folder / "download.css", (project / "styles" / "download.css").read_bytes())



