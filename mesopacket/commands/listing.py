"""`list`: the mesothelioma types and the sections, in packet order."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..errors import ExitStatus
from .parser import Subparsers, add_setting, options_of


def add_parser(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add `list`."""
    listing = commands.add_parser("list", parents=[common], help="list the mesothelioma types and the sections",
                                  description="List the mesothelioma types and the sections of the packet.")
    add_setting(listing, "lang")


def run(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    """Print the types and the sections, in packet order, with the types each applies to."""
    from ..content.load import load_content

    content = load_content(options_of(args))
    default = content.default_type()
    print("Types:", file=stdout)
    for type_id, meso in content.types.items():
        print(f"  {type_id:<14}{meso.name}{'  (default)' if type_id == default else ''}", file=stdout)
    print("Sections, in packet order:", file=stdout)
    for sid in content.spec.sections:
        section = content.sections[sid]
        print(f"  {sid:<22}{section.title:<36}{', '.join(section.types or ['all types'])}", file=stdout)
    return ExitStatus.OK
