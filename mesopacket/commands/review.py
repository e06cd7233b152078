"""`review`: record a medical sign-off of sections' current text in handouts/signoffs.yaml (never of text that
fails `check`)."""

from __future__ import annotations

import argparse
import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import ExitStatus
from ..options import REVIEW_KIND, REVIEW_KINDS, REVIEW_NEXT
from .parser import Subparsers, add_setting, names, options_of

if TYPE_CHECKING:
    from ..content.model import Content
    from ..content.signoffs import SignOff

INTERVAL = re.compile(r"^(\d{1,3})([my])$")


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
    if INTERVAL.match(text):
        return text
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not like 6m, 1y or 2027-11-24") from None


def next_date(today: datetime.date, given: str | datetime.date) -> datetime.date:
    """Return the next-review date: a date as given, or today plus months or years (the month's last day at most)."""
    if isinstance(given, datetime.date):
        return given
    match = INTERVAL.match(given)
    if match is None:
        raise ValueError(given)
    months = int(match[1]) * (12 if match[2] == "y" else 1)
    year, month = divmod(today.month - 1 + months, 12)
    for day in range(today.day, 0, -1):
        try:
            return datetime.date(today.year + year, month + 1, day)
        except ValueError:
            continue
    raise ValueError(given)


def run(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    """Check the content, then sign the chosen sections; 1 (nothing written) when one of them fails `check`."""
    from ..check.report import finding_line
    from ..check.rules import run_check
    from ..content.load import load_content
    from ..errors import ContentError
    from ..render.fingerprint import section_fingerprints, sign

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
    previous = dict(content.signoffs)
    record(content, new)
    prints = section_fingerprints(content)
    for sid, signed in new.items():
        again = " (text unchanged since its last sign-off)" if sid in previous and \
            previous[sid].fingerprint == prints[sid] else ""
        print(f"signed {sid} ({content.lang}): {signed.reviewer}, {signed.reviewed_on}, next review "
              f"{signed.next_review}{again}", file=stdout)
    print(f"-> {content.sources.shown(content.sources.signoffs)}", file=stdout)
    return ExitStatus.OK


def record(content: Content, new: dict[str, SignOff]) -> None:
    """Add sign-offs of one language to the sign-off file, keeping every other entry; written atomically."""
    from ..content.load import languages
    from ..content.loader import Loader
    from ..content.signoffs import dump_signoffs, load_signoffs
    from ..errors import raise_all
    from ..output import write_atomic

    path: Path = content.sources.signoffs
    langs = languages(content.sources.project)
    loader = Loader(content.sources.project)
    signed = {lang: load_signoffs(loader, path, lang, langs) for lang in langs}
    raise_all(loader.problems)
    signed[content.lang] = {**signed[content.lang], **new}
    write_atomic(path, dump_signoffs({k: v for k, v in signed.items() if v}, langs,
                                     {content.lang: list(content.spec.sections)}))
