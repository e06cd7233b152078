"""Golden HTML: the deterministic intermediate of the small test project, compared by test_golden.py.

After an intended change to the templates or the HTML code, refresh the golden files and review the diff:
    python tests/golden.py
"""

from __future__ import annotations

import datetime
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mesopacket.options import Options  # noqa: E402
from mesopacket.pipeline import compose, plan  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden"
#: Each golden file and the options of the small project's version it holds.
CASES = {
    "small-alpha.html": {"type": "alpha"},
    "small-beta-large-duplex.html": {"type": "beta", "large_print": True, "duplex": True,
                                     "date": datetime.date(2026, 12, 1), "patient_name": "Test Name"},
}


def golden_html(project: Path, options: dict) -> str:
    """Compose one version of the small project, with reviews judged on a fixed day."""
    return compose(plan(Options(project=project, today=datetime.date(2026, 11, 24), **options))).html


def refresh() -> None:
    """Write every golden file from the small project."""
    from conftest import small_project

    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        project = small_project(Path(scratch) / "small")
        for name, options in CASES.items():
            (GOLDEN / name).write_text(golden_html(project, options), encoding="utf-8")
            print(f"wrote {GOLDEN / name}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    refresh()
