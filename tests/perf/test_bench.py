"""bench end to end at a tiny scale, and the pieces it is made of."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from perf import report, timing
from perf.management.commands.bench import BENCH_USER, bench_manager
from perf.pages import PAGES, Page, Subjects, resolve


@pytest.fixture
def seeded(db):
    call_command("seed_demo", scale="XS", json=True)


def run_bench(tmp_path, *extra) -> dict:
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nHand-written notes stay.\n")
    out = tmp_path / "run.json"
    call_command(
        "bench", "--runs", "2", "--warmup", "0", "--doc", str(doc), "--json", str(out), *extra
    )
    return json.loads(out.read_text())


def test_bench_runs_end_to_end(seeded, tmp_path):
    result = run_bench(tmp_path, "--scale", "XS")
    assert result["scale"] == "XS"
    assert result["rows"]["participations"] > 0
    assert [p["key"] for p in result["pages"]] == [*(p.key for p in PAGES), "merge_busiest"]
    floor = result["pages"][0]
    assert floor["status"] == "ok"
    assert floor["median_ms"] > 0 and floor["p95_ms"] >= floor["median_ms"]
    assert floor["queries"] >= 1 and floor["statements_rerun"] >= 1
    assert floor["sql_median_ms"] > 0
    for page in result["pages"]:
        assert page["status"] in ("ok", "skipped")
        if page["status"] == "skipped":
            assert page["note"], "a skipped page says why"
        elif page["budget_ms"] is not None:
            assert page["within_budget"] is (not page["missed"])

    doc = (tmp_path / "performance.md").read_text()
    assert "Hand-written notes stay." in doc
    assert report.BEGIN in doc and report.END in doc
    assert "| Password change form (the floor) |" in doc
    stored = json.loads((tmp_path / "performance.json").read_text())
    assert list(stored) == [f"{result['machine']['database']}/XS"]


def test_second_scale_adds_a_query_count_comparison(seeded, tmp_path):
    run_bench(tmp_path, "--scale", "XS", "--pages", "floor")
    run_bench(tmp_path, "--scale", "S", "--pages", "floor")
    doc = (tmp_path / "performance.md").read_text()
    assert "Query counts across scales" in doc
    assert doc.count(report.BEGIN) == 1
    rows = [line for line in doc.splitlines() if line.startswith("| Password change form")]
    assert rows[-1].endswith("| yes |")  # the comparison table comes last


def test_bench_user_is_a_manager_without_password(seeded, tmp_path):
    run_bench(tmp_path, "--pages", "floor")
    user = bench_manager()
    assert user.username == BENCH_USER
    assert user.groups.filter(name="Managers").exists()
    assert not user.has_usable_password()
    assert not user.is_superuser


def test_session_cookie_logs_in(seeded, capsys):
    call_command("bench", "--session-cookie")
    name, value = capsys.readouterr().out.strip().split("=", 1)
    client = Client()
    client.cookies[name] = value
    assert client.get("/").status_code == 200


def test_page_whose_url_does_not_resolve_is_skipped(db):
    page = Page("missing", "Not built yet", "nowhere:page")
    url, note = resolve(page, Subjects())
    assert url is None
    assert "nowhere:page" in note


def test_page_without_data_is_skipped(db):
    event_detail = next(p for p in PAGES if p.key == "event_detail")
    url, note = resolve(event_detail, Subjects())
    assert url is None and note


def test_capture_counts_queries_and_reruns_only_reads(seeded, manager_client):
    recorded = timing.capture(manager_client, "/")
    assert recorded.status == 200
    assert recorded.queries == len(recorded.statements)
    assert recorded.reads and all(
        s.sql.lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")) for s in recorded.reads
    )
    assert len(timing.time_statements(recorded.reads, 3)) == 3


def test_percentiles():
    values = [float(v) for v in range(1, 21)]
    assert timing.median(values) == 10.5
    assert timing.p95(values) == 19.0
    assert timing.p95([5.0]) == 5.0
