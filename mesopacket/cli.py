"""The command line, and the one error boundary that maps problems to exit status 2."""

from __future__ import annotations

import argparse
import datetime
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from . import __version__
from .errors import PacketError, Problems
from .options import LANGUAGE, PAPER, PAPER_SIZES, PROJECT_ROOT, Options


def parser() -> argparse.ArgumentParser:
    """Return the argument parser for all commands."""
    main_parser = argparse.ArgumentParser(
        prog="make_handout.py",
        description="Build printable stage 4 mesothelioma packets from the YAML content in handouts/.",
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", metavar="LANG", help=f"content language: en or es (default: {LANGUAGE})")
    common.add_argument("--project", type=Path, default=PROJECT_ROOT, metavar="DIR",
                        help="folder holding handouts/, templates/ and styles/ (default: this tool's folder)")
    common.add_argument("--traceback", action="store_true", help="show the full traceback on errors")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", parents=[common], help="build one packet as a PDF",
                                description="Build one packet as a PDF. Options given here override a --preset.")
    build.add_argument("--type", metavar="TYPE", help="mesothelioma type (see `list`; default: pleural)")
    build.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help="where to write the PDF (default: build/mesothelioma-stage4-TYPE-LANG-PAPER.pdf)")
    build.add_argument("--paper", choices=sorted(PAPER_SIZES), help=f"paper size (default: {PAPER})")
    build.add_argument("--large-print", action=argparse.BooleanOptionalAction, default=None,
                       help="large print: body text 18 pt or more, wider line spacing")
    build.add_argument("--duplex", action=argparse.BooleanOptionalAction, default=None,
                       help="for two-sided printing: each section starts on a right-hand page")
    build.add_argument("--sections", type=_sections, metavar="ID,ID,...",
                       help="only these sections, in this order (see `list`)")
    build.add_argument("--clinic", type=Path, metavar="FILE",
                       help="clinic profile YAML (default: handouts/clinics/example.yaml)")
    build.add_argument("--patient-name", metavar="NAME",
                       help="printed on the cover's 'Prepared for' line only (never logged or saved)")
    build.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the date printed on the cover")
    build.add_argument("--preset", type=Path, metavar="FILE", help="read the options from a preset YAML file")
    build.add_argument("--save-preset", type=Path, metavar="FILE",
                       help="also save this build's options as a preset (without the patient's name)")
    build.add_argument("--html", type=Path, metavar="FILE", help="also write the HTML the PDF is made from")
    build.add_argument("--require-review", action=argparse.BooleanOptionalAction, default=None,
                       help="refuse example content, and content with no review or an overdue one")
    build.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                       help="the day reviews are judged on (default: today)")

    check = commands.add_parser("check", parents=[common], help="measure the content against the standards",
                                description="Check reading level, sentences, references, review dates, "
                                            "medical terms and PEMAT structure. Exit 0 when every rule holds, "
                                            "1 when one fails.")
    check.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                       help="the day reviews are checked against (default: today)")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.add_argument("--pdf", type=Path, nargs="+", metavar="FILE", help="check built PDFs instead: veraPDF "
                       "PDF/UA-1 and the structure tree (needs the test extra and Java; see mesopacket/pdfua.py)")
    batch = commands.add_parser("batch", parents=[common], help="build every version into a folder, with a "
                                "download page", description="Build every version (type x language x print size "
                                "x paper) into a folder, with manifest.json and a download page (index.html). "
                                "Versions whose inputs did not change are not rendered again.")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to build into")
    batch.add_argument("--types", type=_list, metavar="T,T", help="only these types (default: all)")
    batch.add_argument("--langs", type=_list, metavar="L,L", help="only these languages (default: all)")
    batch.add_argument("--sizes", type=_list, metavar="standard,large", help="print sizes (default: both)")
    batch.add_argument("--papers", type=_list, metavar="letter,a4", help="paper sizes (default: both)")
    batch.add_argument("--batch-file", type=Path, metavar="FILE",
                       help="a YAML file choosing types, langs, sizes and papers")
    batch.add_argument("--clinic", type=Path, metavar="FILE", help="clinic profile YAML")
    batch.add_argument("--force", action="store_true", help="render every version, changed or not")
    batch.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core)")
    batch.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                       help="the day reviews are judged on (default: today)")
    serve = commands.add_parser("serve", parents=[common], help="start the web form for clinic staff",
                                description="Start the web form (waitress): staff choose, preview and download "
                                            "packets. Patient names are never logged or saved.")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine)")
    serve.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    serve.add_argument("--clinic", type=Path, action="append", metavar="FILE",
                       help="a clinic profile staff may choose (repeat for several; default: the example)")
    serve.add_argument("--cache", type=Path, default=Path("build/web-cache"), metavar="DIR",
                       help="where packets without a patient's name are cached (default: build/web-cache)")
    commands.add_parser("list", parents=[common], help="list the mesothelioma types and the sections",
                        description="List the mesothelioma types and the sections of the packet.")
    return main_parser


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run one command; return the exit status (0 ok, 2 bad input)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    args = parser().parse_args(argv)
    try:
        if args.command == "list":
            return run_list(args, stdout)
        if args.command == "check":
            return run_check_command(args, stdout)
        if args.command == "serve":
            from .serve import run_server
            return run_server(args, stdout)
        if args.command == "batch":
            from .batchcli import run_batch_command
            return run_batch_command(args, stdout)
        return run_build(args, stdout)
    except PacketError as err:
        if args.traceback:
            traceback.print_exc(file=stderr)
        problems = err.problems if isinstance(err, Problems) else [err]
        for problem in problems:
            print(f"error: {problem}", file=stderr)
        return err.exit_status
    except KeyboardInterrupt:
        print("interrupted; no partly written file was left behind", file=stderr)
        return 130


