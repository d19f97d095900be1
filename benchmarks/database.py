"""The benchmark database: never the development or test database.

SQLite: a file under benchmarks/results/. PostgreSQL (when DATABASE_URL names a PostgreSQL
server): the database `portal_bench` on that server, whatever database DATABASE_URL names.
A migrated copy (a template) is kept per set of migrations, so a run skips the migrations
when they have not changed.
"""

import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PROJECT_APPS = ["portal", "guidance", "directory", "survey", "awards", "timebank", "spend"]


@dataclass
class Target:
    vendor: str  # "sqlite" or "postgresql"
    url: str
    name: str  # file path or database name
    server_url: str = ""  # PostgreSQL: a URL for the maintenance database


def choose(database_url, quick=False, sqlite_path=None, pg_name=None):
    if database_url and database_url.split(":", 1)[0] in {"postgres", "postgresql", "pgsql"}:
        parts = urlsplit(database_url)
        name = pg_name or ("portal_bench_quick" if quick else "portal_bench")
        url = urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))
        server = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
        return Target("postgresql", url, name, server)
    path = Path(sqlite_path) if sqlite_path else RESULTS / ("quick.db" if quick else "bench.db")
    return Target("sqlite", f"sqlite:///{path.resolve()}", str(path.resolve()))


def migrations_fingerprint():
    digest = hashlib.sha256()
    for app in PROJECT_APPS:
        for path in sorted((ROOT / app / "migrations").glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    import django
    import wagtail

    digest.update(f"{django.__version__} {wagtail.__version__}".encode())
    return digest.hexdigest()[:12]


def _sqlite_template(fingerprint):
    return RESULTS / f"template-{fingerprint}.db"


def _pg_connect(target):
    import psycopg

    parts = urlsplit(target.server_url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )


def _pg_exists(cur, name):
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cur.fetchone() is not None


def _pg_drop(cur, name):
    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_empty(target):
    """Drops and recreates the benchmark database (empty, not migrated)."""
    if target.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(target.name + suffix).unlink(missing_ok=True)
        Path(target.name).parent.mkdir(parents=True, exist_ok=True)
        return
    with _pg_connect(target) as conn, conn.cursor() as cur:
        _pg_drop(cur, target.name)
        cur.execute(f'CREATE DATABASE "{target.name}"')


def restore_template(target, fingerprint):
    """Replaces the benchmark database by the migrated template; False when there is none."""
    if target.vendor == "sqlite":
        template = _sqlite_template(fingerprint)
        if not template.exists():
            return False
        create_empty(target)
        shutil.copyfile(template, target.name)
        return True
    template = f"portal_bench_tpl_{fingerprint}"
    with _pg_connect(target) as conn, conn.cursor() as cur:
        if not _pg_exists(cur, template):
            return False
        _pg_drop(cur, target.name)
        cur.execute(f'CREATE DATABASE "{target.name}" TEMPLATE "{template}"')
    return True


def save_template(target, fingerprint):
    """Keeps a copy of the freshly migrated database; older templates are removed."""
    from django.db import connections

    connections.close_all()
    if target.vendor == "sqlite":
        import sqlite3

        template = _sqlite_template(fingerprint)
        for old in RESULTS.glob("template-*.db"):
            if old != template:
                old.unlink(missing_ok=True)
        # A consistent single-file copy (whatever is still in the write-ahead log), written
        # under a temporary name and renamed, so a concurrent run never reads half a file.
        partial = template.with_suffix(f".{os.getpid()}.partial")
        source = sqlite3.connect(target.name)
        dest = sqlite3.connect(partial)
        with dest:
            source.backup(dest)
        source.close()
        dest.close()
        os.replace(partial, template)
        return
    template = f"portal_bench_tpl_{fingerprint}"
    with _pg_connect(target) as conn, conn.cursor() as cur:
        cur.execute("SELECT datname FROM pg_database WHERE datname LIKE 'portal_bench_tpl_%%'")
        for (old,) in cur.fetchall():
            _pg_drop(cur, old)
        cur.execute(f'CREATE DATABASE "{template}" TEMPLATE "{target.name}"')


def exists(target):
    if target.vendor == "sqlite":
        return Path(target.name).exists()
    with _pg_connect(target) as conn, conn.cursor() as cur:
        return _pg_exists(cur, target.name)


def prepare(target, log):
    """A fresh, migrated benchmark database (from the template when the migrations match)."""
    from django.core.management import call_command

    fingerprint = migrations_fingerprint()
    started = time.perf_counter()
    if restore_template(target, fingerprint):
        log(f"Database {target.name}: restored the migrated template ({fingerprint})")
        return
    create_empty(target)
    log(f"Database {target.name}: migrating (the first run after a migration change) ...")
    call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
    save_template(target, fingerprint)
    log(f"Database {target.name}: migrated in {time.perf_counter() - started:.1f} s")


def cancel_leftover_queries(target):
    """PostgreSQL keeps running a query whose client went away (a request the load generator
    gave up on) until it finishes; cancel those so they cannot slow what is measured next."""
    if target.vendor != "postgresql":
        return 0
    with _pg_connect(target) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND state = 'active'",
            [target.name],
        )
        return cur.fetchone()[0]


def analyse(log):
    """Gather the planner's statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize`
    (SQLite) would on a live site: a freshly bulk-loaded database has none, and plans made
    without them are not the plans production runs. On PostgreSQL, vacuum too, as autovacuum
    would after a bulk load: it marks the pages all-visible, which index-only scans need."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    log(f"Planner statistics gathered in {time.perf_counter() - started:.1f} s")
