"""`batch`: choose the versions, show progress, report failures, write the download page."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import ContentError
from ..options import PAPER_SIZES, SIZES, Options
from .parser import names, today_option

if TYPE_CHECKING:
    from ..content.model import Content
    from ..publish.versions import Version

#: What a batch may choose, by flag: types and languages come from the content.
CHOICES = ("types", "langs", "sizes", "papers")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add `batch` and its options."""
    batch = commands.add_parser("batch", parents=[common], help="build every version into a folder, with a "
                                "download page", description="Build every version (type x language x print size "
                                "x paper) into a folder, with web editions (one HTML page per type, language and "
                                "print size), manifest.json and a download page (index.html). "
                                "Versions whose inputs did not change are not rendered again.")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to build into")
    batch.add_argument("--types", type=names, metavar="T,T", help="only these types (default: all)")
    batch.add_argument("--langs", type=names, metavar="L,L", help="only these languages (default: all)")
    batch.add_argument("--sizes", type=names, metavar=",".join(SIZES), help="print sizes (default: both)")
    batch.add_argument("--papers", type=names, metavar=",".join(PAPER_SIZES), help="paper sizes (default: both)")
    batch.add_argument("--batch-file", type=Path, metavar="FILE",
                       help="a YAML file choosing types, langs, sizes and papers")
    batch.add_argument("--clinic", type=Path, metavar="FILE", help="clinic profile YAML")
    batch.add_argument("--force", action="store_true", help="render every version, changed or not")
    batch.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core)")
    today_option(batch)


def chosen_in_file(path: Path | None, project: Path) -> dict[str, list[str] | None]:
    """Return what a batch file chooses (nothing when there is none)."""
    if path is None:
        return {}
    from ..content.loader import Loader
    from ..content.schema import BatchFile

    return Loader(project).require(path, BatchFile).model_dump()


def choose(args: argparse.Namespace, base: Options, contents: dict[str, Content]) -> list[Version]:
    """Return the versions the flags (over the batch file, over everything) choose; unknown names fail."""
    from ..content.language import languages, load_content
    from ..publish.versions import matrix

    from_file = chosen_in_file(args.batch_file, base.project)
    contents[base.lang] = load_content(base)
    every = {"types": list(contents[base.lang].types), "langs": languages(base.project), "sizes": list(SIZES),
             "papers": list(PAPER_SIZES)}
    picked = {}
    for name in CHOICES:
        valid = every[name]
        values = getattr(args, name) or from_file.get(name) or valid
        unknown = [v for v in values if v not in valid]
        if unknown:
            raise ContentError(f"unknown {name[:-1]} '{unknown[0]}'; choose from: {', '.join(valid)}")
        picked[name] = values
    return matrix(picked["types"], picked["langs"], picked["sizes"], picked["papers"])


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    """Build the chosen versions; 0 when all were built or current, 1 when any failed."""
    from ..publish import downloads
    from ..publish.batch import run_batch
    from ..publish.lock import folder_lock
    from ..publish.web_editions import web_file

    base = Options(project=args.project, clinic=args.clinic, today=args.today)
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
    return 1 if result.failed else 0


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
