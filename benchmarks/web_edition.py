"""Measure the web edition against the PDF, in one run: page weight and build time.

For each type and language (standard print), warm, median of several rounds:
  weight = bytes of the web edition (one self-contained page: HTML, inlined CSS and images; no QR codes)
  ratio  = time to build the web edition (plan + web_edition) / time to build the PDF (plan + compose + render)
Targets: weight < 150 KB, ratio < 0.1.  Run: python benchmarks/web_edition.py [--rounds N]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mesopacket.options import Options  # noqa: E402
from mesopacket.pipeline import build, plan, web_edition  # noqa: E402

TYPES = ("pleural", "peritoneal", "pericardial")
LANGS = ("en", "es")
WEIGHT_TARGET = 150 * 1024
RATIO_TARGET = 0.1


def median_time(function: Callable[[], object], rounds: int) -> float:
    """Return the median seconds of `rounds` calls (after one warm-up call)."""
    function()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    """Print, per version, the web edition's weight, both build times and their ratio; exit 1 if over a target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    print(f"{'version':<16}{'web KB':>8}{'gzip KB':>9}{'PDF KB':>8}{'web ms':>8}{'PDF ms':>8}{'ratio':>8}")
    worst_weight, worst_ratio = 0, 0.0
    for type_id in TYPES:
        for lang in LANGS:
            options = Options(type=type_id, lang=lang)
            html = web_edition(plan(options)).encode("utf-8")
            pdf = build(options).pdf
            web_s = median_time(lambda o=options: web_edition(plan(o)), rounds)
            pdf_s = median_time(lambda o=options: build(o), rounds)
            ratio = web_s / pdf_s
            worst_weight, worst_ratio = max(worst_weight, len(html)), max(worst_ratio, ratio)
            print(f"{type_id + '-' + lang:<16}{len(html) / 1024:>8.1f}{len(gzip.compress(html)) / 1024:>9.1f}"
                  f"{len(pdf) / 1024:>8.1f}{web_s * 1000:>8.1f}{pdf_s * 1000:>8.1f}{ratio:>8.3f}")
    ok = worst_weight < WEIGHT_TARGET and worst_ratio < RATIO_TARGET
    print(f"heaviest web edition {worst_weight / 1024:.1f} KB (target < {WEIGHT_TARGET // 1024} KB); "
          f"worst ratio {worst_ratio:.3f} (target < {RATIO_TARGET}): {'ok' if ok else 'OVER TARGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
