"""Write a file atomically: through a temporary name in the same folder, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import WriteError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part; an OS error
    (read-only folder, full disk, no permission, a folder in the way) is one WriteError naming the file."""
    try:
        _write_atomic(path, data)
    except OSError as err:
        raise WriteError(f"cannot write the file: {err.strerror or err}", path) from None


def _write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary name in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly these bytes (its time stays); tell if written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


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
