"""Time our whole build of each type against WeasyPrint alone rendering the same HTML, in one run.

Both run warm in this one process, interleaved, and the median of several rounds is compared:
  ratio = our build (YAML, validation, citations, Jinja, CSS check, WeasyPrint, pypdf finish) / WeasyPrint alone.
Target: ratio <= 1.10.  Run: python benchmarks/overhead.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import weasyprint  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from mesopacket.options import PDF_VARIANT, Options  # noqa: E402
from mesopacket.pipeline import build, compose, plan  # noqa: E402

TYPES = ("pleural", "peritoneal", "pericardial")
TARGET = 1.10


def weasyprint_alone(html: str, base: str) -> bytes:
    """Render the HTML with WeasyPrint only, as our build does (tagged PDF/UA, project fonts)."""
    return weasyprint.HTML(string=html, base_url=base).write_pdf(
        font_config=FontConfiguration(), pdf_variant=PDF_VARIANT)


def timed(function, *args) -> tuple[float, object]:
    """Return (seconds, result) of one call."""
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main() -> int:
    """Print, per type, both medians, the ratio and the PDF sizes; exit 1 if over the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    print(f"{'type':<12}{'ours s':>9}{'alone s':>9}{'ratio':>8}{'our PDF':>10}{'alone PDF':>11}")
    ratios = []
    for type_id in TYPES:
        options = Options(type=type_id)
        html = compose(plan(options)).html
        base = str(options.project) + "/"
        build(options), weasyprint_alone(html, base)  # warm both paths
        ours, alone = [], []
        for _ in range(rounds):
            seconds, built = timed(build, options)
            ours.append(seconds)
            seconds, raw = timed(weasyprint_alone, html, base)
            alone.append(seconds)
        ratio = statistics.median(ours) / statistics.median(alone)
        ratios.append(ratio)
        print(f"{type_id:<12}{statistics.median(ours):>9.3f}{statistics.median(alone):>9.3f}{ratio:>8.3f}"
              f"{len(built.pdf) // 1024:>8} KB{len(raw) // 1024:>9} KB")
    overall = statistics.mean(ratios)
    verdict = "met" if overall <= TARGET else "NOT met"
    print(f"overhead ratio (mean of types): {overall:.3f}  target <= {TARGET:.2f}: {verdict}")
    return 0 if overall <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
