"""What a deployment relies on: readiness, robots.txt, the sitemap, the scheduled jobs,
JSON logs, and a compose file whose commands the entrypoint knows."""

import json
import logging
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal import schedule
from portal.logs import JsonFormatter
from portal.management.commands.run_schedule import run_job
from tests.directory.factories import OrganisationFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_readyz_checks_the_database_and_the_cache(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_keeps_nothing(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failing"}


@pytest.mark.django_db
def test_readyz_asks_the_search_cluster_when_one_is_configured(client, settings):
    settings.SEARCH_BACKEND = "opensearch3"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": ["http://127.0.0.1:9"],  # nothing listens there
            "TIMEOUT": 1,
        }
    }
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"]["search"] == "failing"


def test_robots_txt_keeps_crawlers_out_of_forms_and_accounts_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/accounts/", "/search/", "/awards/judging/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.django_db
def test_sitemap_lists_live_pages_the_directory_and_published_profiles_only(
    client, home_page, django_assert_max_num_queries
):
    OrganisationFactory(name="Harbour Lights Bakery", slug="harbour-lights-bakery")
    OrganisationFactory(name="Hidden Pending", slug="hidden-pending", status="pending")
    with django_assert_max_num_queries(12):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    body = response.content.decode()
    # Wagtail pages carry the Wagtail site's address (its hostname, set under Settings > Sites).
    assert f"<loc>{home_page.get_full_url()}</loc>" in body
    assert "<loc>http://testserver/directory/</loc>" in body
    assert "<loc>http://testserver/awards/</loc>" in body
    assert "<loc>http://testserver/directory/harbour-lights-bakery/</loc>" in body
    assert "hidden-pending" not in body


@pytest.mark.django_db
def test_every_scheduled_job_runs_once(capsys):
    call_command("run_schedule", "--once")
    assert f"Ran {len(schedule.JOBS)} scheduled jobs." in capsys.readouterr().out


def test_the_jobs_include_wagtail_sessions_and_captcha_housekeeping():
    names = {job.command for job in schedule.JOBS}
    assert {"publish_scheduled", "clearsessions", "captcha_clean"} <= names


@pytest.mark.django_db
def test_a_failing_job_is_logged_and_does_not_stop_the_scheduler(caplog):
    broken = schedule.Job("no_such_command", every=timedelta(hours=1))
    with caplog.at_level(logging.INFO, logger="portal.schedule"):
        assert run_job(broken) is False
        assert run_job(schedule.Job("clearsessions", every=timedelta(days=1))) is True
    failed, succeeded = (json.loads(record.message) for record in caplog.records)
    assert failed["job"] == "no_such_command" and failed["outcome"] == "failed"
    assert "Unknown command" in failed["error"]
    assert succeeded["outcome"] == "ok"


def test_a_job_that_does_not_apply_is_not_run():
    assert run_job(schedule.Job("no_such_command", timedelta(1), enabled=lambda: False)) is None


def test_gunicorn_access_lines_are_json_with_the_request_fields():
    atoms = {"h": "10.0.0.1", "m": "GET", "U": "/directory/", "q": "q=bread", "H": "HTTP/1.1"}
    atoms.update({"s": "200", "B": "5120", "f": "-", "a": 'Agent "quoted"', "D": "12500"})
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(h)s", atoms, None)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["path"] == "/directory/" and entry["status"] == 200 and entry["bytes"] == 5120
    assert entry["user_agent"] == 'Agent "quoted"' and entry["duration_ms"] == 12.5


def test_other_log_lines_are_json_with_the_message_and_the_exception():
    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = logging.LogRecord("portal", logging.ERROR, __file__, 1, "a %s", ("b",), None)
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "a b" and entry["level"] == "ERROR"
    assert "ValueError: broken" in entry["exception"]


def test_each_compose_service_of_the_image_runs_a_command_the_entrypoint_knows():
    from deploy.check import compose_commands

    commands = compose_commands()
    assert {name: commands[name] for name in ("release", "web", "worker", "scheduler")} == {
        name: [name] for name in ("release", "web", "worker", "scheduler")
    }
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    for word in ("release", "web", "worker", "scheduler", "check"):
        assert f"\n  {word})\n" in entrypoint


def test_the_entrypoint_runs_any_other_command_as_given():
    result = subprocess.run(
        [ROOT / "deploy" / "entrypoint.sh", "echo", "hello"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout == "hello\n"


def test_the_lock_file_pins_every_dependency_with_hashes_and_no_test_tools():
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "requirements.lock").read_text()
    pinned = {
        re.sub(r"[-_.]+", "-", name).lower()
        for name in re.findall(r"^([A-Za-z0-9_.-]+)==", lock, flags=re.MULTILINE)
    }
    wanted = project["dependencies"] + [
        requirement
        for extra in ("opensearch", "s3", "azure")
        for requirement in project["optional-dependencies"][extra]
    ]
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)
        assert re.sub(r"[-_.]+", "-", name).lower() in pinned, requirement
    assert not {"pytest", "playwright", "ruff", "osmem-server"} & pinned
    hashed = re.findall(
        r"^[A-Za-z0-9_.-]+==\S+(?: \\\n    --hash=sha256:[0-9a-f]{64})+", lock, flags=re.MULTILINE
    )
    assert len(hashed) == len(pinned)
