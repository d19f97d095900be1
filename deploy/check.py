"""`make deploy-check`: the production path from a checkout, without Docker.

Builds the static files with production settings, then runs the compose file's own
commands (release, web, worker, scheduler, through deploy/entrypoint.sh) against a throwaway
PostgreSQL database and an in-memory OpenSearch-compatible server, and checks what a
visitor gets from gunicorn: status, content type and content of each public page.

The PostgreSQL server is the one DATABASE_URL names (default postgres://postgres@127.0.0.1:5432);
a database of its own is created and dropped. REDIS_URL, when set, is used for the cache.
Exits non-zero, saying what failed, on the first failure.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
COMPOSE = ROOT / "compose.yaml"

# Each page: what must be in the answer (status 200 is always expected).
PAGES = {
    "/": ("text/html", ["Portsmouth Social Value"]),
    "/directory/": ("text/html", ["<h1", "Harbourside"]),
    "/guidance/": ("text/html", ["<h1", "Guidance"]),
    "/awards/": ("text/html", ["<h1", "awards"]),
    "/robots.txt": ("text/plain", ["User-agent: *", "Disallow: /admin/", "Sitemap: http://"]),
    "/sitemap.xml": ("application/xml", ["<urlset", "/guidance/", "/directory/"]),
    "/readyz": ("application/json", ['"database": "ok"', '"cache": "ok"', '"search": "ok"']),
    "/healthz": ("text/plain", ["ok"]),
}


def log(message):
    print(f"deploy-check: {message}", flush=True)


def fail(message):
    log(f"FAILED: {message}")
    raise SystemExit(1)


def compose_commands():
    """The `command:` of each service in compose.yaml that runs the portal's image."""
    commands, service = {}, None
    for line in COMPOSE.read_text().splitlines():
        if match := re.match(r"^  ([a-z][a-z0-9-]*):\s*$", line):
            service = match.group(1)
        elif (match := re.match(r"^    command:\s*(\[.*\])\s*$", line)) and service:
            commands[service] = json.loads(match.group(1))
    return commands


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_urls(base_url, name):
    parts = urlsplit(base_url or "postgres://postgres@127.0.0.1:5432/postgres")
    if parts.scheme not in {"postgres", "postgresql"}:
        fail(f"DATABASE_URL must name a PostgreSQL server, not {parts.scheme}")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    return admin, urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def admin_sql(admin_url, statement):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)


