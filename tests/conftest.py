"""Shared fixtures: a copy of the shipped project on disk, an in-process CLI, packets built once."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from pypdf import PdfReader

from mesopacket.cli import main
from mesopacket.options import PROJECT_ROOT, READABLE_DIRS

TYPES = ("pleural", "peritoneal", "pericardial")


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


def page_texts(pdf: Path) -> list[str]:
    """Return the extracted text of every page."""
    return [page.extract_text() for page in PdfReader(pdf).pages]


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


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each type's packet built once from the shipped content, with its HTML beside it."""
    folder = tmp_path_factory.mktemp("shipped")
    built = {}
    for type_id in TYPES:
        pdf = folder / f"{type_id}.pdf"
        result = run("build", "--type", type_id, "-o", pdf, "--html", folder / f"{type_id}.html")
        assert result.status == 0, result.err
        built[type_id] = pdf
    return built


BATCH_TODAY = "2026-11-24"


@pytest.fixture(scope="session")
def batch_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project copy and the full batch of it (all 24 versions), built once per session."""
    root = tmp_path_factory.mktemp("batch")
    project = copy_project(root / "project")
    result = run("batch", "--project", project, "-o", root / "out", "--today", BATCH_TODAY)
    assert result.status == 0, result.out + result.err
    return project, root / "out"
