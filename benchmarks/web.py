"""Time the web form against a live `serve` process on 127.0.0.1, in one run.

Reports: a personalised packet's latency (median and 95th percentile) as a ratio to a warm in-process render of
the same packet (target <= 1.2); a cached packet without a name (target <= 50 ms median); 20 concurrent clients
(all answered); the server's peak memory.  Run: python benchmarks/web.py
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mesopacket.options import Options  # noqa: E402
from mesopacket.pipeline import build  # noqa: E402

FORM = {"ui": "en", "type": "pleural", "lang": "en", "size": "standard", "paper": "letter",
        "clinic": "Example Cancer Clinic", "action": "download",
        "sections": ["what-stage-4-means", "symptoms", "treatment", "outlook", "support", "symptom-diary",
                     "questions", "notes"]}
NAMED = {**FORM, "patient_name": "Benchmark Person"}
RATIO_TARGET, CACHED_TARGET = 1.2, 0.050


def post(url: str, form: dict) -> tuple[float, int]:
    """POST the form; return (seconds, status)."""
    data = urllib.parse.urlencode(form, doseq=True).encode()
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, data=data, timeout=300) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    return time.perf_counter() - start, status


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def memory_mib(pid: int, field: str = "VmHWM") -> float:
    """The process's peak (VmHWM) or current (VmRSS) resident memory, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    """Start the server, measure, print ratios; exit 1 when a target is missed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cache = tempfile.mkdtemp()
    server = subprocess.Popen([sys.executable, str(ROOT / "make_handout.py"), "serve", "--port", str(port),
                               "--cache", cache], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        options = Options(type="pleural", patient_name="Benchmark Person")
        build(options)  # warm
        in_process = [timed_build(options) for _ in range(5)]
        post(url, NAMED)  # warm the server
        warm_rss = memory_mib(server.pid, "VmRSS")
        named = [post(url, NAMED)[0] for _ in range(10)]
        post(url, FORM)  # fills the cache
        cached = [post(url, FORM)[0] for _ in range(20)]
        with ThreadPoolExecutor(max_workers=20) as clients:
            concurrent = list(clients.map(lambda i: post(url, NAMED if i % 4 == 0 else FORM), range(20)))
        memory, end_rss = memory_mib(server.pid), memory_mib(server.pid, "VmRSS")
    finally:
        server.terminate()
        server.wait()
    ratio = statistics.median(named) / statistics.median(in_process)
    answered = sum(status in (200, 503) for _, status in concurrent)
    print(f"in-process warm render     median {statistics.median(in_process):.3f} s")
    print(f"personalised packet        median {statistics.median(named):.3f} s, p95 {p95(named):.3f} s")
    median = statistics.median(cached) * 1000
    print(f"cached packet, no name     median {median:.1f} ms, p95 {p95(cached) * 1000:.1f} ms")
    print(f"20 concurrent clients      {answered}/20 answered, statuses {sorted(s for _, s in concurrent)}, "
          f"slowest {max(t for t, _ in concurrent):.2f} s")
    print(f"server memory              {warm_rss:.0f} MiB after warm-up, {end_rss:.0f} MiB after 51 more "
          f"requests, peak {memory:.0f} MiB")
    checks = [("personalised / in-process", ratio, RATIO_TARGET),
              ("cached median, seconds", statistics.median(cached), CACHED_TARGET)]
    for name, value, target in checks:
        print(f"{name}: {value:.3f}  target <= {target}: {'met' if value <= target else 'NOT met'}")
    return 0 if all(v <= t for _, v, t in checks) and answered == 20 else 1


def timed_build(options: Options) -> float:
    """Seconds for one in-process build."""
    start = time.perf_counter()
    build(options)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
