"""Move hand-typed `review:` blocks out of section files into handouts/signoffs.yaml (issue 11).

    .venv/bin/python scripts/migrate_review_blocks.py [--refresh] [PROJECT]     # default: this repository

For every `handouts/<lang>/sections/*.yaml` that still has a top-level `review:` block, the block's lines are
removed (nothing else in the file changes) and a sign-off with the same reviewer, dates and the section's current
text is recorded (kind: editorial, no summary). Sections without a `review:` block keep their sign-off. Safe to
run again: with no `review:` block left it changes nothing. Run it after merging a branch whose sections carry
review blocks.

--refresh also re-signs every section whose text changed since its sign-off, with that sign-off's own reviewer,
dates and kind: a merge of example-content edits (made while review dates were typed by hand) then prints the
same review dates as before. Never use it on content a clinic has signed: sign that with `make_handout.py review`.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mesopacket.commands.review import record  # noqa: E402
from mesopacket.content.load import languages, load_content  # noqa: E402
from mesopacket.options import CONTENT_DIR, PROJECT_ROOT, Options  # noqa: E402
from mesopacket.output import write_atomic  # noqa: E402
from mesopacket.render.fingerprint import section_fingerprints, sign  # noqa: E402


def take_review_block(path: Path) -> dict | None:
    """Remove a section file's top-level `review:` block (its indented lines); return what it held."""
    text = path.read_text(encoding="utf-8")
    review = (yaml.safe_load(text) or {}).get("review")
    if review is None:
        return None
    lines, kept, inside = text.splitlines(keepends=True), [], False
    for line in lines:
        if line.startswith("review:"):
            inside = True
            continue
        if inside and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        inside = False
        kept.append(line)
    write_atomic(path, "".join(kept).encode("utf-8"))
    return review


def migrate(project: Path, refresh: bool = False) -> list[str]:
    """Migrate every language of a project (and with `refresh` re-sign changed sections); return what was done."""
    done = []
    for lang in languages(project):
        folder = project / CONTENT_DIR / lang / "sections"
        reviews = {path.stem: review for path in sorted(folder.glob("*.yaml"))
                   if (review := take_review_block(path)) is not None}
        content = load_content(Options(project=project, lang=lang))
        new = {sid: sign(content, sid, r["reviewer_role"], _date(r["reviewed_on"]), _date(r["next_review"]),
                         "editorial") for sid, r in reviews.items()}
        done += [f"moved {lang}/{sid}: {r['reviewer_role']}, {r['reviewed_on']} -> {r['next_review']}"
                 for sid, r in reviews.items()]
        if refresh:
            prints = section_fingerprints(content)
            stale = {sid: old for sid, old in content.signoffs.items() if sid not in new and
                     old.fingerprint != prints[sid]}
            new.update({sid: sign(content, sid, old.reviewer, old.reviewed_on, old.next_review, old.kind,
                                  old.summary) for sid, old in stale.items()})
            done += [f"re-signed {lang}/{sid}: {old.reviewer}, {old.reviewed_on} -> {old.next_review}"
                     for sid, old in stale.items()]
        if new:
            record(content, new)
    return done


def _date(value: object) -> datetime.date:
    """Return a review block's date (YAML gives a date; a quoted one is a string)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


if __name__ == "__main__":
    args = sys.argv[1:]
    refresh = "--refresh" in args
    paths = [arg for arg in args if arg != "--refresh"]
    for line in migrate(Path(paths[0]).resolve() if paths else PROJECT_ROOT, refresh):
        print(line)
