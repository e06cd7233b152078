"""What changed in the words a patient reads: section by section, a word-level diff of the approved text.

The older text is either the content at a git revision (read with `git archive` into a temporary folder and
loaded by the same content loader) or the text each section had when it was signed off (kept in its sign-off).
Both sides are approved texts (approved.py), compared line by line, so YAML formatting never shows as a change.
"""

from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content.language import load_content, read_content
from ..content.model import Content
from ..errors import ContentError, PacketError
from ..options import CONTENT_DIR, Options
from .approved import ApprovedText
from .fingerprint import approved_text, section_fingerprints
from .signoffs import signoffs

WORDS = re.compile(r"\s+|\S+\s*")  # a word with the spaces after it


@dataclass(frozen=True)
class Line:
    """One changed line: 'added', 'removed' or 'changed', as segments of (same|del|ins, text)."""

    kind: str
    segments: tuple[tuple[str, str], ...]

    def text(self) -> str:
        """Return the line as plain text, with [-removed-] and {+added+} words."""
        marks = {"same": "{}", "del": "[-{}-]", "ins": "{{+{}+}}"}
        sign = {"added": "+", "removed": "-", "changed": "~"}[self.kind]
        return f"{sign} " + "".join(marks[tag].format(text) for tag, text in self.segments)


@dataclass(frozen=True)
class SectionChanges:
    """The changes to one section."""

    id: str
    title: str
    note: str = ""  # e.g. "signed 2026-11-24 by Nurse educator; changed since"
    lines: tuple[Line, ...] = ()
    extra: tuple[Line, ...] = field(default=())  # its cited references and glossary words


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Return a word-level diff of two texts as segments."""
    a, b = WORDS.findall(old), WORDS.findall(new)
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("ins", "".join(b[j1:j2])))
    return tuple(segments)


def diff_lines(old: list[str], new: list[str]) -> tuple[Line, ...]:
    """Return the added, removed and changed lines between two versions of a section's lines."""
    found: list[Line] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        found += [Line("changed", word_diff(old[i1 + k], new[j1 + k])) for k in range(pairs)]
        found += [Line("removed", (("same", line),)) for line in old[i1 + pairs:i2]]
        found += [Line("added", (("same", line),)) for line in new[j1 + pairs:j2]]
    return tuple(found)


def compare_section(sid: str, title: str, old: ApprovedText | None, new: ApprovedText | None,
                    note: str = "") -> SectionChanges | None:
    """Return one section's changes (None when its patient-visible text is the same)."""
    if (old and old.lines()) == (new and new.lines()):
        return None
    words = diff_lines(old.own_lines() if old else [], new.own_lines() if new else [])
    extra = diff_lines(old.extra_lines() if old else [], new.extra_lines() if new else [])
    return SectionChanges(sid, title, note, words, extra)


def since_content(old: Content, new: Content, type_id: str | None) -> list[SectionChanges]:
    """Compare two versions of one language's content, section by section (sections of both, in packet order)."""
    ids = list(dict.fromkeys([*new.spec.sections, *new.sections, *old.spec.sections, *old.sections]))
    found = []
    for sid in ids:
        before = approved_text(old, sid).for_type(type_id) if sid in old.sections else None
        after = approved_text(new, sid).for_type(type_id) if sid in new.sections else None
        note = "new section" if before is None and after else "section removed" if after is None and before else ""
        title = (new.sections.get(sid) or old.sections[sid]).title
        changed = compare_section(sid, title, before, after, note)
        if changed is not None:
            found.append(changed)
    return found


def since_review(content: Content, type_id: str | None) -> list[SectionChanges]:
    """Compare each section's current text with the text it was signed off with."""
    found, signed_off = [], signoffs(content).entries
    for sid in dict.fromkeys([*content.spec.sections, *content.sections]):
        now = approved_text(content, sid).for_type(type_id)
        if now is None:
            continue
        signed = signed_off.get(sid)
        title = content.sections[sid].title
        if signed is None:
            found.append(SectionChanges(sid, title, "never signed off: all of it is new to a reviewer",
                                        diff_lines([], now.lines())))
            continue
        note = f"signed {signed.reviewed_on} by {signed.reviewer}" + (f": {signed.summary}" if signed.summary else "")
        if signed.text is None:
            if signed.fingerprint != section_fingerprints(content)[sid]:
                found.append(SectionChanges(sid, title, note + "; changed since review (the signed text was not "
                                                              "kept, so the words cannot be shown)"))
            continue
        changed = compare_section(sid, title, signed.text.for_type(type_id), now, note + "; changed since")
        if changed is not None:
            found.append(changed)
    return found


def content_at(project: Path, ref: str, options: Options, scratch: Path) -> Content:
    """Load one language's content as it was at a git revision (into `scratch`), with the same loader."""
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", f"{ref}:./", CONTENT_DIR], cwd=project,
                                 capture_output=True, check=True).stdout
    except FileNotFoundError:
        raise ContentError("git is not installed; --since needs it") from None
    except subprocess.CalledProcessError as err:
        message = err.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ContentError(f"cannot read {CONTENT_DIR}/ at '{ref}' with git: "
                           f"{message[-1] if message else 'failed'}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
    clinic = options.clinic_path()
    if clinic.is_relative_to(project):
        clinic = scratch / clinic.relative_to(project)
    older = replace(options, project=scratch, clinic=clinic)
    try:
        return read_content(older)
    except PacketError as err:  # an older packet.yaml may lack fixed words added since: use today's
        packet = Path(CONTENT_DIR) / options.lang / "packet.yaml"
        if not (scratch / packet).is_file():
            raise ContentError(f"no content for language '{options.lang}' at '{ref}'") from None
        (scratch / packet).write_bytes((project / packet).read_bytes())
        try:
            return read_content(older)
        except PacketError:
            raise ContentError(f"the content at '{ref}' cannot be read by this version: {err}") from None


def changes(options: Options, since: str | None, type_id: str | None) -> tuple[str, list[SectionChanges]]:
    """Return what the report compares with, and the changes: since a git revision, or since each sign-off."""
    content = load_content(options)
    if type_id is not None and type_id not in content.types:
        raise ContentError(f"unknown type '{type_id}'; choose one of: {', '.join(content.types)}")
    if since is None:
        return "each section's sign-off", since_review(content, type_id)
    with tempfile.TemporaryDirectory(prefix="mesopacket-changes-") as scratch:
        old = content_at(options.project, since, options, Path(scratch))
        return f"git revision {since}", since_content(old, content, type_id)


def as_text(against: str, found: list[SectionChanges]) -> str:
    """Return the changes as plain text, section by section."""
    if not found:
        return f"No patient-visible changes since {against}.\n"
    out = [f"Patient-visible changes since {against}:"]
    for section in found:
        out += ["", f"== {section.title} ({section.id})" + (f": {section.note}" if section.note else "")]
        out += [line.text() for line in section.lines]
        if section.extra:
            out += ["  references and words to know:"] + [f"  {line.text()}" for line in section.extra]
    return "\n".join(out) + "\n"
