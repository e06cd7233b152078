"""Write a file atomically (through a temporary name in the same folder, then rename), and where the tool keeps
what it makes for itself (compiled templates, the veraPDF runner)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part; an OS error
    (read-only folder, full disk, no permission, a folder in the way) names the file it could not write (the
    one error boundary prints it on one line)."""
    try:
        _write_atomic(path, data)
    except OSError as err:
        raise OSError(err.errno, f"cannot write the file: {err.strerror or err}", str(path)) from None


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


def private_folder(name: str) -> Path | None:
    """Return a folder of the tool's own files that only this user can write: in the virtual environment
    (var/mesopacket/NAME), else in the user's cache (~/.cache/mesopacket/NAME); None when neither can be made.
    Nothing about a patient is ever kept there."""
    for base in (Path(sys.prefix) / "var" / "mesopacket", Path.home() / ".cache" / "mesopacket"):
        folder = base / name
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = folder.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022 and \
                os.access(folder, os.W_OK):
            return folder
    return None
