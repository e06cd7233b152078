"""Start-up: a cold `build` (a whole process) against WeasyPrint's own command line on the same HTML, and an
unchanged 24-version `batch` as a whole process, measured in one run, interleaved.

  build ratio = median cold `make_handout.py build` / median cold `weasyprint` CLI on the HTML it rendered
  batch       = median seconds of `make_handout.py batch` into a folder where nothing changed
Targets: build ratio <= 1.15; unchanged batch < 0.4 s.  With --suite, also time the whole test suite once.
Run: python benchmarks/startup.py [--rounds N] [--suite]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_TARGET = 1.15
BATCH_TARGET = 0.4


def seconds(command: list[str], cwd: Path) -> float:
    """Run a command to the end; return its wall time (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    """Print both medians and the ratio, the unchanged batch's time, and optionally the suite's time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--suite", action="store_true", help="also run the test suite once and time it")
    args = parser.parse_args()
    python, weasyprint = sys.executable, str(Path(sys.executable).with_name("weasyprint"))
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        build = [python, str(ROOT / "make_handout.py"), "build", "-o", str(work / "ours.pdf")]
        subprocess.run([*build, "--print-html", str(work / "packet.html")], check=True, stdout=subprocess.DEVNULL)
        alone = [weasyprint, "--pdf-variant", "pdf/ua-1", "-u", str(ROOT) + "/", str(work / "packet.html"),
                 str(work / "alone.pdf")]
        batch = [python, str(ROOT / "make_handout.py"), "batch", "-o", str(work / "batch")]
        subprocess.run(batch, check=True, stdout=subprocess.DEVNULL)  # the first, full batch
        ours, theirs, unchanged = [], [], []
        for _ in range(args.rounds):
            ours.append(seconds(build, ROOT))
            theirs.append(seconds(alone, ROOT))
            unchanged.append(seconds(batch, ROOT))
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"cold build {statistics.median(ours):.3f} s, WeasyPrint CLI {statistics.median(theirs):.3f} s: "
          f"ratio {ratio:.3f} (target <= {BUILD_TARGET}: {'met' if ratio <= BUILD_TARGET else 'NOT met'})")
    batch_s = statistics.median(unchanged)
    print(f"unchanged 24-version batch {batch_s:.3f} s (target < {BATCH_TARGET} s: "
          f"{'met' if batch_s < BATCH_TARGET else 'NOT met'})")
    if args.suite:
        suite = seconds([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], ROOT)
        print(f"test suite {suite:.0f} s on {os.cpu_count()} cores")
    return 0 if ratio <= BUILD_TARGET and batch_s < BATCH_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
