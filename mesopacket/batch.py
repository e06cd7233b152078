"""Build every version (type x language x print size x paper) into one folder: warm workers, only what changed.

Every version is validated and its HTML rendered first (cheap); nothing is written until all are valid.
A version's key hashes its HTML (content, templates, options), the styles and images it may load, and the
tool's and WeasyPrint's versions: an unchanged key and an intact file mean the version is skipped.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import itertools
import json
import multiprocessing
import os
import resource
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import weasyprint  # imported before the workers fork, so each starts warm

from . import __version__
from .build import bookmarks, build_html
from .content import Content, applies, load_content
from .errors import PacketError
from .finish import Finisher
from .options import CONTENT_DIR, STYLES_DIR, TEMPLATES_DIR, Options, default_output_name
from .output import write_atomic, write_if_changed
from .pdf import check_stylesheets, render_pdf
from .review import review_state

MANIFEST = "manifest.json"
SIZES = ("standard", "large")
TASKS_PER_WORKER = 12  # a worker is replaced after this many packets, so memory stays flat


@dataclass(frozen=True)
class Version:
    """One packet of the matrix."""

    type: str
    lang: str
    size: str
    paper: str

    def options(self, base: Options) -> Options:
        """Return the build options of this version."""
        return replace(base, type=self.type, lang=self.lang, paper=self.paper, large_print=self.size == "large",
                       output=None, sections=None, patient_name=None, date=None)

    def file_name(self, base: Options) -> str:
        """Return the version's stable, readable file name."""
        return default_output_name(self.options(base), self.type).name

    def __str__(self) -> str:
        return f"type={self.type} lang={self.lang} size={self.size} paper={self.paper}"


@dataclass(frozen=True)
class Job:
    """A validated version, ready to render."""

    version: Version
    file: str
    key: str
    html: str
    bookmarks: list[str]
    reviewed_on: str | None
    next_review: str | None


def input_files(content: Content, options: Options, type_id: str) -> list[Path]:
    """Return the files a version is made from: its language's packet, glossary and type, the sections it
    includes, the references, the clinic profile and logo."""
    lang_dir = options.project / CONTENT_DIR / options.lang
    sections = [sid for sid in content.spec.sections if applies(content.sections[sid].types, type_id)]
    clinic = options.clinic_path()
    logo = [clinic.parent / content.clinic.logo] if content.clinic.logo else []
    return [lang_dir / "packet.yaml", lang_dir / "glossary.yaml", lang_dir / "types" / f"{type_id}.yaml",
            *(lang_dir / "sections" / f"{sid}.yaml" for sid in sections),
            options.project / CONTENT_DIR / "references.yaml", clinic, *logo]


def inputs_key(content: Content, options: Options, assets: str, today: datetime.date) -> str:
    """Hash everything one packet is made from: its files, its options, whether its review is due, the assets."""
    packet = content.packet(options.type, options.sections)
    chosen = (packet.type_id, options.lang, options.paper, options.large_print, options.duplex, options.sections,
              options.date, review_state(packet, today).draft)  # no paths: a moved folder stays current
    digest = hashlib.sha256(f"{assets} {chosen}".encode())
    for path in input_files(content, options, packet.type_id):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def version_keys(base: Options, versions: list[Version]) -> dict[Version, str]:
    """Return each version's inputs_key(), loading each language's content once."""
    assets, today = assets_hash(base.project), base.today or datetime.date.today()
    contents: dict[str, Content] = {}
    keys = {}
    for version in versions:
        options = version.options(base)
        if version.lang not in contents:
            contents[version.lang] = load_content(options)
        keys[version] = inputs_key(contents[version.lang], options, assets, today)
    return keys


def matrix(types: list[str], langs: list[str], sizes: list[str], papers: list[str]) -> list[Version]:
    """Return every combination, in a stable order."""
    return [Version(*combo) for combo in itertools.product(types, langs, sizes, papers)]


