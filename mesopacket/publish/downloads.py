"""The download page `batch` writes beside the PDFs: one HTML page per language, no JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

from ..content.load import load_content
from ..content.model import Content
from ..options import LANGUAGE, PAPER_SIZES, SIZES, STYLES_DIR, Options
from ..output import write_atomic, write_if_changed
from ..render.html import environment
from .manifest import MANIFEST
from .thumbnails import THUMB_SCALE, page_png

THUMBS = "thumbs"


def page_name(lang: str) -> str:
    """Return the download page of a language: index.html for the default, index.es.html for Spanish."""
    return "index.html" if lang == LANGUAGE else f"index.{lang}.html"


def thumbnail(folder: Path, entry: dict) -> str:
    """Render the first page of a PDF once per content hash; return its path relative to the folder."""
    name = f"{THUMBS}/{Path(entry['file']).stem}-{entry['sha256'][:10]}.png"
    if not (folder / name).is_file():
        write_atomic(folder / name, page_png(folder / entry["file"], 0, THUMB_SCALE))
    return name


def write_download_page(folder: Path, project: Path, contents: dict[str, Content] | None = None) -> None:
    """Write index.html (and one page per other language), its stylesheet and the thumbnails; `contents`
    may hold languages' content already loaded."""
    entries = [e for e in json.loads((folder / MANIFEST).read_text())["files"] if (folder / e["file"]).is_file()]
    thumbs = {e["file"]: thumbnail(folder, e) for e in entries}
    for old in (folder / THUMBS).glob("*.png"):
        if f"{THUMBS}/{old.name}" not in thumbs.values():
            old.unlink()
    langs = sorted({e["lang"] for e in entries}, key=lambda lang: lang != LANGUAGE)
    contents = {lang: (contents or {}).get(lang) or load_content(Options(project=project, lang=lang))
                for lang in langs}
    template = environment(project.resolve()).get_template("download.html")
    for lang in langs:
        html = template.render(lang=lang, contents=contents, langs=langs, entries=entries, thumbs=thumbs,
                               sizes=SIZES, papers=list(PAPER_SIZES), page_name=page_name)
        write_if_changed(folder / page_name(lang), html.encode("utf-8"))
    write_if_changed(folder / "download.css", (project / STYLES_DIR / "download.css").read_bytes())
