"""`changes`: what changed in the words a patient reads, since a git revision or since each sign-off."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ..errors import ExitStatus
from ..options import Options
from .parser import Subparsers, add_setting, options_of

KINDS = {"added": "Added", "removed": "Removed", "changed": "Changed"}


def add_parser(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add `changes` and its options."""
    changes = commands.add_parser(
        "changes", parents=[common], help="show what changed in the words patients read",
        description="Show, section by section, the patient-visible text added, removed or changed (word by word), "
                    "with the references and glossary words each section uses. Default: since each section's "
                    "sign-off.")
    since = changes.add_mutually_exclusive_group()
    since.add_argument("--since", metavar="GIT-REF", help="compare with the content at a git revision "
                       "(HEAD~1, a tag, a commit)")
    since.add_argument("--since-review", action="store_true",
                       help="compare with the text each section was signed off with (the default)")
    add_setting(changes, "lang")
    changes.add_argument("--type", metavar="TYPE", help="only what a packet of this type shows")
    changes.add_argument("--html", type=Path, metavar="FILE", help="also write the changes as a printable page")


def run(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    """Print the changes (and write them as HTML); 0 whether or not anything changed."""
    from ..check.changes import as_text, changes

    options = options_of(args)
    against, found = changes(options, args.since, args.type)
    if args.html:
        write_html(args, options, against, found)
    print(as_text(against, found), end="", file=stdout)
    return ExitStatus.OK


def write_html(args: argparse.Namespace, options: Options, against: str, found: list[Any]) -> None:
    """Write the changes as a page a reviewer can read and print."""
    from ..output import write_atomic
    from ..render.html import environment

    title = f"Changes to the {options.lang} content" + (f" ({args.type} packets)" if args.type else "")
    html = environment(options.project.resolve()).get_template("changes.html").render(
        lang=options.lang, title=title, intro=f"Patient-visible text compared with {against}.", sections=found,
        kinds=KINDS)
    write_atomic(args.html, html.encode("utf-8"))
