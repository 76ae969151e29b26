"""CSV sync figures: `import_files` and `export_all` next to the plainest possible code.

    python bench/csv_bench.py [--employees 100000] [--signals 1000000] [--rounds 1]
                              [--seed 2026] [--data-dir DIR]

Writes (seeded) an employees.csv and a signals.csv in the export format (ids, timestamps,
sorted by id as `export_all` writes them; 1% tombstones), then times, each in a fresh
process on a fresh database created by `open_store` (so every side has the same schema,
indexes and pragmas):

  import  ours   `import_files` on employees.csv, then on signals.csv
          plain  csv.reader + sqlite3 executemany into the same tables, one transaction,
                 no validation (the email -> id map the schema needs, nothing else)
  export  ours   `export_all` of the imported database (all thirteen files)
          plain  per table, csv.writer.writerows over a sqlite3 `SELECT <the file's
                 columns> ... ORDER BY id` (ids instead of emails, timestamps as stored)

Rows per second are figured on wall time and on the process's CPU time (other programs
on a shared machine disturb the first, much less the second); "ratio" is ours / plain
(above 1: ours is faster). Each step reports the child process's peak memory. With
`--rounds N` the steps alternate N times and the best time of each is kept.

Prints figures only: it asserts nothing and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EMPLOYEE_COLUMNS = ["id", "email", "name", "department", "title", "seniority", "manager_email", "network_size",
                    "location", "advocate_token", "updated_at", "deleted_at"]
SIGNAL_COLUMNS = ["id", "employee_email", "source", "kind", "occurred_on", "impressions", "reactions", "comments",
                  "shares", "url", "updated_at", "deleted_at"]
DEPARTMENTS = ["Engineering", "Product", "Sales", "Marketing", "Customer Success", "People", "Finance", "Operations"]
TITLES = ["Software Engineer", "Account Executive", "Product Designer", "Controls Engineer", "Data Analyst"]
PLACES = ["Austin, TX", "Toronto, ON", "Berlin", "Lyon", "São Paulo", "Bengaluru"]
FIRST = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Frances", "Jin", "Rania", "Paul", "Joao", "Nina", "Ricardo"]
LAST = ["Lovelace", "Hopper", "Hamilton", "Turing", "Allen", "Novak", "Tran", "Hughes", "Dubois", "Hoffmann"]


# --------------------------------------------------------------------------- data


def _ids(rng: random.Random, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        h = f"{rng.getrandbits(128):032x}"
        ids.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}")
    ids.sort()
    return ids


def _stamp(rng: random.Random, start: datetime) -> str:
    moment = start + timedelta(seconds=rng.randrange(180 * 86400), microseconds=rng.randrange(1_000_000))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def generate(folder: Path, employees: int, signals: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 5, 1)
    emails = []
    with (folder / "employees.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(EMPLOYEE_COLUMNS)
        for number, ident in enumerate(_ids(rng, employees)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first.lower()}.{last.lower()}.{number}@northwind.example"
            emails.append(email)
            updated = _stamp(rng, start)
            writer.writerow([
                ident, email, f"{first} {last}", rng.choice(DEPARTMENTS), rng.choice(TITLES),
                rng.choice(("ic", "ic", "ic", "manager", "director", "executive")),
                f"boss.{number // 8}@northwind.example", rng.randrange(20, 5000), rng.choice(PLACES),
                f"{number:08x}"[::-1], updated, updated if rng.random() < 0.01 else "",
            ])
    day0 = date(2026, 5, 1)
    with (folder / "signals.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(SIGNAL_COLUMNS)
        rows = []
        for ident in _ids(rng, signals):
            updated = _stamp(rng, start)
            rows.append([
                ident, rng.choice(emails), rng.choice(("platform", "linkedin", "internal")),
                rng.choice(("share", "tag", "mention", "post", "answer")),
                (day0 + timedelta(days=rng.randrange(180))).isoformat(), rng.randrange(20000), rng.randrange(300),
                rng.randrange(40), rng.randrange(20), f"https://www.linkedin.com/feed/update/urn:li:activity:{rng.getrandbits(60)}",
                updated, updated if rng.random() < 0.01 else "",
            ])
            if len(rows) >= 10000:
                writer.writerows(rows)
                rows = []
        writer.writerows(rows)


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
        for name in ("employees.csv", "signals.csv"):
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


def step_import_plain(data: Path, db: Path) -> dict:
    fresh_database(db)
    connection = _plain_connection(db)
    figures = {}
    wall, cpu = time.perf_counter(), time.process_time()
    with (data / "employees.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO employee (id, email, name, department, title, seniority, manager_email, network_size, "
            "location, advocate_token, updated_at, deleted_at, created_at, ssh_keys) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
            ((*row[:6], row[6] or None, *row[7:11], row[11] or None, row[10]) for row in reader),
        )
        connection.execute("COMMIT")
    figures["employees.csv"] = (connection.execute("SELECT count(*) FROM employee").fetchone()[0],
                                time.perf_counter() - wall, time.process_time() - cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    emails = {email.lower(): ident for ident, email in connection.execute("SELECT id, email FROM employee")}
    with (data / "signals.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO signal (id, employee_id, source, kind, occurred_on, impressions, reactions, comments, "
            "shares, url, updated_at, deleted_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((row[0], emails[row[1].lower()], *row[2:11], row[11] or None, row[10]) for row in reader),
        )
        connection.execute("COMMIT")
    figures["signals.csv"] = (connection.execute("SELECT count(*) FROM signal").fetchone()[0],
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
    "import-ours": lambda args: step_import_ours(Path(args.data_dir), Path(args.data_dir) / "ours.sqlite"),
    "import-plain": lambda args: step_import_plain(Path(args.data_dir), Path(args.data_dir) / "plain.sqlite"),
    "export-ours": lambda args: step_export_ours(Path(args.data_dir) / "ours.sqlite", Path(args.data_dir) / "out-ours"),
    "export-plain": lambda args: step_export_plain(Path(args.data_dir) / "ours.sqlite", Path(args.data_dir) / "out-plain"),
}


def run_step(name: str, args: argparse.Namespace) -> tuple[dict, float]:
    """Run one step in a fresh process; its figures and its peak memory (MiB)."""
    command = [sys.executable, __file__, "--step", name, "--data-dir", args.data_dir]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    return {key: tuple(value) for key, value in result["figures"].items()}, result["peak_mib"]


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.step:
        figures = STEPS[args.step](args)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"figures": figures, "peak_mib": peak}))
        return

    args.data_dir = args.data_dir or str(Path(tempfile.gettempdir()) / "advocacy-csv-bench")
    data = Path(args.data_dir)
    marker = data / f"data-{args.employees}-{args.signals}-{args.seed}"
    if not marker.exists():
        print(f"Writing {args.employees:,} employees and {args.signals:,} signals to {data} ...", flush=True)
        started = time.perf_counter()
        shutil.rmtree(data, ignore_errors=True)
        generate(data, args.employees, args.signals, args.seed)
        marker.touch()
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)

    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    peaks: dict[str, float] = {}
    order = ["import-plain", "import-ours", "export-plain", "export-ours"]
    for round_number in range(args.rounds):
        steps = order if round_number % 2 == 0 else ["import-ours", "import-plain", "export-ours", "export-plain"]
        for step in steps:
            figures, peak = run_step(step, args)
            peaks[step] = max(peaks.get(step, 0.0), peak)
            for key, (rows, wall, cpu) in figures.items():
                previous = best.get((step, key))
                best[(step, key)] = (rows, min(wall, previous[1]) if previous else wall, min(cpu, previous[2]) if previous else cpu)
            print(f"  round {round_number + 1}: {step} done", flush=True)

    print()
    print(f"CSV sync, {args.employees:,} employees and {args.signals:,} signals; best of {args.rounds} round(s)")
    header = f"{'task':<24} {'rows':>10} {'plain s':>8} {'ours s':>8} {'plain rows/s':>13} {'ours rows/s':>12} {'ratio':>6} {'cpu ratio':>9}"
    print(header)
    print("-" * len(header))
    for task, key in (("import", "employees.csv"), ("import", "signals.csv"), ("export", "all files")):
        rows, plain_wall, plain_cpu = best[(f"{task}-plain", key)]
        _, ours_wall, ours_cpu = best[(f"{task}-ours", key)]
        print(
            f"{task + ' ' + key:<24} {rows:>10,} {plain_wall:>8.1f} {ours_wall:>8.1f} {rows / plain_wall:>13,.0f} "
            f"{rows / ours_wall:>12,.0f} {plain_wall / ours_wall:>6.2f} {plain_cpu / ours_cpu:>9.2f}"
        )
    print()
    print("peak memory per step (MiB): " + ", ".join(f"{step} {peaks[step]:.0f}" for step in order))


if __name__ == "__main__":
    main()
