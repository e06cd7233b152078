"""Start-up: a cold `build` (a whole process) against WeasyPrint's own command line on the same HTML, and an
unchanged 24-version `batch` as a whole process, measured in one run, interleaved.

  build ratio        = median wall time of a cold `make_handout.py build` / the `weasyprint` CLI on the HTML it
                       rendered (PDF/UA-1); CPU ratio = the same for user + system seconds (the process and its
                       children: the warm worker's work counts)
  worker off         = the same with MESOPACKET_WARM_WORKER=off (one process, no second core to hide behind)
  import weasyprint  = a bare `python -c "import weasyprint"`, and the same through our workaround
  batch              = median seconds of `make_handout.py batch` into a folder where nothing changed
Targets: build ratio <= 1.00; worker off <= 1.10 (wall and CPU); unchanged batch < 0.4 s.
With --suite, also run the whole test suite once and benchmarks/batch.py (pool, unchanged rebuild, worker memory).
Run: python benchmarks/startup.py [--rounds N] [--suite] [--root DIR]   (--root: another checkout to measure)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_TARGET, ALONE_TARGET, BATCH_TARGET = 1.00, 1.10, 0.4
OFF = {"MESOPACKET_WARM_WORKER": "off"}


def cpu_children() -> float:
    """Return the user + system seconds of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a command to the end (it must succeed); return its wall and CPU seconds (with its children)."""
    cpu, start = cpu_children(), time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - start, cpu_children() - cpu


def verdict(value: float, target: float) -> str:
    """Say whether a ratio meets its target."""
    return f"target <= {target:.2f}: {'met' if value <= target else 'NOT met'}"


def rounds_of(commands: dict[str, tuple[list[str], dict[str, str] | None]], root: Path,
              rounds: int) -> dict[str, list[tuple[float, float]]]:
    """Run every command once per round, interleaved; return each one's (wall, CPU) figures."""
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (command, env) in commands.items():
            figures[name].append(measured(command, root, env))
    return figures


def median(figures: list[tuple[float, float]], which: int) -> float:
    """Return the median wall (0) or CPU (1) seconds."""
    return statistics.median(figure[which] for figure in figures)


def report(figures: dict[str, list[tuple[float, float]]]) -> bool:
    """Print the medians and ratios; tell whether every target was met."""
    cli_wall, cli_cpu = median(figures["cli"], 0), median(figures["cli"], 1)
    print(f"WeasyPrint CLI (PDF/UA-1, same HTML): {cli_wall:.3f} s wall, {cli_cpu:.3f} s CPU")
    met = True
    for name, label, target in (("build", "cold build", BUILD_TARGET),
                                ("alone", "cold build, warm worker off", ALONE_TARGET)):
        wall, cpu = median(figures[name], 0), median(figures[name], 1)
        wall_ratio, cpu_ratio = wall / cli_wall, cpu / cli_cpu
        print(f"{label}: {wall:.3f} s wall, ratio {wall_ratio:.3f} ({verdict(wall_ratio, target)}); "
              f"{cpu:.3f} s CPU, ratio {cpu_ratio:.3f}" + (f" ({verdict(cpu_ratio, target)})" if name == "alone"
                                                            else ""))
        met = met and wall_ratio <= target and (name != "alone" or cpu_ratio <= target)
    print(f"import weasyprint: bare {median(figures['import'], 0):.3f} s, through our workaround "
          f"{median(figures['import ours'], 0):.3f} s")
    batch = median(figures["batch"], 0)
    print(f"unchanged 24-version batch {batch:.3f} s (target < {BATCH_TARGET} s: "
          f"{'met' if batch < BATCH_TARGET else 'NOT met'})")
    return met and batch < BATCH_TARGET


def commands_for(root: Path, work: Path) -> dict[str, tuple[list[str], dict[str, str] | None]]:
    """Return the commands to time: our build (warm worker on and off), the CLI, the imports, the batch."""
    python, weasyprint = sys.executable, str(Path(sys.executable).with_name("weasyprint"))
    build = [python, str(root / "make_handout.py"), "build", "-o", str(work / "ours.pdf")]
    ours_import = ("import sys; sys.path.insert(0, sys.argv[1]); from mesopacket import workarounds\n"
                   "with workarounds.library_lookup(): import weasyprint")
    new = (root / "mesopacket" / "workarounds.py").is_file()
    # An older checkout has no switch: there, importing WeasyPrint first makes `build` render in its own process.
    old_alone = [python, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import weasyprint; "
                 "from mesopacket.commands import main; sys.exit(main(sys.argv[2:]))", str(root), *build[2:]]
    return {
        "build": (build, None),
        "alone": (build, OFF) if new else (old_alone, None),
        "cli": ([weasyprint, "--pdf-variant", "pdf/ua-1", "-u", str(root) + "/", str(work / "packet.html"),
                 str(work / "alone.pdf")], None),
        "import": ([python, "-c", "import weasyprint"], None),
        "import ours": ([python, "-c", ours_import, str(root)] if new else [python, "-c", "import weasyprint"], None),
        "batch": ([python, str(root / "make_handout.py"), "batch", "-o", str(work / "batch")], None),
    }


def main() -> int:
    """Print the figures, optionally the suite's time and the batch benchmark; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--suite", action="store_true", help="also run the test suite and benchmarks/batch.py")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    args = parser.parse_args()
    root = args.root.resolve()
    with tempfile.TemporaryDirectory(prefix="mesopacket-startup-") as scratch:
        work = Path(scratch)
        commands = commands_for(root, work)
        html = "--print-html" if "--print-html" in (root / "mesopacket" / "options.py").read_text() else "--html"
        subprocess.run([*commands["build"][0], html, str(work / "packet.html")], check=True, cwd=root,
                       stdout=subprocess.DEVNULL)
        subprocess.run(commands["batch"][0], check=True, cwd=root, stdout=subprocess.DEVNULL)  # the full batch
        met = report(rounds_of(commands, root, args.rounds))
    if args.suite:
        wall, cpu = measured([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root)
        print(f"test suite {wall:.0f} s wall, {cpu:.0f} s CPU on {os.cpu_count()} cores")
        batch = subprocess.run([sys.executable, str(root / "benchmarks" / "batch.py")], cwd=root, text=True,
                               capture_output=True)
        print("benchmarks/batch.py:", *batch.stdout.strip().splitlines(), sep="\n  ")
        met = met and batch.returncode == 0
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
