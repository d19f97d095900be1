"""The printed table and latest.json."""

import json


def endpoint_figures(result, healthz_rps):
    ratio = result.rps / healthz_rps if healthz_rps else None
    return {
        "rps": round(result.rps, 1),
        "p50_ms": _ms(result.percentile(0.5)),
        "p99_ms": _ms(result.percentile(0.99)),
        "ratio": round(ratio, 3) if ratio is not None else None,
        "queries": result.queries_median,
        "queries_max": max(result.queries) if result.queries else None,
        "requests": result.requests,
        "non_200": result.non_200,
    }


def _ms(seconds):
    return None if seconds is None else round(seconds * 1000, 2)


def table(report):
    lines = [
        f"Database: {report['database']}   mode: {report['mode']}   "
        f"{report['duration_s']} s per endpoint, {report['concurrency']} connections, "
        f"gunicorn {report['workers']} workers",
        "",
        f"{'endpoint':<22}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}{'queries':>9}"
        f"{'non-200':>9}",
    ]
    for name, figures in report["endpoints"].items():
        ratio = "" if figures["ratio"] is None else f"{figures['ratio']:.3f}"
        queries = "?" if figures["queries"] is None else str(figures["queries"])
        if figures["queries_max"] not in (None, figures["queries"]):
            queries += f"-{figures['queries_max']}"
        lines.append(
            f"{name:<22}{figures['rps']:>9.1f}{figures['p50_ms'] or 0:>9.2f}"
            f"{figures['p99_ms'] or 0:>9.2f}{ratio:>8}{queries:>9}{figures['non_200']:>9}"
        )
    for name, reason in report.get("skipped", {}).items():
        lines.append(f"{name:<22} skipped: {reason}")
    ledger = report.get("ledger") or {}
    lines.append("")
    if ledger.get("transfers_per_s") is not None:
        lines.append(
            f"Ledger: {ledger['transfers_per_s']:.1f} transfers/s with {ledger.get('writers')} "
            f"writers over {ledger.get('seconds')} s; lock waits {ledger.get('lock_waits')}; "
            f"refused {ledger.get('refused')}; audit {'clean' if ledger.get('audit_ok') else 'FAILED'}"
        )
    else:
        lines.append(f"Ledger: skipped ({ledger.get('skipped', 'not run')})")
    spend = report.get("spend_import") or {}
    if spend.get("rows_per_s") is not None:
        lines.append(
            f"Spend import: {spend['rows_per_s']:.0f} rows/s ({spend['rows']:,} rows in "
            f"{spend['seconds']} s)"
        )
    else:
        lines.append(f"Spend import: skipped ({spend.get('skipped', 'not run')})")
    growth = report.get("worker_rss_growth_mb")
    rss = report.get("worker_rss_mb") or {}
    lines.append(
        f"Worker memory: {rss.get('before')} MB before, {rss.get('after')} MB after; "
        f"growth {growth} MB"
    )
    return "\n".join(lines)


def write(report, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
