"""`check`: measure the content against the standards; exit 0 when every rule holds, 1 when one fails."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ..errors import ExitStatus
from .parser import Subparsers, add_setting, options_of


def add_parser(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add `check` and its options."""
    check = commands.add_parser("check", parents=[common], help="measure the content against the standards",
                                description="Check reading level, sentences, references, review dates, "
                                            "medical terms and PEMAT structure. Exit 0 when every rule holds, "
                                            "1 when one fails.")
    add_setting(check, "lang", help="the language to check")
    add_setting(check, "today", help="the day reviews are checked against")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--pdf", type=Path, nargs="+", metavar="FILE", help="check built PDFs instead: veraPDF "
                       "PDF/UA-1 and the structure tree (needs the test extra and Java; see mesopacket/check/pdfua.py)")


def run(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    """Run every content rule and print the report; 0 when all hold, 1 when one fails."""
    from ..check.report import as_json, print_plain, print_table
    from ..check.rules import run_check

    if args.pdf:
        from ..check.pdfua import report as pdf_report
        return pdf_report(args.pdf, stdout, args.json)

    options = options_of(args)
    report = run_check(options, options.review_day())
    if args.json:
        print(as_json(report), file=stdout)
    elif stdout.isatty():
        print_table(report, stdout)
    else:
        print_plain(report, stdout)
    return ExitStatus.OK if report.ok else ExitStatus.FAILED