def assets_hash(project: Path) -> str:
    """Hash what every version is made with besides its content: templates, styles, fonts, images; and the
    tools' versions."""
    digest = hashlib.sha256(f"mesopacket {__version__} weasyprint {weasyprint.__version__}".encode())
    for folder in (project / TEMPLATES_DIR, project / STYLES_DIR, project / CONTENT_DIR / "images"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(project)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def prepare_one(args: tuple[Options, Version, str]) -> Job:
    """Validate one version and render its HTML; a problem names the version."""
    base, version, key = args
    options = version.options(base)
    try:
        view, html = build_html(options)
        check_stylesheets_once(options.project, tuple(f"{STYLES_DIR}/{n}" for n in options.stylesheets()))
    except PacketError as err:
        err.message = f"{err.message} (version: {version})"
        raise
    review = view.review
    return Job(version, version.file_name(base), key, html, bookmarks(view),
               review.reviewed_on and review.reviewed_on.isoformat(),
               review.next_review and review.next_review.isoformat())


@functools.cache
def check_stylesheets_once(project: Path, paths: tuple[str, ...]) -> None:
    """Check a set of stylesheets once per process (they cannot change during a batch)."""
    check_stylesheets(project, list(paths))


def _start_worker() -> None:
    """Leave Ctrl-C to the parent, which stops the pool and cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def render_job(args: tuple[Job, Path]) -> tuple[Job, bytes | None, int, str | None, int]:
    """Render one job in a worker: (job, pdf, pages, error, peak memory of this worker in KiB)."""
    job, project = args
    try:
        finisher = Finisher()
        pdf = render_pdf(job.html, project, finisher)
        pages = finisher.check(job.bookmarks)
        error = None
    except PacketError as err:
        pdf, pages, error = None, 0, str(err)
    return job, pdf, pages, error, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[Any]:
    """Yield a pool of warm, forked workers, or this process's own map when one worker will do."""
    if workers <= 1:
        yield SimpleNamespace(map=lambda f, items: list(map(f, items)), imap_unordered=map)
        return
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker,
                                                    maxtasksperchild=TASKS_PER_WORKER)
    try:
        yield pool
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def load_manifest(folder: Path) -> dict[str, dict]:
    """Return the manifest's entries by file name (empty when there is none or it is unreadable)."""
    try:
        return {entry["file"]: entry for entry in json.loads((folder / MANIFEST).read_text())["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def sha256_file(path: Path) -> str:
    """Return a file's SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_current(folder: Path, file: str, key: str, old: dict | None) -> bool:
    """Tell whether a version's file was built from the same inputs and is intact."""
    path = folder / file
    return bool(old and old.get("key") == key and path.is_file() and sha256_file(path) == old.get("sha256"))


@dataclass
class BatchResult:
    """What a batch did."""

    built: list[str]
    skipped: list[str]
    failed: list[tuple[str, str]]  # (version, message)
    peak_kib: list[int]  # each render's worker peak memory, in order of completion


def run_batch(base: Options, versions: list[Version], folder: Path, force: bool = False,
              workers: int | None = None, progress: Callable[[str], None] = lambda line: None) -> BatchResult:
    """Build the versions into `folder`; write each PDF atomically, then the manifest."""
    keys, manifest = version_keys(base, versions), load_manifest(folder)
    stale = [v for v in versions if force or not is_current(folder, v.file_name(base), keys[v],
                                                            manifest.get(v.file_name(base)))]
    result = BatchResult([], [v.file_name(base) for v in versions if v not in stale], [], [])
    with worker_pool(min(workers or os.cpu_count() or 1, len(stale))) as pool:
        # Every version is validated (all of them, not only the stale ones) before any is rendered.
        jobs = pool.map(prepare_one, [(base, v, keys[v]) for v in versions]) if stale else []
        todo = [(job, base.project) for job in jobs if job.version in stale]
        for job, pdf, pages, error, peak in pool.imap_unordered(render_job, todo):
            result.peak_kib.append(peak)
            if pdf is None:
                result.failed.append((str(job.version), error or "failed"))
                progress(f"FAILED {job.file} ({job.version}): {error}")
                continue
            write_atomic(folder / job.file, pdf)
            manifest[job.file] = entry(job, pdf, pages)
            result.built.append(job.file)
            progress(f"built {job.file} ({pages} pages)")
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(manifest.values(), key=lambda e: e["file"])
    write_if_changed(folder / MANIFEST, (json.dumps({"files": files}, indent=2) + "\n").encode())
    return result


def entry(job: Job, pdf: bytes, pages: int) -> dict:
    """Return a version's manifest entry."""
    v = job.version
    return {"file": job.file, "type": v.type, "lang": v.lang, "size": v.size, "paper": v.paper, "pages": pages,
            "bytes": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest(), "reviewed_on": job.reviewed_on,
            "next_review": job.next_review, "key": job.key}

