"""manifest.json: what a batch folder holds (one typed entry per file), and whether each file is still current.

Every writer (batch.py for PDFs, web_editions.py for web editions) makes an Entry and every reader (batch,
the download page) gets Entries back; the JSON is the same as before the model: a PDF's entry has its paper,
pages, document ID and latest sign-offs, a web edition's does not (it is one page for every paper).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..output import write_if_changed
from ..stamps import sha256_file

MANIFEST = "manifest.json"
#: What only a PDF's entry holds.
PDF_ONLY = ("paper", "pages", "document_id", "changes")


class Change(BaseModel):
    """One of a version's latest sign-offs: "Changes to this packet" on the download page."""

    model_config = ConfigDict(frozen=True)

    date: datetime.date
    section: str
    title: str
    kind: str
    summary: str | None = None
    reviewer: str


class Entry(BaseModel):
    """One file of a batch folder: which version it is, what it holds, and the key of the inputs it was made from."""

    model_config = ConfigDict(frozen=True)

    file: str
    format: Literal["pdf", "html"] = "pdf"
    type: str
    lang: str
    size: str
    paper: str | None = None
    pages: int | None = None
    bytes: int
    sha256: str
    reviewed_on: datetime.date | None = None
    next_review: datetime.date | None = None
    key: str  # the fingerprint of the plan it was made from (pipeline.Plan.fingerprint)
    document_id: str | None = None
    changes: tuple[Change, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Return the entry as manifest.json holds it."""
        return self.model_dump(mode="json", exclude=set(PDF_ONLY) if self.format == "html" else None)


def load_manifest(folder: Path) -> dict[str, Entry]:
    """Return the manifest's entries by file name (empty when there is none or it is unreadable)."""
    try:
        files = json.loads((folder / MANIFEST).read_text())["files"]
        return {entry.file: entry for entry in (Entry.model_validate(data) for data in files)}
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return {}


def save_manifest(folder: Path, entries: dict[str, Entry]) -> bool:
    """Write the manifest, sorted by file name, unless it holds exactly this already; tell if it was written."""
    files = [entries[name].as_json() for name in sorted(entries)]
    return write_if_changed(folder / MANIFEST, (json.dumps({"files": files}, indent=2) + "\n").encode())


def is_current(folder: Path, file: str, key: str, old: Entry | None) -> bool:
    """Tell whether a version's file was built from the same inputs and is intact."""
    path = folder / file
    return bool(old and old.key == key and path.is_file() and sha256_file(path) == old.sha256)