def run_build(args: argparse.Namespace, stdout: TextIO) -> int:
    """Build one packet and write it (and optionally its HTML) atomically."""
    from .build import build, output_path
    from .output import write_atomic
    from .preset import load_preset, merge, save_preset

    given = {name: getattr(args, name) for name in ("type", "lang", "paper", "large_print", "duplex", "sections",
                                                     "clinic", "output", "today", "require_review",
                                                     "patient_name", "date")}
    preset = load_preset(args.preset, args.project) if args.preset else {}
    options = merge(preset, given, Options(project=args.project))
    built = build(options)
    path = output_path(options, built.packet)
    if args.save_preset:
        save_preset(args.save_preset, replace(options, type=built.packet.type_id))
    if args.html:
        write_atomic(args.html, built.html.encode("utf-8"))
    write_atomic(path, built.pdf)
    print(f"wrote {path} ({built.packet.type.name}, {built.pages} pages, {len(built.pdf) // 1024} KB)", file=stdout)
    return 0


def run_check_command(args: argparse.Namespace, stdout: TextIO) -> int:
    """Run every content rule and print the report; 0 when all hold, 1 when one fails."""
    from .check import run_check
    from .report import as_json, print_plain, print_table

    if args.pdf:
        from .pdfua import report as pdf_report
        return pdf_report(args.pdf, stdout, args.json)
    report = run_check(Options(project=args.project, lang=args.lang or LANGUAGE), args.today or datetime.date.today())
    if args.json:
        print(as_json(report), file=stdout)
    elif stdout.isatty():
        print_table(report, stdout)
    else:
        print_plain(report, stdout)
    return 0 if report.ok else 1


def _list(text: str) -> list[str]:
    """Parse 'a,b' into a list for argparse."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _sections(text: str) -> tuple[str, ...]:
    """Parse 'a,b,c' into section ids for argparse."""
    ids = tuple(part.strip() for part in text.split(",") if part.strip())
    if not ids:
        raise argparse.ArgumentTypeError("name at least one section")
    return ids


def _date(text: str) -> datetime.date:
    """Parse a YYYY-MM-DD date for argparse."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-24") from None


def run_list(args: argparse.Namespace, stdout: TextIO) -> int:
    """Print the types and the sections, in packet order, with the types each applies to."""
    from .content import load_content

    content = load_content(Options(project=args.project, lang=args.lang or LANGUAGE))
    default = content.default_type()
    print("Types:", file=stdout)
    for type_id, meso in content.types.items():
        print(f"  {type_id:<14}{meso.name}{'  (default)' if type_id == default else ''}", file=stdout)
    print("Sections, in packet order:", file=stdout)
    for sid in content.spec.sections:
        section = content.sections[sid]
        print(f"  {sid:<22}{section.title:<36}{', '.join(section.types or ['all types'])}", file=stdout)
    return 0
