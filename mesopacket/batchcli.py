"""The `batch` command: choose the versions, show progress, report failures, write the download page."""

from __future__ import annotations

import argparse
from typing import TextIO

from .batch import SIZES, Version, matrix, run_batch
from .content import languages, load_content
from .downloads import write_download_page
from .errors import ContentError, raise_all
from .loader import Loader
from .options import PAPER_SIZES, Options
from .schema import Strict, Text


class BatchFile(Strict):
    """A batch file: which part of the matrix to build (every key optional)."""

    types: list[Text] | None = None
    langs: list[Text] | None = None
    sizes: list[Text] | None = None
    papers: list[Text] | None = None


def choose(args: argparse.Namespace, base: Options) -> list[Version]:
    """Return the versions the flags (over the batch file, over everything) choose; unknown names fail."""
    chosen: dict[str, list[str] | None] = {}
    if args.batch_file:
        loader = Loader(base.project)
        batch_file = loader.model(args.batch_file, BatchFile)
        raise_all(loader.problems)
        chosen = batch_file.model_dump() if batch_file else {}
    all_langs = languages(base.project)
    every = {"types": list(load_content(base).types), "langs": all_langs, "sizes": list(SIZES),
             "papers": list(PAPER_SIZES)}
    picked = {}
    for name, valid in every.items():
        values = getattr(args, name) or chosen.get(name) or valid
        unknown = [v for v in values if v not in valid]
        if unknown:
            raise ContentError(f"unknown {name[:-1]} '{unknown[0]}'; choose from: {', '.join(valid)}")
        picked[name] = values
    return matrix(picked["types"], picked["langs"], picked["sizes"], picked["papers"])


def run_batch_command(args: argparse.Namespace, stdout: TextIO) -> int:
    """Build the chosen versions; 0 when all were built or current, 1 when any failed."""
    base = Options(project=args.project, clinic=args.clinic, today=args.today)
    versions = choose(args, base)
    with progress_reporter(stdout, len(versions)) as report:
        result = run_batch(base, versions, args.output, force=args.force, workers=args.workers, progress=report)
    write_download_page(args.output, base.project)
    print(f"{len(result.built)} built, {len(result.skipped)} unchanged, {len(result.failed)} failed "
          f"-> {args.output}", file=stdout)
    for version, message in result.failed:
        print(f"failed: {version}: {message}", file=stdout)
    return 1 if result.failed else 0


class progress_reporter:
    """A rich progress bar on a terminal; one quiet line per version elsewhere (CI logs)."""

    def __init__(self, out: TextIO, total: int):
        self.out, self.total, self.bar, self.task = out, total, None, None

    def __enter__(self):
        if self.out.isatty():
            from rich.progress import Progress
            self.bar = Progress(transient=True)
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
