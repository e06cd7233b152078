"""manifest.json: what a batch folder holds, and whether each file is still current."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..output import write_if_changed

MANIFEST = "manifest.json"


def load_manifest(folder: Path) -> dict[str, dict]:
    """Return the manifest's entries by file name (empty when there is none or it is unreadable)."""
    try:
        return {entry["file"]: entry for entry in json.loads((folder / MANIFEST).read_text())["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def save_manifest(folder: Path, entries: dict[str, dict]) -> bool:
    """Write the manifest, sorted by file name, unless it holds exactly this already; tell if it was written."""
    files = sorted(entries.values(), key=lambda e: e["file"])
    return write_if_changed(folder / MANIFEST, (json.dumps({"files": files}, indent=2) + "\n").encode())


def sha256_file(path: Path) -> str:
    """Return a file's SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_current(folder: Path, file: str, key: str, old: dict | None) -> bool:
    """Tell whether a version's file was built from the same inputs and is intact."""
    path = folder / file
    return bool(old and old.get("key") == key and path.is_file() and sha256_file(path) == old.get("sha256"))
