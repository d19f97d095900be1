"""Spend import throughput: a generated council "payments over £500" file of N rows through
the spend app's own `import_spend_file`."""

import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

DEPARTMENTS = ["Housing", "Children's services", "Adult social care", "Highways", "Culture"]
EXPENSES = ["Repairs and maintenance", "Catering", "Consultancy", "Cleaning", "Printing"]


def write_file(path, rows, suppliers=2_000, seed=7):
    rng = random.Random(seed)
    names = [f"Benchmark Supplier {i} Ltd" for i in range(suppliers)]
    start = date(2025, 4, 1)
    with open(path, "w", newline="") as handle:
        handle.write(
            "Body,Department,Expense Type,Payment Date,Transaction Number,Amount,"
            "Supplier Name,Supplier ID\n"
        )
        for i in range(rows):
            supplier = rng.randrange(suppliers)
            day = start + timedelta(days=rng.randrange(365))
            handle.write(
                f"Portsmouth City Council,{rng.choice(DEPARTMENTS)},{rng.choice(EXPENSES)},"
                f"{day:%d/%m/%Y},BENCH-{i:07d},{rng.randint(500, 250_000)}.{rng.randint(0, 99):02d},"
                f"{names[supplier]},S{supplier:05d}\n"
            )


def run(rows, log):
    try:
        from spend.services import import_spend_file
    except ImportError:
        return {"rows_per_s": None, "skipped": "the spend app has no import_spend_file yet"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "payments-over-500.csv"
        write_file(path, rows)
        log(f"Spend import: {rows:,} generated rows ...")
        last = [0.0]

        def progress(done, total):
            now = time.perf_counter()
            if now - last[0] > 2:
                log(f"  {done:,}/{total:,}")
                last[0] = now

        began = time.perf_counter()
        upload = import_spend_file(path, progress=progress)
        seconds = time.perf_counter() - began
    ok = upload.status == "complete" and upload.imported_count == rows
    result = {
        "rows_per_s": round(rows / seconds, 1) if ok else None,
        "rows": rows,
        "seconds": round(seconds, 1),
        "status": upload.status,
        "imported": upload.imported_count,
        "new_suppliers": upload.new_supplier_count,
    }
    if not ok:
        result["errors"] = upload.errors[:3]
    log(f"  {result}")
    return result
