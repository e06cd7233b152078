"""`build`: one packet as a PDF (and optionally its HTML and a preset), written atomically."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ..options import DEFAULT_CLINIC, PAPER, PAPER_SIZES, STYLES_DIR, TEMPLATES_DIR, Options, default_output_name
from .parser import date, sections, today_option

#: The options a preset may set and the command line may override (None: not given).
GIVEN = ("type", "lang", "paper", "large_print", "duplex", "sections", "clinic", "output", "today", "require_review",
         "patient_name", "date")


def add_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add `build` and its options."""
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
    build.add_argument("--sections", type=sections, metavar="ID,ID,...",
                       help="only these sections, in this order (see `list`)")
    build.add_argument("--clinic", type=Path, metavar="FILE", help=f"clinic profile YAML (default: {DEFAULT_CLINIC})")
    build.add_argument("--patient-name", metavar="NAME",
                       help="printed on the cover's 'Prepared for' line only (never logged or saved)")
    build.add_argument("--date", type=date, metavar="YYYY-MM-DD", help="the date printed on the cover")
    build.add_argument("--preset", type=Path, metavar="FILE", help="read the options from a preset YAML file")
    build.add_argument("--save-preset", type=Path, metavar="FILE",
                       help="also save this build's options as a preset (without the patient's name)")
    build.add_argument("--html", type=Path, metavar="FILE", help="also write the HTML the PDF is made from")
    build.add_argument("--require-review", action=argparse.BooleanOptionalAction, default=None,
                       help="refuse example content, and content with no review or an overdue one")
    today_option(build)


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    """Build one packet and write it (and optionally its HTML and preset) atomically."""
    from ..render.worker import warm_worker

    with warm_worker() as worker:  # WeasyPrint warms up in a worker while this process reads the content
        from ..output import write_atomic
        from ..pipeline import compose, plan, render
        from .preset import load_preset, merge, save_preset
        from .targets import refuse_overwrite

        preset = load_preset(args.preset, args.project) if args.preset else {}
        options = merge(preset, {name: getattr(args, name) for name in GIVEN}, Options(project=args.project))
        planned = plan(options)
        path = options.output or default_output_name(options, planned.packet.type_id)
        refuse_overwrite({"--output": path, "--html": args.html, "--save-preset": args.save_preset},
                         [*planned.inputs, *([args.preset] if args.preset else [])],
                         [options.project / TEMPLATES_DIR, options.project / STYLES_DIR])
        built = render(compose(planned), worker)
    if args.save_preset:
        save_preset(args.save_preset, replace(options, type=built.packet.type_id))
    if args.html:
        write_atomic(args.html, built.html.encode("utf-8"))
    write_atomic(path, built.pdf)
    print(f"wrote {path} ({built.packet.type.name}, {built.pages} pages, {len(built.pdf) // 1024} KB)", file=stdout)
    return 0
