"""The argument parser: the options every command takes, the declared settings as options, one sub-parser per
command (each command adds its own)."""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeAlias

from .. import __version__
from ..options import DEPRECATED_FORMATS, FORMATS, PROJECT_ROOT, SETTINGS, Options, Setting

#: Where each command's module adds its parser: `commands.add_parser(...)`.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def common_options() -> argparse.ArgumentParser:
    """Return the options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=PROJECT_ROOT, metavar="DIR",
                        help="folder holding handouts/, templates/ and styles/ (default: this tool's folder)")
    common.add_argument("--traceback", action="store_true", help="show the full traceback on errors")
    return common


def main_parser(commands: dict[str, ModuleType], prog: str | None = None) -> argparse.ArgumentParser:
    """Return the parser for all commands; `commands` maps a name to the module that adds and runs it; `prog`
    is how the tool was started (None: the program's file name)."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Build printable stage 4 mesothelioma packets from the YAML content in handouts/.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = common_options()
    for module in commands.values():
        module.add_parser(subparsers, common)
    return parser


def add_setting(parser: argparse.ArgumentParser, name: str, help: str | None = None, into_options: bool = True,
                **extra: Any) -> None:
    """Add one declared setting (options.SETTINGS) as an option; not given, it is None and Options decides.
    `help`: what it means for this command (its default is said after it); `into_options=False`: the command
    reads it itself (`serve --clinic` takes several)."""
    declared = SETTINGS[name]
    flags = [declared.short, declared.flag] if declared.short else [declared.flag]
    kwargs: dict[str, Any] = {"default": None, "help": described(declared, help)}
    if declared.kind == "switch":
        kwargs["action"] = argparse.BooleanOptionalAction
    elif isinstance(declared.choices, tuple):
        kwargs.update(type=str, choices=sorted(declared.choices))
    else:
        kwargs.update(type=VALUE_TYPES[declared.kind], metavar=declared.metavar or METAVARS.get(declared.kind))
    parser.add_argument(*flags, **{**kwargs, **extra})
    if into_options:
        parser.set_defaults(given_settings=(*(parser.get_default("given_settings") or ()), name))


def described(declared: Setting, help: str | None = None) -> str:
    """Return a setting's --help text, with its default when there is one to say."""
    said = help or declared.help
    return f"{said} (default: {declared.says})" if declared.says else said


def given(args: argparse.Namespace) -> dict[str, Any]:
    """Return the settings given on the command line (an option left out is not given)."""
    names = getattr(args, "given_settings", ())
    return {name: getattr(args, name) for name in names if getattr(args, name) is not None}


def options_of(args: argparse.Namespace, preset: dict[str, Any] | None = None) -> Options:
    """Return the options: the defaults (Options), overridden by a preset, overridden by the command line."""
    return Options(project=args.project, **{**(preset or {}), **given(args)})


def names(text: str) -> list[str]:
    """Parse 'a,b' into a list for argparse."""
    return [part.strip() for part in text.split(",") if part.strip()]


def formats(text: str) -> tuple[str, ...]:
    """Parse 'pdf,web' (or 'both') into output formats for argparse (an old name means its new one)."""
    given = names(text)
    chosen = tuple(FORMATS) if text.strip() == "both" else tuple(dict.fromkeys(DEPRECATED_FORMATS.get(n, n)
                                                                                 for n in given))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from: {', '.join(FORMATS)} (or both), joined by commas")
    return chosen


def notice(namespace: argparse.Namespace, line: str) -> None:
    """Keep a one-line notice (a deprecated spelling) for the command line to print on stderr."""
    namespace.notices = [*getattr(namespace, "notices", ()), line]


class Formats(argparse.Action):
    """`--format`: the formats to write; an old name works, with a notice."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        try:
            setattr(namespace, self.dest, formats(str(values)))
        except argparse.ArgumentTypeError as err:
            parser.error(f"argument {option_string}: {err}")
        for old in dict.fromkeys(n for n in names(str(values)) if n in DEPRECATED_FORMATS):
            notice(namespace, f"{option_string} {old} is deprecated and goes in the next release; "
                              f"use {option_string} {DEPRECATED_FORMATS[old]}")


class Renamed(argparse.Action):
    """An option's old name, kept for one release: it works as the new one (`new=`), with a notice."""

    def __init__(self, option_strings: list[str], dest: str, new: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, **kwargs)
        self.new = new

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)
        notice(namespace, f"{option_string} is deprecated and goes in the next release; use {self.new}")


def items(text: str) -> tuple[str, ...]:
    """Parse 'a,b,c' into ids (such as sections) for argparse."""
    ids = tuple(names(text))
    if not ids:
        raise argparse.ArgumentTypeError("name at least one")
    return ids


def date(text: str) -> datetime.date:
    """Parse a YYYY-MM-DD date for argparse."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-24") from None


#: How the command line reads each kind of setting (a switch is --x / --no-x; static choices are checked here).
VALUE_TYPES: dict[str, Callable[[str], Any]] = {"choice": str, "text": str, "list": items, "date": date,
                                               "path": Path}
METAVARS = {"list": "ID,ID,...", "date": "YYYY-MM-DD", "path": "FILE"}
