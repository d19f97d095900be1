import os
import subprocess
import sys

import pytest

from portal.email_url import parse_email_url


def load_settings(module, **env):
    """Import a settings module in a fresh interpreter with only the given environment."""
    base_env = {"PATH": os.environ["PATH"], "PYTHONPATH": os.getcwd()}
    code = (
        f"import {module} as s; "
        "print(s.DEBUG, s.CAPTCHA_TEST_MODE, getattr(s, 'SESSION_COOKIE_SECURE', False), getattr(s, 'SECURE_HSTS_SECONDS', 0), "
        "s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], s.DATABASES['default']['ENGINE'], "
        "','.join(s.PORTAL_LOCAL_POSTCODES))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**base_env, **env}, capture_output=True, text=True
    )


PRODUCTION = "portal.settings.production"
DATABASE_URL = "postgres://portal@db.internal:5432/portal"


def test_production_refuses_to_start_without_secret_key():
    result = load_settings(PRODUCTION, ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_database_url():
    result = load_settings(PRODUCTION, SECRET_KEY="x" * 50, ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "Set DATABASE_URL" in result.stderr


def read_setting(module, expression, **env):
    base_env = {"PATH": os.environ["PATH"], "PYTHONPATH": os.getcwd()}
    code = f"import {module} as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], env={**base_env, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "portal.example",
    "DATABASE_URL": DATABASE_URL,
}
TASK_BACKEND = "s.TASKS['default']['BACKEND']"


def test_production_runs_tasks_on_the_worker_and_gives_up_on_a_silent_mail_server():
    assert read_setting(PRODUCTION, TASK_BACKEND, **PRODUCTION_ENV) == (
        "django_tasks_db.DatabaseBackend"
    )
    assert read_setting(PRODUCTION, "s.EMAIL_TIMEOUT", **PRODUCTION_ENV) == "20"
    immediate = read_setting(PRODUCTION, TASK_BACKEND, TASKS_BACKEND="immediate", **PRODUCTION_ENV)
    assert immediate == "django_tasks.backends.immediate.ImmediateBackend"
    assert read_setting("portal.settings.dev", TASK_BACKEND) == immediate


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings(PRODUCTION, SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_is_secure_and_ignores_captcha_test_mode():
    result = load_settings(
        PRODUCTION,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="portal.example",
        DATABASE_URL=DATABASE_URL,
        PORTAL_CAPTCHA_TEST_MODE="true",
    )
    assert result.returncode == 0, result.stderr
    debug, captcha_test, secure_cookie, hsts, *_ = result.stdout.split()
    assert (debug, captcha_test, secure_cookie) == ("False", "False", "True")
    assert int(hsts) >= 31536000


def test_environment_chooses_database_search_backend_and_local_postcodes():
    result = load_settings(
        "portal.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
        SEARCH_BACKEND="elasticsearch9",
        SEARCH_URL="http://search.internal:9200",
        PORTAL_LOCAL_POSTCODES="po1, po2",
    )
    assert result.returncode == 0, result.stderr
    *_, backend, engine, postcodes = result.stdout.split()
    assert backend == "wagtail.search.backends.elasticsearch9"
    assert engine == "django.db.backends.postgresql"
    assert postcodes == "PO1,PO2"


def test_unknown_search_backend_is_refused():
    result = load_settings("portal.settings.dev", SEARCH_BACKEND="solr")
    assert result.returncode != 0
    assert "SEARCH_BACKEND must be one of" in result.stderr


def test_dev_settings_honour_captcha_test_mode():
    result = load_settings("portal.settings.dev", PORTAL_CAPTCHA_TEST_MODE="true")
    assert result.stdout.split()[1] == "True"


def test_email_url():
    parsed = parse_email_url("smtp://user%40x:p%3Ass@smtp.example.org:587?tls=1")
    assert parsed["EMAIL_HOST"] == "smtp.example.org"
    assert parsed["EMAIL_PORT"] == 587
    assert parsed["EMAIL_HOST_USER"] == "user@x"
    assert parsed["EMAIL_HOST_PASSWORD"] == "p:ss"
    assert parsed["EMAIL_USE_TLS"] is True
    with pytest.raises(ValueError):
        parse_email_url("ftp://nope")


@pytest.mark.parametrize(
    ("choice", "public", "private"),
    [
        ("filesystem", "django.core.files.storage.FileSystemStorage", "PrivateFileSystemStorage"),
        ("s3", "storages.backends.s3.S3Storage", "PrivateS3Storage"),
        ("azure", "storages.backends.azure_storage.AzureStorage", "PrivateAzureStorage"),
    ],
)
def test_media_storage_is_chosen_by_the_environment_and_private_files_stay_apart(
    choice, public, private
):
    storages = "s.STORAGES['default']['BACKEND'], s.STORAGES['private']['BACKEND']"
    env = {**PRODUCTION_ENV, "MEDIA_STORAGE": choice, "MEDIA_BUCKET": "portal-media"}
    chosen_public, chosen_private = read_setting(PRODUCTION, storages, **env).split()
    assert chosen_public.strip("(',") == public
    assert chosen_private.strip("(',)") == f"portal.storage.{private}"
    if choice != "filesystem":
        location = read_setting(PRODUCTION, "s.STORAGES['private']['OPTIONS']['location']", **env)
        assert location == "private"


def test_unknown_media_storage_is_refused():
    result = load_settings("portal.settings.dev", MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "MEDIA_STORAGE must be filesystem, s3 or azure" in result.stderr
