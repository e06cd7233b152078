"""`review`: record a medical sign-off of sections' current text in handouts/signoffs.yaml (never of text that
fails `check`)."""

from __future__ import annotations

import argparse
import datetime
from typing import TextIO

from ..errors import ContentError, ExitStatus
from ..options import REVIEW_KIND, REVIEW_KINDS, REVIEW_NEXT
from ..review.schedule import next_date, parse_next
from .parser import Subparsers, add_setting, names, options_of


def add_parser(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add `review` and its options."""
    review = commands.add_parser(
        "review", parents=[common], help="sign off sections: record who approved their current text",
        description="Record a medical sign-off of sections' current text in handouts/signoffs.yaml. A section "
                    "that fails `check` is not signed (exit 1). Edit the text afterwards and the packet prints "
                    "DRAFT again until it is signed again.")
    chosen = review.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--section", type=names, metavar="ID[,ID]", help="the section(s) to sign (see `list`)")
    chosen.add_argument("--all", action="store_true", help="sign every section of the language")
    review.add_argument("--reviewer", required=True, metavar="WHO",
                        help='who approved the text: a role or a name ("Nurse educator", "Dr A. Smith")')
    review.add_argument("--next", type=interval, default=REVIEW_NEXT, metavar="6m|1y|YYYY-MM-DD",
                        help=f"when the next review is due: months, years or a date (default: {REVIEW_NEXT})")
    review.add_argument("--summary", metavar="TEXT", help='one line on what changed ("Fever rule clarified")')
    review.add_argument("--kind", choices=REVIEW_KINDS, default=REVIEW_KIND,
                        help=f"how big the change was (default: {REVIEW_KIND})")
    add_setting(review, "lang")
    add_setting(review, "today", help="the day of the sign-off, and of the check before it")


def interval(text: str) -> str | datetime.date:
    """Parse --next: '6m', '1y' or a date."""
    try:
        return parse_next(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def run(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    """Check the content, then sign the chosen sections; 1 (nothing written) when one of them fails `check`."""
    from ..check.report import finding_line  # the command's work (see commands/__init__.py)
    from ..check.rules import run_check
    from ..content.language import load_content
    from ..review.fingerprint import section_fingerprints
    from ..review.signing import record, sign
    from ..review.signoffs import signoffs

    options = options_of(args)
    today = options.review_day()
    content = load_content(options)  # bad content: exit 2 with its file and line
    known = list(dict.fromkeys([*content.spec.sections, *content.sections]))
    chosen = known if args.all else args.section
    for sid in chosen:
        if sid not in content.sections:
            raise ContentError(f"unknown section '{sid}'; choose one of: {', '.join(known)}")
    report = run_check(options, today)
    files = {content.files[sid]: sid for sid in chosen}
    failing = [f for f in report.findings if f.fails and f.rule != "review"
               and (f.section in chosen or f.file in files)]
    if failing:
        print(f"Not signed: {', '.join(dict.fromkeys(f.section or files[str(f.file)] for f in failing))} "
              "fails `check`. Nothing was written. Fix these first:", file=stdout)
        for f in failing:
            print(f"  {finding_line(f)}", file=stdout)
        return ExitStatus.FAILED
    new = {sid: sign(content, sid, args.reviewer, today, next_date(today, args.next), args.kind, args.summary)
           for sid in chosen}
    previous = signoffs(content).entries
    record(content, new)
    prints = section_fingerprints(content)
    for sid, signed in new.items():
        again = " (text unchanged since its last sign-off)" if sid in previous and \
            previous[sid].fingerprint == prints[sid] else ""
        print(f"signed {sid} ({content.lang}): {signed.reviewer}, {signed.reviewed_on}, next review "
              f"{signed.next_review}{again}", file=stdout)
    print(f"-> {content.sources.shown(content.sources.signoffs)}", file=stdout)
    return ExitStatus.OK
