"""`batch`: every version into one folder, incremental, safe on failure, with a download page."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml

from mesopacket.options import PROJECT_ROOT

from conftest import TODAY, run
from test_bad_input import edit


def batch(project: Path, out: Path, *extra: str) -> tuple[int, str]:
    """Run `batch` for a project into a folder; return status and output."""
    result = run("batch", "--project", project, "-o", out, "--today", TODAY, *extra)
    return result.status, result.out + result.err


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Return each file's modification time and bytes."""
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*")
            if p.is_file()}


@pytest.fixture
def built(shipped_batch: tuple[Path, Path]) -> tuple[Path, Path]:
    """The shipped project and the full batch of it, built once per session (do not change them)."""
    return shipped_batch


@pytest.fixture
def copy(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the built project and folder, for a test that changes them."""
    project, out = built
    shutil.copytree(project, tmp_path / "project")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "project", tmp_path / "out"


def review_span(project: Path) -> dict[str, tuple[str, str]]:
    """Return, per language, the oldest sign-off and the soonest next review, read from the sign-off file itself
    (no shipped section is tailored away from a type, so every version of a language shows them all)."""
    data = yaml.safe_load((project / "handouts" / "signoffs.yaml").read_text())
    return {lang: (min(str(s["reviewed_on"]) for s in entries.values()),
                   min(str(s["next_review"]) for s in entries.values())) for lang, entries in data.items()}


def test_every_version_is_built_and_listed(built: tuple[Path, Path]) -> None:
    project, out = built
    every = json.loads((out / "manifest.json").read_text())["files"]
    signed = review_span(project)
    files = [f for f in every if f["format"] == "pdf"]  # and 12 web editions (test_web_edition.py)
    assert len(files) == 24 and len(list(out.glob("*.pdf"))) == 24
    assert len(every) == 36 and len(list(out.glob("mesothelioma-*.html"))) == 12
    assert {(f["type"], f["lang"], f["size"], f["paper"]) for f in files} == {
        (t, lang, s, p) for t in ("pleural", "peritoneal", "pericardial") for lang in ("en", "es")
        for s in ("standard", "large") for p in ("letter", "a4")}
    for entry in files:
        pdf = out / entry["file"]
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == entry["sha256"]
        assert pdf.stat().st_size == entry["bytes"] and entry["pages"] > 10
        assert (entry["reviewed_on"], entry["next_review"]) == signed[entry["lang"]], entry["file"]
        assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", entry["document_id"]), entry["document_id"]
        assert {c["reviewer"] for c in entry["changes"]} == {
            "Content author (editorial review of example content; not a clinical review)"}
        with pikepdf.open(pdf) as doc:
            assert doc.check_pdf_syntax() == [] and len(doc.pages) == entry["pages"]
    assert "mesothelioma-stage4-peritoneal-es-a4-large.pdf" in {f["file"] for f in files}


def test_a_rebuild_with_nothing_changed_writes_nothing(copy: tuple[Path, Path]) -> None:
    project, out = copy
    before = snapshot(out)
    status, output = batch(project, out)
    assert status == 0 and "0 built, 24 unchanged, 0 failed" in output
    assert snapshot(out) == before


def test_changing_one_file_rebuilds_only_the_versions_made_from_it(copy: tuple[Path, Path]) -> None:
    project, out = copy
    before = snapshot(out)
    edit(project / "handouts/es/sections/notes.yaml", "translated_from:", "# una nota\ntranslated_from:")
    status, output = batch(project, out, "--types", "pleural,peritoneal")  # 16 of the 24, to keep the test short
    assert status == 0 and "8 built, 8 unchanged" in output
    after = snapshot(out)
    changed = {name for name in after if name.endswith(".pdf") and after[name][0] != before[name][0]}
    assert changed == {name for name in after if name.endswith(".pdf") and "-es-" in name and "pericardial" not in name}


def test_changing_a_template_rebuilds_every_version(copy: tuple[Path, Path]) -> None:
    project, out = copy
    edit(project / "templates/packet.html", "<body>", "<body>\n")
    status, output = batch(project, out, "--langs", "en", "--types", "pleural")
    assert status == 0 and "4 built, 0 unchanged" in output


def test_force_rebuilds_everything_to_the_same_bytes(copy: tuple[Path, Path]) -> None:
    project, out = copy
    before = snapshot(out)
    status, output = batch(project, out, "--force", "--langs", "en", "--types", "pleural")
    assert status == 0 and "4 built, 0 unchanged" in output
    after = snapshot(out)
    for name in before:
        if name.endswith(".pdf"):
            assert after[name][1] == before[name][1], name


def test_broken_content_stops_before_anything_is_written(copy: tuple[Path, Path]) -> None:
    project, out = copy
    before = snapshot(out)
    (project / "handouts/en/sections/notes.yaml").write_text("title: [broken\n")
    status, output = batch(project, out)
    assert status == 2
    assert "error: handouts/en/sections/notes.yaml:2: invalid YAML" in output
    assert snapshot(out) == before


def test_a_failing_version_is_named_and_the_others_are_written(copy: tuple[Path, Path],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import mesopacket.render.pdf as pdf_module
    from mesopacket.errors import RenderError

    project, out = copy
    real = pdf_module.render_pdf

    def fail_one(html: str, *args: object) -> bytes:
        if 'lang="es"' in html and "size: A4" in html and "large-print.css" in html:
            raise RenderError("simulated failure")
        return real(html, *args)

    monkeypatch.setattr(pdf_module, "render_pdf", fail_one)
    good = out / "mesothelioma-stage4-pleural-es-a4-large.pdf"
    old = good.read_bytes()
    status, output = batch(project, out, "--force", "--workers", "1", "--types", "pleural", "--sizes", "large")
    assert status == 1
    assert "failed: type=pleural lang=es size=large paper=a4: simulated failure" in output
    assert "3 built, 0 unchanged, 1 failed" in output
    assert good.read_bytes() == old  # the older good file is kept
    assert not list(out.rglob("*.part"))


def test_interrupted_batch_leaves_no_partial_files(copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import mesopacket.publish.batch as batch_module

    project, out = copy
    calls = []
    real = batch_module.write_atomic

    def interrupt(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(batch_module, "write_atomic", interrupt)
    status, output = batch(project, out, "--force", "--workers", "1")
    assert status == 130 and "interrupted" in output
    assert not [p for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".part"]


def test_subsets_by_flags_and_batch_file(built: tuple[Path, Path], tmp_path: Path) -> None:
    project, _ = built
    chosen = tmp_path / "choice.yaml"
    chosen.write_text("types: [pericardial]\nlangs: [es]\nsizes: [large]\n")
    status, output = batch(project, tmp_path / "out", "--batch-file", chosen, "--papers", "a4")
    assert status == 0 and "1 built, 0 unchanged" in output
    assert [p.name for p in (tmp_path / "out").glob("*.pdf")] == ["mesothelioma-stage4-pericardial-es-a4-large.pdf"]
    status, output = batch(project, tmp_path / "out2", "--papers", "tabloid")
    assert status == 2 and "unknown paper 'tabloid'; choose from: letter, a4" in output


def test_download_page_lists_every_version_with_a_thumbnail(built: tuple[Path, Path]) -> None:
    _, out = built
    english, spanish = (out / "index.html").read_text(), (out / "index.es.html").read_text()
    for html, lang in ((english, "en"), (spanish, "es")):
        assert f'<html lang="{lang}">' in html and '<meta name="viewport"' in html and "<script" not in html
        for pdf in out.glob("*.pdf"):
            assert f'href="{pdf.name}" download' in html
    thumbs = sorted((out / "thumbs").glob("*.png"))
    assert len(thumbs) == 24 and all(f'src="thumbs/{t.name}"' in english for t in thumbs)
    assert 'href="index.es.html"' in english and 'href="index.html"' in spanish
    assert "Large print" in english and "Letra grande" in spanish


def test_sigterm_ends_the_workers_cleanly_and_the_manifest_keeps_every_finished_pdf(small: Path,
                                                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, str(PROJECT_ROOT / "make_handout.py"), "batch", "--project", str(small), "-o",
               str(out), "--today", TODAY, "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("built "):
            break
    process.send_signal(signal.SIGTERM)
    rest, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "interrupted" in err, err
    files = {e["file"]: e for e in json.loads((out / "manifest.json").read_text())["files"]}
    assert files and set(files) == {p.name for p in out.glob("*.pdf")} and len(files) < 16
    for name, listed in files.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == listed["sha256"]
    assert not [p for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".part"]


def test_a_second_batch_into_the_same_folder_is_told_another_is_running(small: Path, tmp_path: Path) -> None:
    from filelock import FileLock

    out = tmp_path / "out"
    out.mkdir()
    with FileLock(out / "manifest.lock", thread_local=False):
        status, output = batch(small, out, "--workers", "1")
    assert status == 2 and output.splitlines() == [
        f"error: {out}: another batch is building into this folder (it holds manifest.lock); wait for it to finish, "
        "or choose another folder"]
    assert [p.name for p in out.iterdir()] == ["manifest.lock"]


def test_a_full_disk_stops_the_batch_in_one_line_with_no_partial_file(small: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out"
    status, output = batch(small, out, "--workers", "1", "--types", "alpha", "--langs", "en")
    assert status == 2 and len(output.splitlines()) == 1 and "Traceback" not in output, output
    assert output.startswith(f"error: {out}/mesothelioma-stage4-alpha-en-") and \
        output.endswith(": cannot write the file: No space left on device\n"), output
    assert sorted(p.name for p in out.iterdir()) == ["manifest.lock"]


def test_an_output_folder_that_is_a_file_is_one_line(small: Path, tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file")
    status, output = batch(small, tmp_path / "out", "--workers", "1")
    assert status == 2 and output.splitlines() == [f"error: {tmp_path / 'out'}: File exists"], output
    assert (tmp_path / "out").read_text() == "a file"
