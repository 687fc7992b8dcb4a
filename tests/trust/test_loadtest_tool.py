"""The load generator behind docs/load.md: loopback only, bounded, counts what it sees."""

import http.server
import sys
import threading

import pytest

from perf.loadtest import LoadTestError, percentile, run_load, summary, timeline


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802
        status = 500 if self.path == "/kaputt/" else 200
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_counts_requests_failures_and_the_fault(server):
    run = run_load(
        base_url=server,
        paths=["/gut/", "/kaputt/"],
        clients=2,
        seconds=1.0,
        headers={},
        fault_command=[sys.executable, "-c", "print('restart')"],
        fault_at=0.3,
    )
    result = summary(run)
    assert result["requests"] == len(run.samples) > 20
    assert result["failed"] == result["paths"]["/kaputt/"]["requests"]
    assert result["failures"] == {"500": result["failed"]}
    assert result["paths"]["/gut/"]["failed"] == 0
    assert result["latency_ms"]["p99"] is not None
    assert result["fault"]["returncode"] == 0
    assert 0.3 <= result["fault"]["started_s"] <= result["fault"]["finished_s"]
    assert sum(b["requests"] for b in timeline(run)) == result["requests"]


def test_a_refused_connection_is_counted_not_fatal():
    run = run_load(base_url="http://127.0.0.1:9", paths=["/"], clients=1, seconds=0.3, headers={})
    result = summary(run)
    assert result["ok"] == 0
    assert result["failed"] == result["requests"] > 0
    assert "ConnectionRefusedError" in result["failures"]


@pytest.mark.parametrize(
    "url", ["http://example.org", "https://127.0.0.1:8000", "http://10.0.0.1:80"]
)
def test_only_loopback(url):
    with pytest.raises(LoadTestError):
        run_load(base_url=url, paths=["/"], clients=1, seconds=1, headers={})


def test_runs_are_bounded():
    with pytest.raises(LoadTestError):
        run_load(base_url="http://127.0.0.1:9", paths=["/"], clients=1, seconds=3600, headers={})
    with pytest.raises(LoadTestError):
        run_load(base_url="http://127.0.0.1:9", paths=["/"], clients=500, seconds=1, headers={})


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([3.0], 0.99) == 3.0
    assert percentile([], 0.99) is None
