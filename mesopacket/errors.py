"""The exit statuses, and the exception family that the one error boundary (commands/__init__.py) maps to them."""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: What installs the project with its dependencies (README), and the Python that then has them.
INSTALL = "python3 -m venv .venv && .venv/bin/pip install -e ."
VENV_PYTHON = ".venv/bin/python"


class ExitStatus(enum.IntEnum):
    """What every command returns (as httpie's ExitStatus): documented in the README."""

    OK = 0
    FAILED = 1  # a rule (check), a version (batch) or a PDF (check --pdf) failed; or review would not sign
    BAD_INPUT = 2  # bad content, options or files: one line per problem, nothing written; or this Python lacks a
    #               dependency, or veraPDF cannot run
    INTERRUPTED = 130  # Ctrl-C or SIGTERM (128 + SIGINT): no partly written file is left
    BROKEN_PIPE = 141  # the reader stopped reading (128 + SIGPIPE), as in `... | head`


class PacketError(Exception):
    """A problem the user can fix: bad content, a missing file, a refused resource."""

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __reduce__(self) -> tuple[Any, ...]:
        """Keep the file and line when the error crosses from a worker process."""
        return (self.__class__, (self.message, self.file, self.line))

    def location(self) -> str:
        """Return 'file:line' (or just 'file'), or '' when the problem has no file."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class ContentError(PacketError):
    """The YAML content is malformed, incomplete or inconsistent."""

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None, rule: str = "content"):
        super().__init__(message, file, line)
        self.rule = rule  # which `check` rule the problem belongs to

    def __reduce__(self) -> tuple[Any, ...]:
        """Keep the file, line and rule when the error crosses from a worker process."""
        return (self.__class__, (self.message, self.file, self.line, self.rule))


class RenderError(PacketError):
    """A template, stylesheet or resource could not be used to render the packet."""


class WriteError(PacketError):
    """A file could not be written: a read-only folder, a full disk, no permission, or a refused target."""


class OptionError(PacketError):
    """A value given on the command line or the web form cannot be used; `field` names the option."""

    def __init__(self, message: str, field: str, code: str = "bad"):
        super().__init__(message)
        self.field, self.code = field, code  # code: which kind of problem, for the web form's words

    def __reduce__(self) -> tuple[Any, ...]:
        """Keep the field and code when the error crosses from a worker process."""
        return (self.__class__, (self.message, self.field, self.code))


class Problems(PacketError):
    """Several problems found in one pass, reported together."""

    def __init__(self, problems: list[PacketError]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems

    def __reduce__(self) -> tuple[Any, ...]:
        """Keep every problem when the error crosses from a worker process."""
        return (self.__class__, (self.problems,))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def raise_all(problems: Sequence[PacketError]) -> None:
    """Raise the problems gathered so far: one as itself, several together."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise Problems(list(problems))


def not_installed(err: ModuleNotFoundError) -> str:
    """Return the one line that says a dependency is missing and how to install it (never a traceback)."""
    return (f"error: this Python ({sys.executable}) lacks the module '{err.name}' the project needs; install the "
            f"project with `{INSTALL}`, then run {VENV_PYTHON} make_handout.py ... (or `. .venv/bin/activate` first)")
