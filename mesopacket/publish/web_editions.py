"""The web editions a batch writes beside the PDFs: one self-contained HTML page per type, language and print
size (letter and A4 PDFs share one), composed by pipeline.web_edition, incremental like the PDFs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import PacketError
from ..options import Options, web_edition_name
from ..pipeline import Plan, web_edition
from .manifest import Entry, is_current
from .versions import Version


@dataclass(frozen=True)
class WebEdition:
    """One composed web edition: its file, the version it was made from, and its bytes."""

    file: str
    version: Version
    plan: Plan
    data: bytes


def web_file(base: Options, version: Version) -> str:
    """Return the file name of a version's web edition (the same for every paper size)."""
    return web_edition_name(version.options(base), version.type).name


def compose_web_editions(base: Options, versions: list[Version], plans: dict[Version, Plan], folder: Path,
                         manifest: dict[str, Entry], force: bool = False) -> tuple[list[WebEdition], list[str]]:
    """Compose the web editions whose inputs changed (before anything is written); return them and the files
    that are current. A problem names the version."""
    first: dict[str, Version] = {}
    for version in versions:
        first.setdefault(web_file(base, version), version)
    stale, current = [], []
    for file, version in first.items():
        planned = plans[version]
        if not force and is_current(folder, file, planned.fingerprint, manifest.get(file)):
            current.append(file)
            continue
        try:
            stale.append(WebEdition(file, version, planned, web_edition(planned).encode("utf-8")))
        except PacketError as err:
            err.message = f"{err.message} (version: {version}, web edition)"
            raise
    return stale, current


def web_entry(edition: WebEdition) -> Entry:
    """Return a web edition's manifest entry."""
    version, review = edition.version, edition.plan.review
    return Entry(file=edition.file, format="html", type=version.type, lang=version.lang, size=version.size,
                 bytes=len(edition.data), sha256=hashlib.sha256(edition.data).hexdigest(),
                 reviewed_on=review.reviewed_on, next_review=review.next_review, key=edition.plan.fingerprint)
