"""Move hand-typed `review:` blocks out of section files into handouts/signoffs.yaml (issue 11).

    .venv/bin/python scripts/migrate_review_blocks.py [PROJECT]     # default: this repository

For every `handouts/<lang>/sections/*.yaml` that still has a top-level `review:` block, the block's lines are
removed (nothing else in the file changes) and a sign-off with the same reviewer, dates and the section's current
text is recorded (kind: editorial, no summary). Sections without a `review:` block keep their sign-off. Safe to
run again: with no `review:` block left it changes nothing. Run it after merging a branch whose sections carry
review blocks.
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
from mesopacket.render.fingerprint import sign  # noqa: E402


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


def migrate(project: Path) -> list[str]:
    """Migrate every language of a project; return what was moved, as lines to print."""
    moved = []
    for lang in languages(project):
        folder = project / CONTENT_DIR / lang / "sections"
        reviews = {path.stem: review for path in sorted(folder.glob("*.yaml"))
                   if (review := take_review_block(path)) is not None}
        if not reviews:
            continue
        content = load_content(Options(project=project, lang=lang))
        record(content, {sid: sign(content, sid, r["reviewer_role"], _date(r["reviewed_on"]),
                                   _date(r["next_review"]), "editorial") for sid, r in reviews.items()})
        moved += [f"{lang}/{sid}: {r['reviewer_role']}, {r['reviewed_on']} -> {r['next_review']}"
                  for sid, r in reviews.items()]
    return moved


def _date(value: object) -> datetime.date:
    """Return a review block's date (YAML gives a date; a quoted one is a string)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_ROOT
    for line in migrate(root.resolve()):
        print(f"moved {line}")
