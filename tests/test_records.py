"""The records several parts share: manifest.json entries (one model for every writer and reader), the one
file-hash helper, and loaded content kept while its files are the same."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from mesopacket.content.language import load_content, read_content
from mesopacket.options import Options
from mesopacket.publish.manifest import Change, Entry, is_current, load_manifest, save_manifest
from mesopacket.stamps import files_digest, sha256_file

from conftest import SECTION, edit

PDF = {"file": "a.pdf", "format": "pdf", "type": "alpha", "lang": "en", "size": "standard", "paper": "letter",
       "pages": 12, "bytes": 3, "sha256": "", "reviewed_on": "2026-11-01", "next_review": None, "key": "k1",
       "document_id": "AAAA-BBBB-CCCC", "changes": [{"date": "2026-11-01", "section": "topic", "title": "A topic",
                                                    "kind": "minor", "summary": None, "reviewer": "Nurse"}]}
HTML = {"file": "a.html", "format": "html", "type": "alpha", "lang": "en", "size": "standard", "bytes": 4,
        "sha256": "", "reviewed_on": None, "next_review": None, "key": "k2"}


def test_manifest_entries_write_the_json_they_are_read_from(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"pdf")
    (tmp_path / "a.html").write_bytes(b"html")
    pdf = {**PDF, "sha256": sha256_file(tmp_path / "a.pdf")}
    html = {**HTML, "sha256": sha256_file(tmp_path / "a.html")}
    (tmp_path / "manifest.json").write_text(json.dumps({"files": [html, pdf]}, indent=2) + "\n")
    entries = load_manifest(tmp_path)
    assert entries["a.pdf"].changes == (Change(date=datetime.date(2026, 11, 1), section="topic", title="A topic",
                                               kind="minor", reviewer="Nurse"),)
    assert entries["a.html"].paper is None and entries["a.html"].as_json() == html  # no PDF-only fields
    assert list(entries["a.pdf"].as_json()) == list(PDF)  # the same fields, in the same order
    assert not save_manifest(tmp_path, entries)  # the same JSON: nothing written
    assert is_current(tmp_path, "a.pdf", "k1", entries["a.pdf"])
    assert not is_current(tmp_path, "a.pdf", "k2", entries["a.pdf"])
    (tmp_path / "a.pdf").write_bytes(b"PDF")
    assert not is_current(tmp_path, "a.pdf", "k1", entries["a.pdf"])  # the file is not what was built


def test_an_older_or_broken_manifest_reads_as_old_or_nothing(tmp_path: Path) -> None:
    older = {k: v for k, v in PDF.items() if k not in ("format", "document_id", "changes")}
    (tmp_path / "manifest.json").write_text(json.dumps({"files": [older]}))
    assert load_manifest(tmp_path)["a.pdf"].format == "pdf"
    (tmp_path / "manifest.json").write_text(json.dumps({"files": [{**PDF, "pages": "many"}]}))
    assert load_manifest(tmp_path) == {}
    (tmp_path / "manifest.json").write_text("{not json")
    assert load_manifest(tmp_path) == {}
    assert Entry.model_validate(PDF).as_json()["reviewed_on"] == "2026-11-01"


def test_a_files_hash_follows_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("one")
    first = sha256_file(path)
    path.write_text("two")
    assert sha256_file(path) != first
    (tmp_path / "g.txt").write_text("x")
    together = files_digest(tmp_path, [path, tmp_path / "g.txt"])
    assert together != files_digest(tmp_path, [tmp_path / "g.txt", path]) != files_digest(tmp_path, [path])


def test_loaded_content_is_kept_while_its_files_are_the_same(small: Path, tmp_path: Path) -> None:
    options = Options(project=small)
    first = load_content(options)
    assert read_content(options) is first
    edit(small / SECTION, "The first key point.", "The first main point.")
    changed = load_content(options)
    assert changed is not first and "The first main point." in str(changed.sections["topic"].blocks[0])
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("name: Another clinic\nphone: '555 0100'\nlogo: logo.svg\n")
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    with_clinic = load_content(Options(project=small, clinic=clinic))
    assert with_clinic is not changed and with_clinic.clinic.name == "Another clinic"
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="2"/>')
    again = load_content(Options(project=small, clinic=clinic))
    assert again is not with_clinic and again.logo != with_clinic.logo  # the logo sits beside the profile
