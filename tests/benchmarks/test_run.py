"""One quick benchmark run end to end: a real database, a real gunicorn, real requests."""

import json
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.bench

ENDPOINTS = [
    "home",
    "toms_list",
    "directory_search",
    "organisation_profile",
    "calculator_api",
    "timebank_statement",
]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    output = folder / "latest.json"
    completed = subprocess.run(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--sqlite",
            f"--sqlite-path={folder / 'bench.db'}",
            f"--output={output}",
            "--duration=1",
            "--concurrency=2",
            "--ledger-seconds=1",
            "--skip-spend",
            "--only",
            *ENDPOINTS,
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return json.loads(output.read_text()), completed.stdout


def test_results_have_the_shape_the_issue_asks_for(quick_run):
    results, _ = quick_run
    assert results["database"] == "sqlite"
    assert set(results["endpoints"]) == {"healthz", *ENDPOINTS}
    for figures in results["endpoints"].values():
        assert set(figures) >= {"rps", "p50_ms", "p99_ms", "ratio", "queries"}
    assert set(results["ledger"]) >= {"transfers_per_s", "audit_ok"}
    assert "worker_rss_growth_mb" in results
    assert results["endpoints"]["healthz"]["ratio"] == 1.0


def test_every_endpoint_answered_200_throughout(quick_run):
    results, _ = quick_run
    for name, figures in results["endpoints"].items():
        assert figures["requests"] > 0, name
        assert figures["non_200"] == 0, name
        assert figures["rps"] > 0, name
    assert results["ok"] is True


def test_query_counts_come_from_the_responses(quick_run):
    results, _ = quick_run
    endpoints = results["endpoints"]
    # The bare view touches no database, nor does a page served from the anonymous page
    # cache; an uncached page does, and a signed-in page reads its session.
    assert endpoints["healthz"]["queries"] == 0
    assert endpoints["home"]["queries"] == 0
    # A search has a query string, so it is never served from the cache.
    assert endpoints["directory_search"]["queries"] >= 1
    # The calculator prices from the measures its worker keeps for the cache generation.
    assert endpoints["calculator_api"]["queries"] == 0
    assert endpoints["timebank_statement"]["queries"] >= 2
    assert all(figures["queries"] is not None for figures in endpoints.values())


def test_ledger_and_memory_were_measured(quick_run):
    results, stdout = quick_run
    assert results["ledger"]["transfers"] > 0
    assert results["ledger"]["audit_ok"] is True
    assert results["worker_rss_mb"]["before"] and results["worker_rss_mb"]["after"]
    assert results["worker_rss_growth_mb"] is not None
    assert "healthz" in stdout and "ratio" in stdout
