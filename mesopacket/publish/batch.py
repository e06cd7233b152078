"""Build every version (type x language x print size x paper) into one folder: warm workers, only what changed.
Each version's web edition is written too (web_editions).

Every version is planned first (all content validated); nothing is written until all are valid. A version is
skipped when its plan's fingerprint matches the manifest and its file is intact, so an unchanged batch reads
the content and stops without importing WeasyPrint. Stale versions are composed, then rendered, by the same
pipeline functions `build` uses, in a pool of forked workers that are replaced now and then.
"""

from __future__ import annotations

import contextlib
import hashlib
import resource
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..content.load import load_content
from ..content.model import Content
from ..errors import PacketError
from ..options import CHANGES_LISTED, STYLES_DIR, TASKS_PER_WORKER, TEMPLATE, Options, worker_count
from ..output import write_atomic
from ..pipeline import Page, Plan, assets_hash, compose, plan, render
from ..render.worker import fork_pool
from .lock import sigterm_as_interrupt, sigterm_deferred
from .manifest import is_current, load_manifest, save_manifest
from .versions import Version
from .web_editions import compose_web_editions, web_entry


@dataclass
class BatchResult:
    """What a batch did."""

    built: list[str]
    skipped: list[str]
    failed: list[tuple[str, str]]  # (version, message)
    peak_kib: list[int]  # each render's worker peak memory, in order of completion
    changed: bool = False  # whether the folder's manifest changed
    web_built: list[str] = field(default_factory=list)  # web editions written (web_editions)
    web_current: list[str] = field(default_factory=list)  # web editions already current


def plan_versions(base: Options, versions: list[Version], contents: dict[str, Content]) -> dict[Version, Plan]:
    """Plan every version, loading each language's content once (into `contents`); a problem names the version."""
    plans, assets = {}, assets_hash(base.project)  # the same templates and styles for every version
    for version in versions:
        options = version.options(base)
        if version.lang not in contents:
            contents[version.lang] = load_content(options)
        try:
            plans[version] = plan(options, contents[version.lang], assets)
        except PacketError as err:
            err.message = f"{err.message} (version: {version})"
            raise
    return plans


def compose_version(item: tuple[Version, Plan]) -> tuple[Version, Page]:
    """Compose one version's HTML in a worker; a problem names the version."""
    version, planned = item
    try:
        return version, compose(planned)
    except PacketError as err:
        err.message = f"{err.message} (version: {version})"
        raise


def render_version(item: tuple[Version, Page]) -> tuple[Version, Page, bytes | None, int, str | None, int]:
    """Render one version in a worker: (version, page, pdf, pages, error, peak memory of this worker in KiB)."""
    version, page = item
    try:
        built = render(page)
        pdf, pages, error = built.pdf, built.pages, None
    except PacketError as err:
        pdf, pages, error = None, 0, str(err)
    return version, page, pdf, pages, error, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[Any]:
    """Yield a pool of warm, forked workers, or this process's own map when one worker will do."""
    if workers <= 1:
        yield SimpleNamespace(map=lambda f, items: list(map(f, items)), imap_unordered=map)
        return

    pool = fork_pool(workers, TASKS_PER_WORKER)
    try:
        yield pool
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def preflight(base: Options, stale: list[Version]) -> None:
    """Warm WeasyPrint and the templates before the workers fork; check each stylesheet once, with its line."""
    from ..render.html import environment
    from ..render.pdf import check_stylesheets

    environment(base.project.resolve()).get_template(TEMPLATE)  # compiled once, before the fork
    names = dict.fromkeys(name for v in stale for name in v.options(base).stylesheets())
    check_stylesheets(base.project, [f"{STYLES_DIR}/{name}" for name in names])


def run_batch(base: Options, versions: list[Version], folder: Path, force: bool = False,
              workers: int | None = None, progress: Callable[[str], None] = lambda line: None,
              contents: dict[str, Content] | None = None) -> BatchResult:
    """Build the versions into `folder`; write each PDF atomically, then the manifest. `contents` holds
    each language's loaded content, and gains those loaded here."""
    plans, manifest = plan_versions(base, versions, {} if contents is None else contents), load_manifest(folder)
    stale = [v for v in versions if force or not is_current(folder, v.file_name(base), plans[v].fingerprint,
                                                            manifest.get(v.file_name(base)))]
    webs, current_webs = compose_web_editions(base, versions, plans, folder, manifest, force)  # before any write
    result = BatchResult([], [v.file_name(base) for v in versions if v not in stale], [], [], web_current=current_webs)
    if stale:
        preflight(base, stale)
    try:
        render_stale(base, stale, plans, (folder, manifest), result, workers, progress)
        for web in webs:
            with sigterm_deferred():
                write_atomic(folder / web.file, web.data)
                manifest[web.file] = web_entry(web)
            result.web_built.append(web.file)
            progress(f"built {web.file} (web edition)")
    except BaseException:
        if result.built or result.web_built:  # interrupted, or a file could not be written: keep what was finished
            save_manifest(folder, manifest)
        raise
    folder.mkdir(parents=True, exist_ok=True)
    result.changed = save_manifest(folder, manifest)
    return result


def render_stale(base: Options, stale: list[Version], plans: dict[Version, Plan], into: tuple[Path, dict[str, dict]],
                 result: BatchResult, workers: int | None, progress: Callable[[str], None]) -> None:
    """Compose, then render, the stale versions in warm workers; write each PDF and its manifest entry together."""
    folder, manifest = into
    with sigterm_as_interrupt(), worker_pool(min(worker_count(workers), len(stale))) as pool:
        pages = pool.map(compose_version, [(v, plans[v]) for v in stale])  # every template works first
        for version, page, pdf, pages_, error, peak in pool.imap_unordered(render_version, pages):
            file = version.file_name(base)
            result.peak_kib.append(peak)
            if pdf is None:
                result.failed.append((str(version), error or "failed"))
                progress(f"FAILED {file} ({version}): {error}")
                continue
            with sigterm_deferred():
                write_atomic(folder / file, pdf)
                manifest[file] = entry(version, file, page.plan, pdf, pages_)
            result.built.append(file)
            progress(f"built {file} ({pages_} pages)")


def entry(version: Version, file: str, planned: Plan, pdf: bytes, pages: int) -> dict:
    """Return a version's manifest entry."""
    review = planned.review
    return {"file": file, "format": "pdf", "type": version.type, "lang": version.lang, "size": version.size,
            "paper": version.paper, "pages": pages, "bytes": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest(),
            "reviewed_on": review.reviewed_on and review.reviewed_on.isoformat(),
            "next_review": review.next_review and review.next_review.isoformat(), "key": planned.fingerprint,
            "document_id": planned.document_id, "changes": latest_changes(planned)}


def latest_changes(planned: Plan) -> list[dict]:
    """Return a version's latest sign-offs, newest first: "Changes to this packet" on the download page."""
    signed = sorted(planned.review.signed, key=lambda s: s.reviewed_on, reverse=True)[:CHANGES_LISTED]
    return [{"date": s.reviewed_on.isoformat(), "section": s.section, "title": s.title, "kind": s.kind,
             "summary": s.summary, "reviewer": s.reviewer} for s in signed]
