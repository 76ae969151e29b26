"""CSV sync figures: `import_files` and `export_all` next to the plainest possible code.

    python bench/csv_bench.py [size flags of bench/company.py] [--rounds 1]

The data is the company database of bench/company.py (at the size asked; cached). Each
step runs in a fresh process:

  export  ours   `export_all` of the company database (every entity's file)
          plain  per file, csv.writer.writerows over a sqlite3 `SELECT <the file's
                 columns> ... ORDER BY id` (ids instead of emails, timestamps as stored)
  import  ours   `import_files` on the exported employees.csv, then on signals.csv, into a
                 fresh database created by `open_store` (so both sides have the same
                 schema, indexes and pragmas)
          plain  csv.reader + sqlite3 executemany of the same two files into the same
                 tables, one transaction, no validation (the email -> id map the schema
                 needs, nothing else)

Seconds are wall time; rows per second are figured on it and on the process's CPU time
(other programs on a shared machine disturb the first, much less the second); "ratio" is
ours / plain in seconds (above 1: ours is slower). Each step reports the child process's
peak memory. With `--rounds N` the steps alternate N times and the best time of each is
kept.

Prints figures only: it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from company import add_size_arguments, company_database, sizes_from  # noqa: E402
from report import Row, print_table, rows_to_json  # noqa: E402

IMPORTED = ("employees.csv", "signals.csv")


def fresh_database(path: Path) -> None:
    from advocacy_tui.store.database import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_store(path).close()


# --------------------------------------------------------------------------- the steps (child processes)


def step_import_ours(data: Path, db: Path) -> dict:
    from advocacy_tui.store.csv_import import import_files
    from advocacy_tui.store.database import open_store

    fresh_database(db)
    store = open_store(db)
    figures = {}
    try:
        for name in IMPORTED:
            wall, cpu = time.perf_counter(), time.process_time()
            report = import_files(store, [data / name])
            counts = report.files[0]
            figures[name] = (counts.new + counts.deleted, time.perf_counter() - wall, time.process_time() - cpu)
    finally:
        store.close()
    return figures


def _plain_connection(db: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _plain_rows(reader, header: list[str], table_columns: dict[str, bool], emails: dict[str, str] | None):
    """The CSV's rows as the table's columns (name -> NOT NULL): employee_email ->
    employee_id by the map, created_at = updated_at, an empty cell NULL where the column
    allows it; nothing checked."""
    columns = []
    picks = []
    for index, name in enumerate(header):
        if name == "employee_email":
            columns.append("employee_id")
        elif name in table_columns:
            columns.append(name)
        else:
            continue
        picks.append(index)
    email_at = header.index("employee_email") if "employee_email" in header else None
    updated_at = header.index("updated_at")
    columns.append("created_at")
    if "ssh_keys" in table_columns and "ssh_keys" not in header:
        columns.append("ssh_keys")
        extra = ("",)
    else:
        extra = ()

    nullable = [not table_columns.get(column, True) for column in columns[: len(picks)]]
    email_slot = picks.index(email_at) if email_at is not None else None

    def rows():
        for row in reader:
            values = [(row[index] or None) if null_ok else row[index] for index, null_ok in zip(picks, nullable)]
            if email_slot is not None:
                values[email_slot] = emails[row[email_at].lower()]
            yield (*values, row[updated_at], *extra)

    return columns, rows()


def step_import_plain(data: Path, db: Path) -> dict:
    fresh_database(db)
    connection = _plain_connection(db)
    figures = {}
    emails = None
    for name, table in (("employees.csv", "employee"), ("signals.csv", "signal")):
        table_columns = {row[1]: bool(row[3]) for row in connection.execute(f"PRAGMA table_info({table})")}
        wall, cpu = time.perf_counter(), time.process_time()
        if table == "signal":
            emails = {email.lower(): ident for ident, email in connection.execute("SELECT id, email FROM employee")}
        with (data / name).open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            columns, rows = _plain_rows(reader, next(reader), table_columns, emails)
            connection.execute("BEGIN")
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", rows
            )
            connection.execute("COMMIT")
        figures[name] = (connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0],
                         time.perf_counter() - wall, time.process_time() - cpu)
    connection.close()
    return figures


def step_export_ours(db: Path, out: Path) -> dict:
    from advocacy_tui.store.csv_export import export_all
    from advocacy_tui.store.database import open_store

    shutil.rmtree(out, ignore_errors=True)
    store = open_store(db)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        written = export_all(store, out)
        return {"all files": (sum(written.values()), time.perf_counter() - wall, time.process_time() - cpu)}
    finally:
        store.close()


def step_export_plain(db: Path, out: Path) -> dict:
    from advocacy_tui.store.csv_columns import ENTITY_FILES, SPEC_BY_FILE

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    connection = sqlite3.connect(db)
    rows = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for name in ENTITY_FILES:
        spec = SPEC_BY_FILE[name]
        columns = ", ".join(column.attr for column in spec.columns)
        with (out / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([column.name for column in spec.columns])
            cursor = connection.execute(f"SELECT {columns} FROM {spec.table.name} ORDER BY id")
            writer.writerows(cursor)
            rows += connection.execute(f"SELECT count(*) FROM {spec.table.name}").fetchone()[0]
    figures = {"all files": (rows, time.perf_counter() - wall, time.process_time() - cpu)}
    connection.close()
    return figures


STEPS = {
    "import-ours": lambda args: step_import_ours(Path(args.data_dir) / "out-ours", Path(args.data_dir) / "ours.sqlite"),
    "import-plain": lambda args: step_import_plain(Path(args.data_dir) / "out-ours", Path(args.data_dir) / "plain.sqlite"),
    "export-ours": lambda args: step_export_ours(Path(args.db), Path(args.data_dir) / "out-ours"),
    "export-plain": lambda args: step_export_plain(Path(args.db), Path(args.data_dir) / "out-plain"),
}


def run_step(name: str, db: Path, data_dir: Path) -> tuple[dict, float]:
    """Run one step in a fresh process; its figures and its peak memory (MiB)."""
    command = [sys.executable, __file__, "--step", name, "--db", str(db), "--data-dir", str(data_dir)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    return {key: tuple(value) for key, value in result["figures"].items()}, result["peak_mib"]


def measure(db: Path, rounds: int = 1) -> tuple[dict, dict]:
    """{(step, file): (rows, best wall s, best cpu s)} and {step: peak MiB}."""
    data_dir = db.with_name(db.stem + "-csv")
    data_dir.mkdir(parents=True, exist_ok=True)
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    peaks: dict[str, float] = {}
    # Export first: the import steps read the files `export_all` wrote.
    for round_number in range(rounds):
        if round_number % 2 == 0:
            steps = ["export-plain", "export-ours", "import-plain", "import-ours"]
        else:
            steps = ["export-ours", "export-plain", "import-ours", "import-plain"]
        for step in steps:
            print(f"bench: csv: round {round_number + 1}/{rounds}: {step}...", file=sys.stderr, flush=True)
            figures, peak = run_step(step, db, data_dir)
            peaks[step] = max(peaks.get(step, 0.0), peak)
            for key, (rows, wall, cpu) in figures.items():
                previous = best.get((step, key))
                best[(step, key)] = (rows, min(wall, previous[1]) if previous else wall,
                                     min(cpu, previous[2]) if previous else cpu)
    for name in ("ours.sqlite", "plain.sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{data_dir / name}{suffix}").unlink(missing_ok=True)
    return best, peaks


TASKS = (("export", "all files"), ("import", "employees.csv"), ("import", "signals.csv"))


def rows_of(best: dict, peaks: dict) -> list[Row]:
    rows = []
    for task, key in TASKS:
        count, plain_wall, plain_cpu = best[(f"{task}-plain", key)]
        _, ours_wall, ours_cpu = best[(f"{task}-ours", key)]
        rows.append(Row(
            f"CSV {task} {key} ({count:,} rows)", ours_wall, plain_wall, "s", "csv+sqlite3",
            note=f"cpu ratio {ours_cpu / max(plain_cpu, 1e-9):.2f}; peak {peaks[task + '-ours']:,.0f} MB "
                 f"vs {peaks[task + '-plain']:,.0f} MB",
        ))
    return rows


BASELINES = {"csv+sqlite3": "csv.reader/writer + sqlite3 executemany/SELECT, no validation (see csv_bench.py)"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_size_arguments(parser)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--rows-json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.step:
        figures = STEPS[args.step](args)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"figures": figures, "peak_mib": peak}))
        return 0

    sizes = sizes_from(args, argv)
    db = company_database(sizes, args.seed, args.cache_dir, args.rebuild)
    best, peaks = measure(db, args.rounds)
    if args.rows_json:
        print(rows_to_json(rows_of(best, peaks)))
        return 0
    print()
    print(f"CSV sync on the company ({sizes.label()}); best of {args.rounds} round(s)")
    header = (f"{'task':<24} {'rows':>10} {'plain s':>8} {'ours s':>8} {'plain rows/s':>13} {'ours rows/s':>12} "
              f"{'ratio':>6} {'cpu ratio':>9}")
    print(header)
    print("-" * len(header))
    for task, key in TASKS:
        rows, plain_wall, plain_cpu = best[(f"{task}-plain", key)]
        _, ours_wall, ours_cpu = best[(f"{task}-ours", key)]
        print(
            f"{task + ' ' + key:<24} {rows:>10,} {plain_wall:>8.1f} {ours_wall:>8.1f} {rows / plain_wall:>13,.0f} "
            f"{rows / ours_wall:>12,.0f} {ours_wall / plain_wall:>6.2f} {ours_cpu / plain_cpu:>9.2f}"
        )
    print("ratio = ours / plain in seconds (above 1: ours is slower)")
    print()
    order = ["export-plain", "export-ours", "import-plain", "import-ours"]
    print("peak memory per step (MiB): " + ", ".join(f"{step} {peaks[step]:.0f}" for step in order))
    return 0


if __name__ == "__main__":
    sys.exit(main())