def run(args, env, what, timeout=600):
    log(what)
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        fail(f"{what}: exit {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def get(url):
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def wait_for(url, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"the server exited with {process.returncode} before answering")
        with contextlib.suppress(OSError):
            if get(url)[0] == 200:
                return
        time.sleep(0.5)
    fail(f"no answer from {url} within {seconds} s")


class Processes:
    """Long-running processes started for the check, all stopped at the end."""

    def __init__(self, folder):
        self.folder = folder
        self.running = []

    def start(self, name, args, env):
        output = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 (closed in stop)
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append((process, output))
        return process

    def output(self, name):
        return (self.folder / f"{name}.log").read_text()

    def stop(self):
        for process, output in reversed(self.running):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            output.close()


def check_pages(base):
    for path, (content_type, expected) in PAGES.items():
        status, got_type, body = get(base + path)
        text = body.decode("utf-8", "replace")
        if status != 200:
            fail(f"GET {path}: {status}\n{text[:2000]}")
        if not got_type.startswith(content_type):
            fail(f"GET {path}: content type {got_type!r}, expected {content_type}")
        missing = [snippet for snippet in expected if snippet not in text]
        if missing:
            fail(f"GET {path}: {missing} not in the page\n{text[:2000]}")
        log(f"GET {path}: 200 {got_type.split(';')[0]}, {len(body):,} bytes")
    # Every stylesheet and script a page links to is served from the collected files.
    page = get(base + "/")[2].decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    if not any(re.search(r"\.[0-9a-f]{12}\.css$", asset) for asset in assets):
        fail(f"the home page links no hashed stylesheet: {assets}")
    for asset in assets:
        status, _, _ = get(base + asset)
        if status != 200:
            fail(f"GET {asset}: {status}")
    log(f"{len(assets)} static files linked from / are served with hashed names")


def check_worker(env, processes):
    """The worker empties the queue of tasks (emails the demo content queued)."""
    count = [
        str(PYTHON),
        "manage.py",
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult as T; "
        "print(T.objects.filter(status='READY').count(), T.objects.count())",
    ]
    ready, total = map(int, run(count, env, "count the queued tasks").stdout.split()[-2:])
    log(f"{ready} of {total} tasks waiting for the worker")
    worker = processes.start("worker", [str(ENTRYPOINT), *COMMANDS["worker"]], env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            fail(f"the worker exited:\n{processes.output('worker')[-3000:]}")
        ready, total = map(int, run(count, env, "count the queued tasks").stdout.split()[-2:])
        if ready == 0:
            break
        time.sleep(2)
    else:
        fail(f"the worker left {ready} tasks waiting:\n{processes.output('worker')[-3000:]}")
    failed = run(
        [
            *count[:4],
            "from django_tasks_db.models import DBTaskResult as T; "
            "print(T.objects.filter(status='FAILED').count())",
        ],
        env,
        "count failed tasks",
    )
    if int(failed.stdout.split()[-1]) != 0:
        fail(f"tasks failed in the worker:\n{processes.output('worker')[-3000:]}")
    log(f"the worker ran every task ({total} in all), none failed")


def check_scheduler(env, processes):
    scheduler = processes.start("scheduler", [str(ENTRYPOINT), *COMMANDS["scheduler"]], env)
    listed = run([str(PYTHON), "manage.py", "run_schedule", "--list"], env, "list the jobs")
    expected = {line.split("\t")[0] for line in listed.stdout.splitlines() if line.strip()}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if scheduler.poll() is not None:
            fail(f"the scheduler exited:\n{processes.output('scheduler')[-3000:]}")
        logged = [
            json.loads(line)
            for line in processes.output("scheduler").splitlines()
            if line.startswith("{")
        ]
        records = {
            json.loads(entry["message"])["job"]: json.loads(entry["message"])
            for entry in logged
            if entry.get("logger") == "portal.schedule"
        }
        if expected <= set(records):
            bad = {name: r for name, r in records.items() if r["outcome"] != "ok"}
            if bad:
                fail(f"scheduled jobs failed: {bad}")
            log(f"the scheduler ran {', '.join(sorted(records))}")
            return
        time.sleep(1)
    fail(f"the scheduler did not run every job:\n{processes.output('scheduler')[-3000:]}")


COMMANDS = compose_commands()


def main():
    for service in ("release", "web", "worker", "scheduler"):
        if service not in COMMANDS:
            fail(f"compose.yaml has no command for the {service} service")
    log(f"compose.yaml commands: {COMMANDS}")
    name = f"portal_deploycheck_{os.getpid()}"
    admin_url, database_url = database_urls(os.environ.get("DATABASE_URL"), name)
    folder = Path(tempfile.mkdtemp(prefix="deploy-check-"))
    processes = Processes(folder)
    port = free_port()
    env = {
        "PATH": f"{PYTHON.parent}:{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", str(folder)),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
        "PORTAL_PAGE_CACHE_DIR": str(folder / "page-cache"),
        "EMAIL_URL": "locmem://",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "PYTHON": str(PYTHON),
        "GUNICORN": str(PYTHON.parent / "gunicorn"),
    }
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    search = None
    try:
        from osmem_server import OsmemServer

        search = OsmemServer.start(japanese=False)
        env.update(
            SEARCH_BACKEND="opensearch3", SEARCH_URL=search.url, SEARCH_INDEX_PREFIX=f"{name}_"
        )
        log(f"search cluster (osmem-server) at {search.url}")
        run(
            [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v", "0"],
            env,
            "collectstatic with production settings",
        )
        manifest = folder / "static" / "staticfiles.json"
        if not manifest.exists():
            fail("collectstatic wrote no manifest")
        # The deployment checks as behind the TLS proxy, which redirects to HTTPS itself.
        run([str(ENTRYPOINT), "check"], {**env, "SECURE_SSL_REDIRECT": "true"}, "check --deploy")
        run([str(ENTRYPOINT), *COMMANDS["release"]], env, "release: migrate and build the index")
        run([str(PYTHON), "manage.py", "seed_demo"], env, "load the demo content")
        run([str(PYTHON), "manage.py", "update_index"], env, "index the demo content")
        web = processes.start("web", [str(ENTRYPOINT), *COMMANDS["web"]], env)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", web)
        check_pages(base)
        access = [
            line for line in processes.output("web").splitlines() if '"gunicorn.access"' in line
        ]
        if not access or json.loads(access[-1])["status"] != 200:
            fail(f"gunicorn wrote no JSON access log:\n{processes.output('web')[-2000:]}")
        log(f"gunicorn logs JSON: {access[-1]}")
        check_worker(env, processes)
        check_scheduler(env, processes)
    finally:
        processes.stop()
        if search is not None:
            search.close()
        with contextlib.suppress(Exception):
            admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)
    log("passed: static files, release, web, worker and scheduler as in compose.yaml")


if __name__ == "__main__":
    main()
