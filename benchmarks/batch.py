"""Time the batch on the full matrix, in one run: sequential in one process, a fresh process per version,
the warm pool (one worker per core), and a rebuild with nothing changed. Also each worker's peak memory.

Targets (2 cores): warm pool <= 0.60x sequential; unchanged rebuild <= 0.05x the full build; worker memory
flat across the batch (last peak within 15% of the first).  Run: python benchmarks/batch.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mesopacket.content.language import load_content  # noqa: E402
from mesopacket.options import PAPER_SIZES, Options  # noqa: E402
from mesopacket.publish.batch import run_batch  # noqa: E402
from mesopacket.publish.versions import SIZES, matrix  # noqa: E402

POOL_TARGET, NO_CHANGE_TARGET, MEMORY_GROWTH = 0.60, 0.05, 1.15


def timed(function, *args, **kwargs):
    """Return (seconds, result) of one call."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def fresh_processes(versions, folder: Path) -> None:
    """Build each version with its own `make_handout.py build` process (a cold start each time)."""
    for v in versions:
        flags = ["--large-print"] if v.size == "large" else []
        subprocess.run([sys.executable, str(ROOT / "make_handout.py"), "build", "--type", v.type, "--lang", v.lang,
                        "--paper", v.paper, *flags, "-o", str(folder / f"{v.type}-{v.lang}-{v.size}-{v.paper}.pdf")],
                       check=True, capture_output=True)


def main() -> int:
    """Print the timings and ratios; exit 1 when a target is missed."""
    base = Options()
    versions = matrix(list(load_content(base).types), ["en", "es"], list(SIZES), list(PAPER_SIZES))
    n, cores = len(versions), os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sequential, _ = timed(run_batch, base, versions, tmp / "seq", force=True, workers=1)
        fresh, _ = timed(fresh_processes, versions, tmp / "fresh")
        pool, result = timed(run_batch, base, versions, tmp / "pool", force=True, workers=cores)
        unchanged, again = timed(run_batch, base, versions, tmp / "pool", workers=cores)
    assert not result.failed and len(again.skipped) == n
    rows = [("sequential, one process", sequential), ("fresh process per version", fresh),
            (f"warm pool, {cores} workers", pool), ("rebuild, nothing changed", unchanged)]
    print(f"{n} versions on {cores} cores")
    print(f"{'run':<28}{'seconds':>9}{'versions/s':>12}{'x sequential':>14}")
    for name, seconds in rows:
        print(f"{name:<28}{seconds:>9.2f}{n / seconds:>12.1f}{seconds / sequential:>14.3f}")
    peaks = [kib // 1024 for kib in result.peak_kib]
    growth = max(peaks[-cores:]) / max(peaks[:cores])
    print(f"worker peak memory (MiB), in order of completion: {peaks}")
    checks = [("warm pool / sequential", pool / sequential, POOL_TARGET),
              ("unchanged rebuild / full pool build", unchanged / pool, NO_CHANGE_TARGET),
              ("worker memory, last / first peak", growth, MEMORY_GROWTH)]
    for name, value, target in checks:
        print(f"{name}: {value:.3f}  target <= {target:.2f}: {'met' if value <= target else 'NOT met'}")
    return 0 if all(value <= target for _, value, target in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
