"""Time the batch on the full matrix, in one run: sequential in one process, a fresh process per version,
the warm pool (one worker per core), and a rebuild with nothing changed. Also each worker's peak memory.

Each batch runs in a Python process of its own, as `make_handout.py batch` does (a batch measured in the
process that had just rendered 24 packets in place forked its workers from that bigger process, and their
peaks grew with it: 1.168 measured that way, against 1.11 in a process of its own).

Targets (2 cores): warm pool <= 0.60x sequential; unchanged rebuild <= 0.05x the full build; worker memory
flat across the batch (last peak within 15% of the first).  Run: python benchmarks/batch.py
"""

from __future__ import annotations

import json
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
from mesopacket.publish.versions import SIZES, Version, matrix  # noqa: E402

POOL_TARGET, NO_CHANGE_TARGET, MEMORY_GROWTH = 0.60, 0.05, 1.15


def versions() -> list[Version]:
    """Return the full matrix of the shipped content."""
    return matrix(list(load_content(Options()).types), ["en", "es"], list(SIZES), list(PAPER_SIZES))


def one_batch(folder: str, workers: int, force: bool) -> None:
    """Run one batch in this process; print its seconds, what it skipped and each render's peak memory (KiB)."""
    chosen = versions()
    start = time.perf_counter()
    result = run_batch(Options(), chosen, Path(folder), force=force, workers=workers)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "skipped": len(result.skipped), "failed": len(result.failed),
                      "peaks": result.peak_kib}))


def batch(folder: Path, workers: int, force: bool = True) -> dict[str, float | int | list[int]]:
    """Run one batch in a Python process of its own; return what it printed."""
    done = subprocess.run([sys.executable, __file__, "--one", str(folder), str(workers), str(force)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def fresh_processes(chosen: list[Version], folder: Path) -> float:
    """Build each version with its own `make_handout.py build` process (a cold start each time)."""
    start = time.perf_counter()
    for v in chosen:
        flags = ["--large-print"] if v.size == "large" else []
        subprocess.run([sys.executable, str(ROOT / "make_handout.py"), "build", "--type", v.type, "--lang", v.lang,
                        "--paper", v.paper, *flags, "-o", str(folder / f"{v.type}-{v.lang}-{v.size}-{v.paper}.pdf")],
                       check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    """Print the timings and ratios; exit 1 when a target is missed."""
    chosen = versions()
    n, cores = len(chosen), os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sequential = batch(work / "seq", 1)
        fresh = fresh_processes(chosen, work / "fresh")
        pool = batch(work / "pool", cores)
        again = batch(work / "pool", cores, force=False)
    assert not pool["failed"] and again["skipped"] == n
    seconds = {"seq": float(sequential["seconds"]), "pool": float(pool["seconds"]), "again": float(again["seconds"])}
    rows = [("sequential, one process", seconds["seq"]), ("fresh process per version", fresh),
            (f"warm pool, {cores} workers", seconds["pool"]), ("rebuild, nothing changed", seconds["again"])]
    print(f"{n} versions on {cores} cores")
    print(f"{'run':<28}{'seconds':>9}{'versions/s':>12}{'x sequential':>14}")
    for name, value in rows:
        print(f"{name:<28}{value:>9.2f}{n / value:>12.1f}{value / seconds['seq']:>14.3f}")
    peaks = [kib // 1024 for kib in pool["peaks"]]  # type: ignore[union-attr]
    growth = max(peaks[-cores:]) / max(peaks[:cores])
    print(f"worker peak memory (MiB), in order of completion: {peaks}")
    checks = [("warm pool / sequential", seconds["pool"] / seconds["seq"], POOL_TARGET),
              ("unchanged rebuild / full pool build", seconds["again"] / seconds["pool"], NO_CHANGE_TARGET),
              ("worker memory, last / first peak", growth, MEMORY_GROWTH)]
    for name, value, target in checks:
        print(f"{name}: {value:.3f}  target <= {target:.2f}: {'met' if value <= target else 'NOT met'}")
    return 0 if all(value <= target for _, value, target in checks) else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one_batch(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "True")
        sys.exit(0)
    sys.exit(main())
