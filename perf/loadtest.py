"""A small closed-loop load generator for loopback only.

N clients, each with one keep-alive HTTP connection, request the given paths in turn for a
fixed time and record every answer: when it started, how long it took, its status (or the
error). Optionally a fault command (a database restart) runs once at a given second, and the
report shows which requests failed around it.

Only 127.0.0.1 / localhost / ::1 are accepted as targets, and runs are bounded.
"""

from __future__ import annotations

import http.client
import math
import subprocess
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_SECONDS = 600
MAX_CLIENTS = 32


class LoadTestError(Exception):
    pass


@dataclass(frozen=True)
class Sample:
    start: float  # seconds since the run began
    latency: float  # seconds
    path: str
    status: int | str  # HTTP status, or the error's class name

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class Fault:
    command: list[str]
    at: float
    started: float | None = None
    finished: float | None = None
    returncode: int | None = None
    output: str = ""


@dataclass
class Run:
    base_url: str
    clients: int
    seconds: float
    paths: list[str]
    timeout: float = 30.0
    samples: list[Sample] = field(default_factory=list)
    fault: Fault | None = None
    elapsed: float = 0.0


def check_target(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        raise LoadTestError(f"{base_url}: only http:// on loopback (127.0.0.1) is allowed.")
    return parts.hostname, parts.port or 80


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def _client(run: Run, host, port, headers, number: int, deadline: float, t0: float, out: list):
    timeout = run.timeout
    connection = None
    index = number  # clients start at different pages
    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        path = run.paths[index % len(run.paths)]
        index += 1
        try:
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=timeout)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status: int | str = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            if connection is not None:
                connection.close()
            connection = None
            time.sleep(0.05)  # a refused connection would otherwise spin
        out.append(Sample(now - t0, time.monotonic() - now, path, status))
    if connection is not None:
        connection.close()


def _fault(fault: Fault, t0: float, stop: threading.Event):
    if stop.wait(fault.at):
        return
    fault.started = time.monotonic() - t0
    result = subprocess.run(fault.command, capture_output=True, text=True, timeout=120)
    fault.finished = time.monotonic() - t0
    fault.returncode = result.returncode
    fault.output = (result.stdout + result.stderr).strip()[-500:]


def run_load(
    *,
    base_url: str,
    paths: list[str],
    clients: int,
    seconds: float,
    headers: dict[str, str],
    fault_command: list[str] | None = None,
    fault_at: float | None = None,
    timeout: float = 30.0,
) -> Run:
    host, port = check_target(base_url)
    if not 1 <= clients <= MAX_CLIENTS or not 0 < seconds <= MAX_SECONDS:
        raise LoadTestError(f"1–{MAX_CLIENTS} clients and up to {MAX_SECONDS} s, please.")
    if not paths:
        raise LoadTestError("No paths to request.")
    run = Run(base_url, clients, seconds, paths, timeout)
    per_client: list[list[Sample]] = [[] for _ in range(clients)]
    t0 = time.monotonic()
    deadline = t0 + seconds
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=_client, args=(run, host, port, headers, n, deadline, t0, per_client[n])
        )
        for n in range(clients)
    ]
    fault_thread = None
    if fault_command:
        run.fault = Fault(fault_command, fault_at or seconds / 3)
        fault_thread = threading.Thread(target=_fault, args=(run.fault, t0, stop))
        fault_thread.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    if fault_thread is not None:
        fault_thread.join()
    run.elapsed = time.monotonic() - t0
    run.samples = sorted((s for samples in per_client for s in samples), key=lambda s: s.start)
    return run


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def summary(run: Run) -> dict:
    ok = [s for s in run.samples if s.ok]
    failed = [s for s in run.samples if not s.ok]
    by_path = defaultdict(list)
    for sample in run.samples:
        by_path[sample.path].append(sample)
    result = {
        "clients": run.clients,
        "seconds": round(run.elapsed, 1),
        "requests": len(run.samples),
        "ok": len(ok),
        "failed": len(failed),
        "failures": dict(Counter(str(s.status) for s in failed)),
        "requests_per_second": round(len(run.samples) / run.elapsed, 1) if run.elapsed else 0,
        "latency_ms": {
            "p50": _ms(percentile([s.latency for s in ok], 0.50)),
            "p95": _ms(percentile([s.latency for s in ok], 0.95)),
            "p99": _ms(percentile([s.latency for s in ok], 0.99)),
            "max": _ms(max((s.latency for s in ok), default=None)),
        },
        "paths": {
            path: {
                "requests": len(samples),
                "failed": sum(not s.ok for s in samples),
                "p50_ms": _ms(percentile([s.latency for s in samples if s.ok], 0.50)),
                "p99_ms": _ms(percentile([s.latency for s in samples if s.ok], 0.99)),
            }
            for path, samples in sorted(by_path.items())
        },
    }
    if failed:
        result["first_failure_s"] = round(failed[0].start, 2)
        result["last_failure_end_s"] = round(max(s.start + s.latency for s in failed), 2)
    if run.fault is not None:
        fault = run.fault
        result["fault"] = {
            "command": " ".join(fault.command),
            "started_s": None if fault.started is None else round(fault.started, 2),
            "finished_s": None if fault.finished is None else round(fault.finished, 2),
            "returncode": fault.returncode,
        }
        if fault.finished is not None:
            after = [s for s in run.samples if s.start >= fault.finished]
            first_ok = next((s for s in after if s.ok), None)
            later_failures = [
                s for s in after if not s.ok and first_ok and s.start > first_ok.start
            ]
            result["fault"]["first_ok_after_s"] = first_ok and round(first_ok.start, 2)
            result["fault"]["failures_after_recovery"] = len(later_failures)
    return result


def timeline(run: Run) -> list[dict]:
    """Requests and failures per second, for the table around a fault."""
    buckets: dict[int, Counter] = defaultdict(Counter)
    for sample in run.samples:
        second = int(sample.start)
        buckets[second]["requests"] += 1
        if not sample.ok:
            buckets[second]["failed"] += 1
    return [
        {"second": second, "requests": c["requests"], "failed": c["failed"]}
        for second, c in sorted(buckets.items())
    ]
