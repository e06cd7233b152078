"""The argument parser: the common options, and one sub-parser per command (each command adds its own)."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from types import ModuleType

from .. import __version__
from ..options import FORMATS, LANGUAGE, PROJECT_ROOT


def common_options() -> argparse.ArgumentParser:
    """Return the options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", metavar="LANG", help=f"content language: en or es (default: {LANGUAGE})")
    common.add_argument("--project", type=Path, default=PROJECT_ROOT, metavar="DIR",
                        help="folder holding handouts/, templates/ and styles/ (default: this tool's folder)")
    common.add_argument("--traceback", action="store_true", help="show the full traceback on errors")
    return common


def main_parser(commands: dict[str, ModuleType]) -> argparse.ArgumentParser:
    """Return the parser for all commands; `commands` maps a name to the module that adds and runs it."""
    parser = argparse.ArgumentParser(
        prog="make_handout.py",
        description="Build printable stage 4 mesothelioma packets from the YAML content in handouts/.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = common_options()
    for module in commands.values():
        module.add_parser(subparsers, common)
    return parser


def today_option(parser: argparse.ArgumentParser, judged: str = "judged on") -> None:
    """Add --today: the day reviews are judged on."""
    parser.add_argument("--today", type=date, default=None, metavar="YYYY-MM-DD",
                        help=f"the day reviews are {judged} (default: today)")


def names(text: str) -> list[str]:
    """Parse 'a,b' into a list for argparse."""
    return [part.strip() for part in text.split(",") if part.strip()]


def formats(text: str) -> tuple[str, ...]:
    """Parse 'pdf,html' (or 'both') into output formats for argparse."""
    chosen = tuple(FORMATS) if text.strip() == "both" else tuple(dict.fromkeys(names(text)))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from: {', '.join(FORMATS)} (or both), joined by commas")
    return chosen


def sections(text: str) -> tuple[str, ...]:
    """Parse 'a,b,c' into section ids for argparse."""
    ids = tuple(names(text))
    if not ids:
        raise argparse.ArgumentTypeError("name at least one section")
    return ids


def date(text: str) -> datetime.date:
    """Parse a YYYY-MM-DD date for argparse."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-24") from None
