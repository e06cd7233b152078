"""Shared fixtures: small projects on disk, a copy of the shipped project, an in-process CLI, packets built once.

Code tests use the small project in tests/projects/small (its own test words, the shipped templates and styles),
so that editing the medical content cannot break them. Tests of the shipped content read it from the content.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock
from playwright.sync_api import Browser, sync_playwright
from pypdf import PdfReader

from mesopacket.commands import main
from mesopacket.options import PROJECT_ROOT, READABLE_DIRS

TYPES = ("pleural", "peritoneal", "pericardial")
SMALL = Path(__file__).resolve().parent / "projects" / "small"
TODAY = "2026-11-24"  # the day reviews are judged on in batch tests


@dataclass
class Result:
    """What one CLI run returned and printed."""

    status: int
    out: str
    err: str


def run(*args: str | Path) -> Result:
    """Run make_handout.py in-process with these arguments."""
    out, err = io.StringIO(), io.StringIO()
    status = main([str(a) for a in args], stdout=out, stderr=err)
    return Result(status, out.getvalue(), err.getvalue())


def copy_project(dest: Path) -> Path:
    """Copy the shipped handouts/, templates/ and styles/ into `dest` (a small project on disk)."""
    for name in READABLE_DIRS:
        shutil.copytree(PROJECT_ROOT / name, dest / name)
    return dest


#: The section of the small project that tests add blocks to.
SECTION = "handouts/en/sections/topic.yaml"


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file, which must contain it."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def append_block(project: Path, block: str, section: str = SECTION) -> int:
    """Append a YAML block to a section (of the small project by default); return the line it starts on."""
    path = project / section
    text = path.read_text().rstrip("\n") + "\n"
    path.write_text(text + block)
    return text.count("\n") + 1


def line_of(project: Path, relative: str, needle: str) -> int:
    """Return the 1-based line of the first line containing `needle`."""
    lines = (project / relative).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def small_project(dest: Path) -> Path:
    """Copy the small test project's handouts/ and the shipped templates/ and styles/ into `dest`."""
    shutil.copytree(SMALL / "handouts", dest / "handouts")
    for name in READABLE_DIRS[1:]:
        shutil.copytree(PROJECT_ROOT / name, dest / name)
    return dest


def version_file(type_id: str, lang: str, large: bool, paper: str) -> str:
    """Return the file name batch gives a version."""
    return f"mesothelioma-stage4-{type_id}-{lang}-{paper}{'-large' if large else ''}.pdf"


def page_texts(pdf: Path) -> list[str]:
    """Return the extracted text of every page (read once per file version: many tests read the same PDFs)."""
    stat = pdf.stat()
    return list(_page_texts(pdf.resolve(), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=256)
def _page_texts(pdf: Path, _mtime: int, _size: int) -> tuple[str, ...]:
    """Extract the text of every page of one version of a file."""
    return tuple(page.extract_text() for page in PdfReader(pdf).pages)


def flat(text: str) -> str:
    """Fold all white space (line breaks from layout) into single spaces."""
    return " ".join(text.split())


CHROMIUM = "/usr/bin/chromium"  # Debian's package, installed by tests/install-system-packages.sh; never downloaded
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless Debian Chromium, driven by Playwright."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the shipped project that a test may change."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A fresh copy of the small test project that a test may change."""
    return small_project(tmp_path / "small")


@pytest.fixture(scope="session")
def shipped_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the shipped project and every version of it (24 PDFs), built once per test session by batch."""
    def make(root: Path) -> None:
        result = run("batch", "--project", copy_project(root / "project"), "-o", root / "out", "--today", TODAY)
        assert result.status == 0, result.out + result.err

    root = once_per_session(tmp_path_factory, "batch", make)
    return root / "project", root / "out"


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each type's packet built once from the shipped content, with its HTML beside it."""
    def make(folder: Path) -> None:
        for type_id in TYPES:
            result = run("build", "--type", type_id, "-o", folder / f"{type_id}.pdf",
                         "--print-html", folder / f"{type_id}.html")
            assert result.status == 0, result.err

    folder = once_per_session(tmp_path_factory, "shipped", make)
    return {type_id: folder / f"{type_id}.pdf" for type_id in TYPES}


@contextlib.contextmanager
def live_form(cache: Path, threads: int = 4) -> Iterator[str]:
    """Serve the shipped staff form behind waitress on 127.0.0.1; yield its address; stop it and its workers."""
    import threading

    import waitress

    from mesopacket.web.app import create_app

    app = create_app({"CACHE_DIR": cache})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/"
    finally:
        server.close()
        app.extensions["mesopacket.renderer"].close()  # forked render workers hold copies of the browser's pipes


def once_per_session(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """Make a folder once per test session, shared by pytest-xdist's workers (the first makes it, under a lock)."""
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the session's own folder
    folder = root / f"shared-{name}"
    with FileLock(str(folder) + ".lock"):
        if not (folder / ".done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".done").touch()
    return folder
