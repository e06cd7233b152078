"""The command line: one module per command, and the one error boundary that maps problems to exit status 2."""

from __future__ import annotations

import sys
import traceback
from typing import TextIO

from ..errors import PacketError, Problems
from . import batch, build, changes, check, listing, review, serve
from .parser import main_parser

#: Each command's module: add_parser(subparsers, common) and run(args, stdout) -> exit status.
COMMANDS = {"build": build, "check": check, "batch": batch, "serve": serve, "list": listing, "review": review,
            "changes": changes}


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run one command; return the exit status (0 ok, 1 a rule or version failed, 2 bad input)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    args = main_parser(COMMANDS).parse_args(argv)
    for line in getattr(args, "notices", ()):
        print(f"warning: {line}", file=stderr)
    try:
        return COMMANDS[args.command].run(args, stdout)
    except PacketError as err:
        if args.traceback:
            traceback.print_exc(file=stderr)
        problems = err.problems if isinstance(err, Problems) else [err]
        for problem in problems:
            print(f"error: {problem}", file=stderr)
        return err.exit_status
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing more to say
        return 141
    except OSError as err:  # a file or folder the command needed: one line, never a traceback
        if args.traceback:
            traceback.print_exc(file=stderr)
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}", file=stderr)
        return PacketError.exit_status
    except KeyboardInterrupt:
        print("interrupted; no partly written file was left behind", file=stderr)
        return 130
