"""Measure the staff form against a live `serve` process on 127.0.0.1, in one run (no timed tests: figures only).

Reports the server's memory (VmRSS of the server process, and of it with its render workers, which share pages
and are replaced every SERVE_TASKS_PER_WORKER packets) after 10, 100 and 300 renders of a personalised packet
(goal: growth under 5 MiB from 100 to 300), and `GET /` latency while 50 renders are sent
at once (goal: under 1 s), with the statuses those 50 got (only 200 and 503 with Retry-After). It serves a copy
of the small test project, so renders are quick.  Run: python benchmarks/staff_form.py
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORM = {"ui": "en", "type": "alpha", "lang": "en", "size": "standard", "paper": "a4", "clinic": "Test Clinic",
        "sections": ["topic", "tools"], "action": "download"}
GROWTH_TARGET, LATENCY_TARGET = 5.0, 1.0


def post(url: str, form: dict) -> tuple[float, int, str | None]:
    """POST the form; return (seconds, status, Retry-After)."""
    data = urllib.parse.urlencode(form, doseq=True).encode()
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, data=data, timeout=300) as response:
            response.read()
            return time.perf_counter() - start, response.status, None
    except urllib.error.HTTPError as err:
        return time.perf_counter() - start, err.code, err.headers.get("Retry-After")


def get(url: str) -> float:
    """GET the form page; return the seconds it took."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        response.read()
    return time.perf_counter() - start


def rss_mib(pid: int) -> float:
    """Return the resident memory of one process, in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024


def tree_rss_mib(pid: int) -> float:
    """Return the resident memory of a process and all its descendants, in MiB."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = [child for task in Path(f"/proc/{current}/task").iterdir()  # any thread may fork
                        for child in (task / "children").read_text().split()]
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
        pending += [int(child) for child in children]
    return total


def small_copy(folder: Path) -> Path:
    """Copy the small test project (its handouts, the shipped templates and styles) into `folder`."""
    shutil.copytree(ROOT / "tests/projects/small/handouts", folder / "handouts")
    for name in ("templates", "styles"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def main() -> int:
    """Start the server, measure, print the figures; exit 1 when a goal is missed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    work = Path(tempfile.mkdtemp(prefix="mesopacket-bench-"))
    project = small_copy(work / "small")
    server = subprocess.Popen([sys.executable, str(ROOT / "make_handout.py"), "serve", "--project", str(project),
                               "--port", str(port), "--cache", str(work / "cache")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                get(url)
                break
            except OSError:
                time.sleep(0.1)
        memory = {}
        for number in range(1, 301):
            post(url, {**FORM, "patient_name": f"Bench Person {number}"})  # a name: never cached
            if number in (10, 100, 300):
                time.sleep(1.0)  # a worker just replaced (every TASKS_PER_WORKER packets) has started again
                memory[number] = (rss_mib(server.pid), tree_rss_mib(server.pid))
        latencies, done = [], threading.Event()

        def poll() -> None:
            while not done.is_set():
                latencies.append(get(url))

        poller = threading.Thread(target=poll)
        with ThreadPoolExecutor(max_workers=50) as clients:
            poller.start()
            answers = list(clients.map(lambda n: post(url, {**FORM, "patient_name": f"Crowd {n}"}), range(50)))
            done.set()
        poller.join()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    statuses = [status for _, status, _ in answers]
    retry = all(after == "5" for _, status, after in answers if status == 503)
    growth = memory[300][0] - memory[100][0]
    for index, what in enumerate(("server process RSS", "server + workers RSS")):
        print(f"{what:<25} after 10: {memory[10][index]:.1f} MiB, after 100: {memory[100][index]:.1f} MiB, "
              f"after 300: {memory[300][index]:.1f} MiB (100 -> 300: "
              f"{memory[300][index] - memory[100][index]:+.1f} MiB)")
    print(f"GET / during 50 renders   {len(latencies)} requests, median {statistics.median(latencies):.3f} s, "
          f"max {max(latencies):.3f} s")
    print(f"the 50 concurrent renders {statuses.count(200)} x 200, {statuses.count(503)} x 503 "
          f"(Retry-After on every 503: {retry}), other: {[s for s in statuses if s not in (200, 503)]}")
    checks = [("server RSS growth 100 -> 300, MiB", growth, GROWTH_TARGET),
              ("GET / max, s", max(latencies), LATENCY_TARGET)]
    for name, value, target in checks:
        print(f"{name}: {value:.3f}  goal < {target}: {'met' if value < target else 'NOT met'}")
    ok = all(v < t for _, v, t in checks) and set(statuses) <= {200, 503} and retry
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
