"""The concurrent ledger benchmark: 8 writers post transfers through the time bank's own
`post_transfer` for a fixed time; then the ledger audit (`timebank_audit`) must be clean.

Lock waits (PostgreSQL): a monitor samples pg_locks every 2 ms and counts each time a
writer's backend is seen newly waiting for a lock.
"""

import random
import threading
import time


def run(context, vendor, seconds, log, writers=8):
    accounts = context.get("timebank_accounts")
    try:
        from timebank.audit import find_violations
        from timebank.models import Account, Transfer
        from timebank.services import TimebankError
        from timebank.services.ledger import post_transfer
    except ImportError:
        return {"transfers_per_s": None, "audit_ok": None, "skipped": "no time bank services"}
    if not accounts:
        return {"transfers_per_s": None, "audit_ok": None, "skipped": "no seeded members"}
    from django.db import DatabaseError, connection, connections

    ids = [a.pk for a in accounts]
    log(f"Ledger: {writers} writers for {seconds} s over {len(ids):,} accounts ({vendor})")
    stop = threading.Event()
    barrier = threading.Barrier(writers + 1)
    lock = threading.Lock()
    totals = {"posted": 0, "refused": 0, "errors": 0, "latencies": [], "error_examples": []}

    def writer(index):
        rng = random.Random(index)
        posted = refused = errors = 0
        latencies = []
        examples = []
        try:
            barrier.wait()
            while not stop.is_set():
                payer, payee = rng.sample(ids, 2)
                began = time.perf_counter()
                try:
                    post_transfer(
                        Account(pk=payer),
                        Account(pk=payee),
                        rng.choice([15, 30, 60]),
                        kind=Transfer.Kind.EXCHANGE,
                        reason="Benchmark transfer",
                    )
                    posted += 1
                    latencies.append(time.perf_counter() - began)
                except TimebankError:
                    refused += 1
                except DatabaseError as exc:
                    errors += 1
                    if len(examples) < 3:
                        examples.append(f"{type(exc).__name__}: {exc}"[:160])
        finally:
            connections.close_all()
            with lock:
                totals["posted"] += posted
                totals["refused"] += refused
                totals["errors"] += errors
                totals["latencies"].extend(latencies)
                totals["error_examples"].extend(examples)

    waits = {"episodes": 0, "samples": 0, "samples_waiting": 0, "max_waiting": 0}

    def monitor():
        import psycopg

        settings = connection.settings_dict
        conn = psycopg.connect(
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname=settings["NAME"],
            autocommit=True,
        )
        previous = set()
        with conn, conn.cursor() as cur:
            while not stop.is_set():
                cur.execute(
                    "SELECT DISTINCT pid FROM pg_locks WHERE NOT granted AND "
                    "database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                )
                waiting = {row[0] for row in cur.fetchall()}
                waits["samples"] += 1
                waits["samples_waiting"] += bool(waiting)
                waits["episodes"] += len(waiting - previous)
                waits["max_waiting"] = max(waits["max_waiting"], len(waiting))
                previous = waiting
                time.sleep(0.002)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    watcher = None
    if vendor == "postgresql":
        watcher = threading.Thread(target=monitor)
        watcher.start()
    barrier.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if watcher:
        watcher.join()
    audit_started = time.perf_counter()
    violations = find_violations()
    audit_seconds = time.perf_counter() - audit_started
    latencies = sorted(totals["latencies"])

    def pct(fraction):
        if not latencies:
            return None
        return round(1000 * latencies[min(len(latencies) - 1, round(fraction * len(latencies)))], 2)

    result = {
        "transfers_per_s": round(totals["posted"] / elapsed, 1),
        "audit_ok": not violations,
        "writers": writers,
        "seconds": round(elapsed, 1),
        "transfers": totals["posted"],
        "refused": totals["refused"],
        "errors": totals["errors"],
        "p50_ms": pct(0.5),
        "p99_ms": pct(0.99),
        "lock_waits": waits["episodes"] if watcher else None,
        "lock_wait_share": round(waits["samples_waiting"] / waits["samples"], 3)
        if watcher and waits["samples"]
        else None,
        "max_waiting": waits["max_waiting"] if watcher else None,
        "audit_seconds": round(audit_seconds, 1),
        "audit_violations": violations[:5],
    }
    if totals["error_examples"]:
        result["error_examples"] = totals["error_examples"][:3]
    log(
        f"  {result['transfers_per_s']} transfers/s, refused {result['refused']}, "
        f"errors {result['errors']}, lock waits {result['lock_waits']}, "
        f"audit {'clean' if result['audit_ok'] else violations[:3]}"
    )
    return result
