"""`make bench`: every benchmark in bench/ on one generated company, as ONE table.

    python bench/suite.py [size flags of bench/company.py] [--runs 7] [--only PARTS]

The company (default 100,000 employees, 1,000,000 signals, 200,000 posts, 500,000
deliveries, 50,000 applications; see bench/company.py) is generated once per size and
seed and cached; then, each in processes of its own, so one part's memory and caches do
not colour the next:

  startup   bench/startup.py    process start to first frame, company and demo, against
                                a bare six-tab Textual app; peak memory against the demo
  tui       bench/tui_bench.py  each tab opened, each filter keystroke, End and PageDown,
                                under Textual's Pilot, against stock Textual
  csv       bench/csv_bench.py  CSV export and import against csv + sqlite3
  metrics   bench/metrics_bench.py  the metrics aggregates and `metrics --json` against
                                plain SQL

Each part can also be run alone (`python bench/<part>.py --help`) and prints its own,
more detailed table. The machine's load average is printed with the table: on a shared
machine the wall-clock figures move with it (the baselines, measured in the same run,
move alike).

Prints figures only: it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from company import add_size_arguments, company_database, demo_database, sizes_from, table_counts  # noqa: E402
from report import print_table, run_part  # noqa: E402

PARTS = ("startup", "tui", "csv", "metrics")
BASELINES = {
    "bare app": "bench/bare_app.py: a Header, the same six tabs (a Static in each) and a Footer; same keys",
    "demo": "the same app on the demo database (`advocacy demo`: 300 employees)",
    "DataTable": "bench/plain_table.py: Textual's stock DataTable over the same ranked rows read with sqlite3; "
                 "the filter runs the same SQL (count + first 200 rows) on each change; End is its ctrl+end",
    "csv+sqlite3": "csv.reader/csv.writer with sqlite3 executemany/SELECT, no validation (bench/csv_bench.py)",
    "sqlite3": "the same aggregates as SQL strings on a sqlite3 connection (bench/metrics_bench.py)",
    "plain cmd": "`python bench/metrics_bench.py --plain-json DB`: those queries printed as JSON",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Every benchmark in bench/, one table.")
    add_size_arguments(parser)
    parser.add_argument("--runs", type=int, default=7, help="start-up runs per program (default 7)")
    parser.add_argument("--metrics-runs", type=int, default=5, help="runs per metrics measure (default 5)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts ({','.join(PARTS)})")
    args = parser.parse_args(argv)
    parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    sizes = sizes_from(args, argv)
    began = time.perf_counter()
    company = company_database(sizes, args.seed, args.cache_dir, args.rebuild)
    demo_database(args.seed, args.cache_dir, args.rebuild)
    common = [
        "--employees", str(sizes.employees), "--signals", str(sizes.signals), "--posts", str(sizes.posts),
        "--deliveries", str(sizes.deliveries), "--applications", str(sizes.applications),
        "--seed", str(args.seed), "--cache-dir", str(args.cache_dir),
    ]
    loads = [os.getloadavg()[0]]
    rows = []
    for part in parts:
        if part == "startup":
            rows += run_part("startup.py", [*common, "--runs", str(args.runs)])
        elif part == "tui":
            rows += run_part("tui_bench.py", common)
        elif part == "csv":
            rows += run_part("csv_bench.py", common)
        elif part == "metrics":
            rows += run_part("metrics_bench.py", [*common, "--runs", str(args.metrics_runs)])
        loads.append(os.getloadavg()[0])

    import textual

    counts = table_counts(company)
    print()
    print_table(
        rows,
        f"advocacy benchmarks on {', '.join(f'{table} {count:,}' for table, count in counts.items())} "
        f"(seed {args.seed}); Python {sys.version.split()[0]}, Textual {textual.__version__}, "
        f"{os.cpu_count()} CPUs, load average {min(loads):.1f}-{max(loads):.1f} during the run; "
        f"{(time.perf_counter() - began) / 60:.0f} min",
        BASELINES,
    )
    print(f"  company database: {company} ({company.stat().st_size / 1e6:,.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
