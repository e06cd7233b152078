"""`batch`: choose the versions, show progress, report failures, write the download page."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import ExitStatus
from ..options import MATRIX, Options, Setting
from ..publish.versions import Version, matrix
from .parser import Subparsers, add_setting, names, options_of

if TYPE_CHECKING:
    from ..content.model import Content


class Refused(argparse.Action):
    """An option another command takes that this one refuses, with what to use instead (exit status 2)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        parser.error(f"{option_string} is not a batch option: {self.help}")


def add_parser(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add `batch` and its options: one flag per axis of the matrix (options.MATRIX), choosing several values."""
    batch = commands.add_parser("batch", parents=[common], help="build every version into a folder, with a "
                                "download page", description="Build every version (type x language x print size "
                                "x paper) into a folder, with web editions (one HTML page per type, language and "
                                "print size), manifest.json and a download page (index.html). "
                                "Versions whose inputs did not change are not rendered again.")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to build into")
    for axis in MATRIX:
        batch.add_argument(f"--{axis.key}s", type=names, metavar=axis_metavar(axis),
                           help=f"only these {axis.key}s (default: all)")
    batch.add_argument("--lang", action=Refused, metavar="LANG", help="a batch builds every language; choose "
                       "some with --langs L,L")
    batch.add_argument("--batch-file", type=Path, metavar="FILE",
                       help=f"a YAML file choosing {', '.join(f'{a.key}s' for a in MATRIX)}")
    add_setting(batch, "clinic")
    batch.add_argument("--force", action="store_true", help="render every version, changed or not")
    batch.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core)")
    add_setting(batch, "today")


def axis_metavar(axis: Setting) -> str:
    """Return how --help shows an axis's values: its static choices, or two placeholders."""
    spelled = axis.spelled or (axis.choices if isinstance(axis.choices, tuple) else None)
    return ",".join(spelled) if spelled else f"{axis.key[0].upper()},{axis.key[0].upper()}"


def chosen_in_file(path: Path | None, project: Path) -> dict[str, list[str] | None]:
    """Return what a batch file chooses (nothing when there is none)."""
    if path is None:
        return {}
    from ..content.loader import Loader
    from ..content.schema import BatchFile

    return Loader(project).require(path, BatchFile).model_dump()


def every_value(axis: Setting, content: Content) -> list[str]:
    """Return every value an axis of the matrix may take (its spellings, its choices, or the content's)."""
    from ..content.load import languages

    if axis.spelled or isinstance(axis.choices, tuple):
        return list(axis.spelled or axis.choices or ())
    if axis.choices == "langs":
        return languages(content.sources.project)
    if axis.choices == "types":
        return list(content.types)
    raise ValueError(f"a batch axis cannot take its values from {axis.choices!r}")


def choose(args: argparse.Namespace, base: Options, contents: dict[str, Content]) -> list[Version]:
    """Return the versions the flags (over the batch file, over everything) choose; unknown names fail."""
    from ..content.load import load_content
    from ..errors import ContentError

    from_file = chosen_in_file(args.batch_file, base.project)
    contents[base.lang] = load_content(base)
    picked = []
    for axis in MATRIX:
        valid = every_value(axis, contents[base.lang])
        values = getattr(args, f"{axis.key}s") or from_file.get(f"{axis.key}s") or valid
        unknown = [v for v in values if v not in valid]
        if unknown:
            raise ContentError(f"unknown {axis.key} '{unknown[0]}'; choose from: {', '.join(valid)}")
        picked.append(values)
    return matrix(*picked)


def run(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    """Build the chosen versions; 0 when all were built or current, 1 when any failed."""
    from ..publish import downloads
    from ..publish.batch import run_batch
    from ..publish.lock import folder_lock
    from ..publish.web_editions import web_file

    base = options_of(args)
    contents: dict[str, Content] = {}
    versions = choose(args, base, contents)
    webs = {web_file(base, version) for version in versions}  # one web edition per type, language and size
    with folder_lock(args.output):  # one batch at a time into a folder: no manifest entry is lost
        with Progress(stdout, len(versions) + len(webs)) as report:
            result = run_batch(base, versions, args.output, force=args.force, workers=args.workers,
                               progress=report, contents=contents)
        if result.built or result.web_built or result.changed or not downloads.is_current(args.output):
            downloads.write_download_page(args.output, base.project, contents)
    print(f"{len(result.built)} built, {len(result.skipped)} unchanged, {len(result.failed)} failed "
          f"-> {args.output}; web editions: {len(result.web_built)} built, {len(result.web_current)} unchanged",
          file=stdout)
    for version, message in result.failed:
        print(f"failed: {version}: {message}", file=stdout)
    return ExitStatus.FAILED if result.failed else ExitStatus.OK


class Progress:
    """A rich progress bar on a terminal; one quiet line per version elsewhere (CI logs)."""

    def __init__(self, out: TextIO, total: int):
        self.out, self.total = out, total
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Progress:
        if self.out.isatty():
            from rich.progress import Progress as Bar
            self.bar = Bar(transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Rendering", total=self.total)
        return self

    def __call__(self, line: str) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.out, flush=True)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
