"""The one file-hash helper: a file's SHA-256, read again only when the file changed (its inode, size or time),
and one hash of many files. Every cache that must know whether its inputs changed asks here: the assets every
version is made with (pipeline.assets_hash), loaded content (content/language.py), intact batch files
(publish/manifest.py)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path


def sha256_file(path: Path) -> str:
    """Return a file's SHA-256 (hex), computed again only when the file changed."""
    stat = path.stat()
    return _sha256(path.absolute(), stat.st_ino, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=2048)
def _sha256(path: Path, _inode: int, _size: int, _mtime_ns: int) -> str:
    """Hash one version of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_digest(root: Path, paths: Iterable[Path], salt: str = "") -> str:
    """Return one SHA-256 of `salt` and each file's name (relative to `root` when inside it) and bytes, in the
    order given."""
    digest = hashlib.sha256(salt.encode())
    for path in paths:
        name = path.relative_to(root) if path.is_relative_to(root) else path
        digest.update(f"{name}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest()
