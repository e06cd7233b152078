"""Where the command line starts (make_handout.py, `python -m mesopacket`, the make-handout script): a Python
without the project's dependencies gets one line naming the install command, never a traceback."""

from __future__ import annotations

import sys
from typing import TextIO

from .errors import ExitStatus, not_installed

try:  # not lazy: guarded, because the command line's own imports need the dependencies
    from .commands import main as _main
except ModuleNotFoundError as missing:
    _MISSING: ModuleNotFoundError | None = missing
else:
    _MISSING = None


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None,
         prog: str | None = None) -> int:
    """Run one command (commands.main), or say in one line that a dependency is missing."""
    if _MISSING is not None:
        print(not_installed(_MISSING), file=stderr or sys.stderr)
        return ExitStatus.BAD_INPUT
    return _main(argv, stdout, stderr, prog)
