"""The command line: one module per command, and the one error boundary that maps problems to exit statuses."""

from __future__ import annotations

import sys
import traceback
from typing import TextIO

from ..errors import ExitStatus, PacketError, Problems, not_installed
from . import batch, build, changes, check, listing, review, serve
from .parser import main_parser

#: Each command's module: add_parser(subparsers, common) and run(args, stdout) -> ExitStatus.
COMMANDS = {"build": build, "check": check, "batch": batch, "serve": serve, "list": listing, "review": review,
            "changes": changes}


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None,
         prog: str | None = None) -> int:
    """Run one command; return its ExitStatus. `prog`: how the tool was started, for usage and --version
    (None: the program's file name)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    args = main_parser(COMMANDS, prog).parse_args(argv)
    for line in getattr(args, "notices", ()):
        print(f"warning: {line}", file=stderr)
    try:
        return COMMANDS[args.command].run(args, stdout)
    except (PacketError, OSError, ModuleNotFoundError) as err:
        if args.traceback:
            traceback.print_exc(file=stderr)
        return boundary(err, stderr)
    except KeyboardInterrupt:
        print("interrupted; no partly written file was left behind", file=stderr)
        return ExitStatus.INTERRUPTED


def boundary(err: PacketError | OSError | ModuleNotFoundError, stderr: TextIO) -> ExitStatus:
    """Say what went wrong in one line per problem (never a traceback) and return its exit status."""
    if isinstance(err, PacketError):
        for problem in err.problems if isinstance(err, Problems) else [err]:
            print(f"error: {problem}", file=stderr)
        return err.exit_status
    if isinstance(err, BrokenPipeError):  # the reader stopped reading (`| head`): nothing more to say
        return ExitStatus.BROKEN_PIPE
    if isinstance(err, ModuleNotFoundError):  # here or in a render worker: this Python lacks a dependency
        print(not_installed(err), file=stderr)
        return ExitStatus.BAD_INPUT
    where = f"{err.filename}: " if err.filename else ""  # a file or folder the command needed
    print(f"error: {where}{err.strerror or err}", file=stderr)
    return ExitStatus.BAD_INPUT
