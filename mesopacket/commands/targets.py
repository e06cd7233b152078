"""Where a build may write: never onto a file it reads, a template or stylesheet, or a folder."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import WriteError


def refuse_overwrite(targets: dict[str, Path | None], inputs: Iterable[Path], folders: Iterable[Path]) -> None:
    """Refuse (WriteError) to write onto a folder, onto a file the build reads or any file in `folders`, or
    twice onto one file; `targets` maps each option (`--output`) to the file it names."""
    read = [path.resolve() for path in inputs]
    inside = [folder.resolve() for folder in folders]
    named: dict[Path, str] = {}
    for option, path in targets.items():
        if path is None:
            continue
        if path.is_dir():
            raise WriteError(f"{option} names a folder; give a file name", path)
        target = path.resolve()
        if target in read or any(target.is_relative_to(folder) for folder in inside) or \
                any(path.exists() and other.exists() and os.path.samefile(path, other) for other in read):
            raise WriteError(f"{option} would overwrite a file the packet is made from; choose another file", path)
        if target in named:
            raise WriteError(f"{option} and {named[target]} name the same file", path)
        named[target] = option
