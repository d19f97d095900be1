"""`python -m benchmarks [--quick]`: build and seed the benchmark database, serve the portal
with gunicorn, drive a bounded load against each endpoint and write results/latest.json."""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from benchmarks.database import RESULTS


def log(message):
    print(message, flush=True)


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small data, 2 s per endpoint")
    parser.add_argument("--duration", type=float, help="seconds of load per endpoint")
    parser.add_argument("--concurrency", type=int, help="connections kept busy at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--only", nargs="*", help="endpoint names to measure (and healthz)")
    parser.add_argument("--output", type=Path, help="where to write the JSON results")
    parser.add_argument("--sqlite-path", help="SQLite database file (default under results/)")
    parser.add_argument("--pg-name", help="PostgreSQL database name (default portal_bench)")
    parser.add_argument(
        "--sqlite", action="store_true", help="use SQLite even when DATABASE_URL is set"
    )
    parser.add_argument("--ledger-seconds", type=float, help="seconds of the ledger benchmark")
    parser.add_argument("--skip-ledger", action="store_true")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="measure the database a previous run seeded, without rebuilding it",
    )
    parser.add_argument(
        "--ledger-only",
        action="store_true",
        help="run only the ledger benchmark on the database a previous run seeded, and "
        "update the ledger figures in the output file",
    )
    parser.add_argument("--skip-spend", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse(argv if argv is not None else sys.argv[1:])
    from benchmarks import database, server

    original_url = "" if args.sqlite else os.environ.get("DATABASE_URL", "")
    target = database.choose(
        original_url, quick=args.quick, sqlite_path=args.sqlite_path, pg_name=args.pg_name
    )
    # A page cache folder of this run's own: pages cached from another database never show.
    if target.vendor == "sqlite":
        page_cache_dir = Path(target.name + ".page-cache")
    else:
        page_cache_dir = RESULTS / f"{target.name}.page-cache"
    shutil.rmtree(page_cache_dir, ignore_errors=True)
    env = server.server_env(target.url, {"PORTAL_PAGE_CACHE_DIR": str(page_cache_dir)})
    os.environ.update({k: v for k, v in env.items() if k not in {"PYTHONDONTWRITEBYTECODE"}})
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

    import django

    django.setup()

    from benchmarks import endpoints as endpoint_specs
    from benchmarks import load, report, seed

    scale = seed.QUICK if args.quick else seed.FULL
    duration = args.duration or (2.0 if args.quick else 8.0)
    concurrency = args.concurrency or (4 if args.quick else 8)
    output = args.output or RESULTS / "latest.json"
    started = time.perf_counter()

    log(f"Benchmark database: {target.vendor} {target.name}")
    if args.ledger_only:
        return ledger_only(args, target, output, log)
    if args.reuse_db and database.exists(target):
        seeded, context = {"reused": True}, seed.load_context(log)
    else:
        database.prepare(target, log)
        seeded, context = seed.seed(scale, log)
    database.analyse(log)
    endpoints, skipped = endpoint_specs.build(context, only=args.only)
    log(f"Seeded in {time.perf_counter() - started:.1f} s")

    from django.db import connections

    connections.close_all()
    results = {}
    rss_before = rss_after = {}
    healthz_runs = []
    with server.Gunicorn(env, workers=args.workers) as gunicorn:
        log(f"gunicorn on {gunicorn.host}:{gunicorn.port}, workers {gunicorn.worker_pids()}")
        # One pass over every request first: code paths load, caches fill, errors show early.
        for endpoint in endpoints:
            try:
                status, _, _ = load.fetch(gunicorn.host, gunicorn.port, endpoint.requests[0])
            except OSError as exc:
                status = type(exc).__name__
            if status != 200:
                log(f"  {endpoint.name}: first request answered {status}")
        gunicorn.wait_idle()
        rss_before = gunicorn.worker_rss()
        for endpoint in endpoints:
            database.cancel_leftover_queries(target)
            gunicorn.wait_idle()
            result = load.run(
                gunicorn.host,
                gunicorn.port,
                endpoint.requests,
                duration,
                concurrency,
                warmup=min(1.0, duration / 4),
            )
            results[endpoint.name] = result
            log(
                f"  {endpoint.name}: {result.rps:.1f} req/s, "
                f"p50 {1000 * (result.percentile(0.5) or 0):.1f} ms, "
                f"queries {result.queries_median}, non-200 {result.non_200}"
            )
            for path, status, body in result.bad_examples[:3]:
                log(f"    {status} {path}: {body[:120]!r}")
        healthz = next((e for e in endpoints if e.name == "healthz"), None)
        if healthz is not None:
            gunicorn.wait_idle()
            # The bare view again at the end: the reference is the better of the two runs, so
            # a machine busy with other work at the start does not flatter the ratios.
            again = load.run(
                gunicorn.host,
                gunicorn.port,
                healthz.requests,
                duration,
                concurrency,
                warmup=min(1.0, duration / 4),
            )
            log(f"  healthz (again): {again.rps:.1f} req/s")
            healthz_runs = [results["healthz"].rps, again.rps]
            if again.rps > results["healthz"].rps:
                results["healthz"] = again
        rss_after = gunicorn.worker_rss()
        if any(r.non_200 for r in results.values()):
            log("gunicorn log (last lines):\n" + gunicorn.log_tail())

    healthz_rps = results["healthz"].rps if "healthz" in results else 0
    figures = {
        name: report.endpoint_figures(result, healthz_rps) for name, result in results.items()
    }
    growth = None
    common = [pid for pid in rss_before if pid in rss_after and rss_after[pid] is not None]
    if common:
        growth = round(max(rss_after[pid] - rss_before[pid] for pid in common), 1)

    ledger_result = {"transfers_per_s": None, "audit_ok": None, "skipped": "not run"}
    if not args.skip_ledger:
        from benchmarks import ledger

        database.cancel_leftover_queries(target)
        ledger_result = ledger.run(
            context,
            target.vendor,
            seconds=args.ledger_seconds or (2 if args.quick else 10),
            log=log,
        )
    spend_result = {"rows_per_s": None, "skipped": "not run"}
    if not args.skip_spend:
        from benchmarks import spend

        spend_result = spend.run(rows=2_000 if args.quick else 100_000, log=log)

    missing_counts = [name for name, f in figures.items() if f["queries"] is None]
    result = {
        "database": target.vendor,
        "mode": "quick" if args.quick else "full",
        "duration_s": duration,
        "concurrency": concurrency,
        "workers": args.workers,
        "scale": scale.__dict__,
        "seeded": seeded,
        "endpoints": figures,
        "healthz_rps_runs": [round(r, 1) for r in healthz_runs],
        "skipped": skipped,
        "ledger": ledger_result,
        "spend_import": spend_result,
        "worker_rss_mb": {
            "before": [round(v, 1) for v in rss_before.values() if v is not None],
            "after": [round(v, 1) for v in rss_after.values() if v is not None],
        },
        "worker_rss_growth_mb": growth,
        "ok": not any(f["non_200"] for f in figures.values()) and not missing_counts,
        "seconds": round(time.perf_counter() - started, 1),
    }
    report.write(result, output)
    log("")
    log(report.table(result))
    log(f"\nWritten to {output}")
    if missing_counts:
        log(f"No X-Query-Count header from: {', '.join(missing_counts)}")
    if not result["ok"]:
        log("FAILED: an endpoint answered something other than 200 during the run")
        return 1
    return 0


def ledger_only(args, target, output, log):
    import json

    from benchmarks import database, ledger, report

    if not database.exists(target):
        log("No seeded benchmark database: run the full benchmark first")
        return 1
    from timebank.models import Account

    accounts = list(Account.objects.filter(user__email__startswith="benchmember").order_by("pk"))
    result = ledger.run(
        {"timebank_accounts": accounts},
        target.vendor,
        seconds=args.ledger_seconds or (2 if args.quick else 10),
        log=log,
    )
    if output.exists():
        results = json.loads(output.read_text())
        results["ledger"] = result
        report.write(results, output)
        log(f"Ledger figures updated in {output}")
    return 0 if result.get("audit_ok") else 1
