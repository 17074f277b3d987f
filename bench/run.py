"""Run every bench/bench_*.py on PostgreSQL and print one table (`make bench`).

    .venv/bin/python bench/run.py [--reports N] [--only NAME ...] [--json FILE]

Each module exposes `run(ctx) -> list[dict]`; a dict has `name`, `p50_ms`, `p95_ms` and
optionally `target_ms`, `baseline` (the name of a row measured in the same run, for a
ratio), `rows_per_s` and `note`. Peak RSS is the process's after each module.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import database_url, peak_rss_mb, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    setup_django()
    from generate import generate

    selected = [
        path for path in sorted(HERE.glob("bench_*.py"))
        if not args.only or path.stem.removeprefix("bench_") in args.only
    ]
    modules = {path.stem: importlib.import_module(path.stem) for path in selected}
    # A module that brings its own data (the pages bench loads the demo city) says so with
    # USES_GENERATED_REPORTS = False; `--only pages` then skips the 1M-row generation.
    if any(getattr(m, "USES_GENERATED_REPORTS", True) for m in modules.values()):
        generate(args.reports)
    ctx: dict[str, Any] = {"reports": args.reports, "database_url": database_url()}
    results: list[dict[str, Any]] = []
    for path in selected:
        name = path.stem.removeprefix("bench_")
        started = time.monotonic()
        module = modules[path.stem]
        rows = module.run(ctx)
        for row in rows:
            row.setdefault("module", name)
            row["peak_rss_mb"] = round(peak_rss_mb(), 1)
        results.extend(rows)
        print(f"[{name}: {time.monotonic() - started:.1f}s]", file=sys.stderr)
    print_table(results, args.reports)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))


def print_table(results: list[dict[str, Any]], n: int) -> None:
    by_name = {row["name"]: row for row in results}
    print(f"\nTrustBeat benchmarks on PostgreSQL, {n:,} generated reports "
          "(the pages rows: the demo city)")
    header = (
        f"{'benchmark':<52} {'p50 ms':>9} {'p95 ms':>9} {'target':>8} {'ratio':>8} {'RSS MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        ratio = ""
        base = by_name.get(row.get("baseline", ""))
        if base and row.get("p50_ms"):
            ratio = f"{base['p50_ms'] / row['p50_ms']:.1f}×"
        target = row.get("target_ms")
        verdict = ""
        if target:
            verdict = f"<{target}" + (" ok" if row["p95_ms"] < target else " MISS")
        p50 = f"{row['p50_ms']:.1f}" if row.get("p50_ms") is not None else ""
        p95 = f"{row['p95_ms']:.1f}" if row.get("p95_ms") is not None else ""
        print(f"{row['name']:<52} {p50:>9} {p95:>9} {verdict:>8} {ratio:>8} "
              f"{row['peak_rss_mb']:>8}")
        if row.get("note"):
            print(f"    {row['note']}")
    print("ratio = baseline p50 / this p50 (baseline measured in the same run)")


if __name__ == "__main__":
    main()
