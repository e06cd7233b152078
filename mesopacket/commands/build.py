"""`build`: one packet as a PDF and/or its web edition (and optionally its HTML and a preset), written atomically."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from ..errors import ExitStatus
from ..options import FORMAT, SETTINGS, STYLES_DIR, TEMPLATES_DIR, Options, default_output_name, web_edition_name
from .parser import Formats, Renamed, Subparsers, add_setting, options_of


def add_parser(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add `build` and its options: every declared setting, then what to write."""
    build = commands.add_parser("build", parents=[common], help="build one packet as a PDF",
                                description="Build one packet as a PDF. Options given here override a --preset.")
    for name in SETTINGS:
        add_setting(build, name)
    build.add_argument("--format", action=Formats, default=(FORMAT,), metavar="pdf,web",
                       help=f"what to write: pdf, web (the web edition, one self-contained page) or both "
                       f"(default: {FORMAT}; html: the old name of web)")
    build.add_argument("--preset", type=Path, metavar="FILE", help="read the options from a preset YAML file")
    build.add_argument("--save-preset", type=Path, metavar="FILE",
                       help="also save this build's options as a preset (without the patient's name)")
    build.add_argument("--print-html", type=Path, metavar="FILE", help="also write the HTML the PDF is made from")
    build.add_argument("--html", dest="print_html", type=Path, metavar="FILE", action=Renamed, new="--print-html",
                       help="the old name of --print-html (deprecated)")


def run(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    """Build one packet (its PDF, its web edition or both) and write it (and its HTML and preset) atomically."""
    if "pdf" not in args.format:
        from ..pipeline import plan

        return write_web_edition(args, plan(build_options(args)), stdout)
    from ..render.worker import warm_worker

    with warm_worker() as worker:  # first: WeasyPrint warms up in a worker while this process reads the content
        from ..pipeline import compose, plan, render, web_edition

        options = build_options(args)
        planned = plan(options)
        path = options.output or default_output_name(options, planned.packet.type_id)
        web_path = path.with_suffix(".html") if options.output else web_edition_name(options, planned.packet.type_id)
        guard(args, planned, {"--output": path, **({"the web edition": web_path} if "web" in args.format else {})})
        web = web_edition(planned) if "web" in args.format else None  # every output is made before any is written
        built = render(compose(planned), worker)
    write_extras(args, options, built.packet.type_id, built.html)
    if web is not None:
        write_web(web_path, web, built.packet.type.name, stdout)
    from ..output import write_atomic

    write_atomic(path, built.pdf)
    print(f"wrote {path} ({built.packet.type.name}, {built.pages} pages, {len(built.pdf) // 1024} KB)", file=stdout)
    return ExitStatus.OK


def build_options(args: argparse.Namespace) -> Options:
    """Return the build's options: the defaults, overridden by a preset, overridden by the command line."""
    from .preset import load_preset

    return options_of(args, load_preset(args.preset, args.project) if args.preset else {})


def guard(args: argparse.Namespace, planned: Any, outputs: dict[str, Path]) -> None:
    """Refuse outputs that would overwrite a file the build reads (content, templates, styles, preset) or a folder."""
    from .targets import refuse_overwrite

    project = planned.options.project
    refuse_overwrite({**outputs, "--print-html": args.print_html, "--save-preset": args.save_preset},
                     [*planned.inputs, *([args.preset] if args.preset else [])],
                     [project / TEMPLATES_DIR, project / STYLES_DIR])


def write_web_edition(args: argparse.Namespace, planned: Any, stdout: TextIO) -> ExitStatus:
    """Compose the web edition alone (no PDF, WeasyPrint not imported) and write it."""
    from ..pipeline import compose, web_edition

    path = planned.options.output or web_edition_name(planned.options, planned.packet.type_id)
    guard(args, planned, {"--output": path})
    web = web_edition(planned)
    html = compose(planned).html if args.print_html else ""
    write_extras(args, planned.options, planned.packet.type_id, html)
    write_web(path, web, planned.packet.type.name, stdout)
    return ExitStatus.OK


def write_extras(args: argparse.Namespace, options: Options, type_id: str, html: str) -> None:
    """Write the preset and the HTML the PDF is made from, when asked."""
    from ..output import write_atomic
    from .preset import save_preset

    if args.save_preset:
        save_preset(args.save_preset, replace(options, type=type_id))
    if args.print_html:
        write_atomic(args.print_html, html.encode("utf-8"))


def write_web(path: Path, html: str, type_name: str, stdout: TextIO) -> None:
    """Write a web edition atomically and say so."""
    from ..output import write_atomic

    data = html.encode("utf-8")
    write_atomic(path, data)
    print(f"wrote {path} ({type_name}, web edition, {len(data) // 1024} KB)", file=stdout)
