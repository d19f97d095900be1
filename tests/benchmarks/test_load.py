"""The load generator and the query-count header, checked against real servers."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory

from benchmarks import database, load
from benchmarks.report import endpoint_figures
from portal.middleware import QueryCountHeaderMiddleware


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        status = 200 if self.path.startswith("/ok") else 500
        body = b"fine" if status == 200 else b"broken"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Query-Count", "3")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address
    server.shutdown()
    server.server_close()


def test_load_counts_requests_latencies_and_query_headers(http_server):
    host, port = http_server
    result = load.run(host, port, [load.Request("GET", "/ok")], duration=0.5, concurrency=2)
    assert result.requests > 10
    assert result.statuses == {200: result.requests}
    assert result.non_200 == 0
    assert len(result.latencies) == result.requests
    assert result.queries_median == 3
    assert 0 < result.percentile(0.5) <= result.percentile(0.99)
    figures = endpoint_figures(result, healthz_rps=result.rps * 2)
    assert figures["ratio"] == 0.5
    assert set(figures) >= {"rps", "p50_ms", "p99_ms", "ratio", "queries"}


def test_load_reports_every_answer_other_than_200(http_server):
    host, port = http_server
    requests = [load.Request("GET", "/ok"), load.Request("GET", "/broken")]
    result = load.run(host, port, requests, duration=0.5, concurrency=2)
    assert result.statuses[500] > 0
    assert result.non_200 == result.statuses[500]
    assert any(status == 500 for _, status, _ in result.bad_examples)


@pytest.mark.django_db
def test_query_count_header_counts_the_queries_a_request_ran():
    User = get_user_model()

    def view(request):
        list(User.objects.all())
        list(User.objects.filter(is_staff=True))
        from django.http import HttpResponse

        return HttpResponse("ok")

    response = QueryCountHeaderMiddleware(view)(RequestFactory().get("/"))
    assert response["X-Query-Count"] == "2"
    # The counter is removed afterwards: later queries are not counted against anything.
    assert connection.execute_wrappers == []


def test_benchmark_database_is_never_the_configured_one(tmp_path):
    target = database.choose("postgres://postgres@127.0.0.1:5432/portal")
    assert target.vendor == "postgresql"
    assert target.name == "portal_bench"
    assert target.url.endswith("/portal_bench")
    assert database.choose("postgres://u:p@db:5433/portal", quick=True).name == "portal_bench_quick"
    sqlite = database.choose("")
    assert sqlite.vendor == "sqlite"
    assert sqlite.name.endswith("benchmarks/results/bench.db")
    assert database.choose("", sqlite_path=tmp_path / "x.db").name == str(tmp_path / "x.db")
