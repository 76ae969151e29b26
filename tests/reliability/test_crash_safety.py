"""Crash safety: `advocacy import` and `advocacy tick` killed with SIGKILL at random moments.

Each command is run once to the end on a copy of the database (the reference, timed), then
again and again on fresh copies, killed after a seeded random delay between 0 and that
duration; and a few more times killed at the riskiest moments, spotted from outside: while
the import's commit writes the WAL, while its checkpoint copies the WAL into the file, and
while the tick writes its reminder files inside its transaction. After every kill the file is
exactly as before or exactly as after the reference run, and SQLite's integrity and
foreign-key checks pass. Finally the command is run again on a killed copy, and finishes
the job as if it had never been interrupted.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from advocacy_tui.store.csv_export import export_all
from advocacy_tui.store.csv_import import import_files
from advocacy_tui.store.database import open_store
from advocacy_tui.store.demo import write_demo
from tests.reliability.dbstate import (
    advocacy,
    content_digest,
    copy_database,
    digest,
    integrity,
    run_advocacy,
)

SEED = 20261125
TRIALS = 10
DEMO_DAY = date(2026, 11, 23)  # a Monday: the demo as of the day of a drop
NEXT_MONDAY = "2026-11-30"  # the next drop day: the tick delivers a drop and reminders
IMPORT_EMPLOYEES = 2000  # ~28,000 signals: the import takes about a second of work


def _foreign_key_problems(path: Path) -> list[tuple]:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()


@dataclass
class Case:
    """One command, the file before it runs and what a full run leaves."""

    name: str
    folder: Path
    original: Path
    command: Callable[[Path, Path], list[str]]  # (database, data folder) -> arguments
    state: Callable[[Path], dict[str, str]]  # digest or content_digest
    before: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)
    duration: float = 0.0
    wal_peak: int = 0
    outcomes: list[str] = field(default_factory=list)

    def env(self, data: Path) -> dict[str, str]:
        return {
            "XDG_DATA_HOME": str(data),
            "XDG_CONFIG_HOME": str(self.folder / "config"),
            "ADVOCACY_TODAY": DEMO_DAY.isoformat(),
        }

    def fresh(self, label: str) -> tuple[Path, Path]:
        database = copy_database(self.original, self.folder / f"{label}.sqlite")
        data = self.folder / f"{label}-data"
        return database, data

    def start(self, database: Path, data: Path) -> subprocess.Popen:
        return advocacy(*self.command(database, data), env=self.env(data))

    def measure(self) -> None:
        """The reference run: timed, its WAL watched, its result remembered."""
        self.before = self.state(self.original)
        database, data = self.fresh("reference")
        started = time.monotonic()
        process = self.start(database, data)
        self.wal_peak = _watch(process, database, lambda wal, size: False)
        out, err = process.communicate()
        self.duration = time.monotonic() - started
        assert process.returncode == 0, err
        self.after = self.state(database)
        assert self.after != self.before, f"the reference {self.name} changed nothing"

    def judge(self, database: Path, how: str) -> str:
        """Before or after, never in between; the file sound either way."""
        state = self.state(database)
        if state == self.before:
            outcome = "before"
        elif state == self.after:
            outcome = "after"
        else:
            changed = sorted(table for table in state if state[table] != self.before.get(table))
            unfinished = sorted(table for table in state if state[table] != self.after.get(table))
            pytest.fail(
                f"{self.name} killed {how}: the database is half-written "
                f"(differs from before in {changed}, from after in {unfinished})"
            )
        assert integrity(database) == ["ok"], f"{self.name} killed {how}: integrity_check failed"
        assert _foreign_key_problems(database) == [], f"{self.name} killed {how}: foreign_key_check failed"
        self.outcomes.append(f"{how}: {outcome}")
        return outcome


def _sizes(database: Path) -> tuple[int, int]:
    try:
        wal = os.path.getsize(f"{database}-wal")
    except OSError:
        wal = 0
    try:
        size = os.path.getsize(database)
    except OSError:
        size = 0
    return wal, size


def _watch(process: subprocess.Popen, database: Path, fire: Callable[[int, int], bool]) -> int:
    """Poll the file and its WAL every millisecond until the process ends or `fire` says
    so (then SIGKILL it); returns the largest WAL seen."""
    peak = 0
    while process.poll() is None:
        wal, size = _sizes(database)
        peak = max(peak, wal)
        if fire(wal, size):
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.001)
    process.wait()
    return peak


def _kill_after(case: Case, label: str, delay: float) -> str:
    database, data = case.fresh(label)
    process = case.start(database, data)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    _out, err = process.communicate()
    killed = process.returncode == -signal.SIGKILL
    assert killed or process.returncode == 0, err
    return case.judge(database, f"after {delay:.2f}s" + ("" if killed else " (had finished)"))


def _kill_when(
    case: Case, label: str, how: str, fire: Callable[[Path, Path, int, int], bool], keep_as_killed: bool = False
) -> Path:
    """Kill the command when `fire(database, data folder, WAL size, file size)` says so.
    With `keep_as_killed`, a copy is judged and the file is returned as the kill left it
    (its WAL not yet recovered), for the command to run on again."""
    database, data = case.fresh(label)
    process = case.start(database, data)
    _watch(process, database, lambda wal, size: fire(database, data, wal, size))
    process.communicate()
    finished = "" if process.returncode == -signal.SIGKILL else " (had finished)"
    judged = database
    if keep_as_killed:
        judged = case.folder / f"{label}-judged.sqlite"
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{database}{suffix}").exists():
                shutil.copyfile(f"{database}{suffix}", f"{judged}{suffix}")
    case.judge(judged, how + finished)
    return database


def _random_kills(case: Case) -> None:
    rng = random.Random(f"{SEED}:{case.name}")
    for trial in range(TRIALS):
        _kill_after(case, f"random-{trial}", rng.uniform(0, case.duration))


def _report(case: Case) -> None:
    print(f"\n{case.name}: full run {case.duration:.2f}s, WAL peak {case.wal_peak:,} bytes")
    for outcome in case.outcomes:
        print(f"  killed {outcome}")


# ----------------------------------------------------------------------------- import


@pytest.fixture(scope="module")
def import_case(tmp_path_factory) -> Case:
    """Employees only in the file; the rest of a 2,000-employee demo's export to import."""
    folder = tmp_path_factory.mktemp("crash-import")
    demo = open_store(folder / "demo.sqlite")
    try:
        write_demo(demo, today=DEMO_DAY, employees=IMPORT_EMPLOYEES)
        export_all(demo, folder / "export")
    finally:
        demo.close()
    base = open_store(folder / "employees.sqlite")
    try:
        import_files(base, [folder / "export" / "employees.csv"])
    finally:
        base.close()
    case = Case(
        "import",
        folder,
        folder / "employees.sqlite",
        lambda database, _data: ["--db", str(database), "import", str(folder / "export")],
        digest,
    )
    case.measure()
    return case


def test_a_killed_import_leaves_the_file_as_before_or_fully_imported(import_case):
    case = import_case
    _random_kills(case)
    # The riskiest moments: the commit writing its pages to the WAL, the checkpoint copying
    # them into the file (the reference run showed how far each goes).
    original_size = case.original.stat().st_size
    killed = _kill_when(case, "commit", "while the commit writes the WAL",
                        lambda _db, _data, wal, _size: wal > case.wal_peak // 3, keep_as_killed=True)
    _kill_when(case, "checkpoint", "while the checkpoint copies the WAL back",
               lambda _db, _data, wal, size: wal > case.wal_peak // 2 and size > original_size)
    _report(case)
    # The same import again on the file as the mid-commit kill left it (SQLite rolls the
    # unfinished WAL back when it opens it): it finishes the job.
    data = case.folder / "again-data"
    again = run_advocacy(*case.command(killed, data), env=case.env(data))
    assert again.returncode == 0, again.stderr
    assert case.judge(killed, "mid-commit, then imported again") == "after"


# ------------------------------------------------------------------------------- tick


@pytest.fixture(scope="module")
def tick_case(tmp_path_factory) -> Case:
    """The demo (as of a Monday) and the tick of the next Monday: a drop and reminders."""
    folder = tmp_path_factory.mktemp("crash-tick")
    demo = open_store(folder / "demo.sqlite")
    try:
        write_demo(demo, today=DEMO_DAY)
    finally:
        demo.close()
    case = Case(
        "tick",
        folder,
        folder / "demo.sqlite",
        lambda database, _data: ["--db", str(database), "tick", "--today", NEXT_MONDAY],
        content_digest,  # a drop's deliveries get fresh ids every run
    )
    case.measure()
    return case


def _outbox(data: Path) -> Path:
    return data / "advocacy" / "outbox"


def _reminders(data: Path) -> dict[str, bytes]:
    folder = _outbox(data)
    if not folder.exists():
        return {}
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.suffix == ".eml"}


def test_a_killed_tick_leaves_the_file_as_before_or_ticked(tick_case):
    case = tick_case
    reference = _reminders(case.folder / "reference-data")
    assert reference, "the reference tick wrote no reminders"
    _random_kills(case)
    # Inside the transaction: the reminder files are written before it commits. (Its commit
    # writes ~160 KB to the WAL, too quick to catch from outside.)
    killed = _kill_when(case, "reminders", "while writing the reminder files",
                        lambda _db, data, _wal, _size: _outbox(data).exists() and any(_outbox(data).iterdir()))
    _report(case)
    # The next run on the killed copy does the whole tick, and writes the same reminders.
    data = case.folder / "again-data"
    again = run_advocacy(*case.command(killed, data), env=case.env(data))
    assert again.returncode == 0, again.stderr
    assert case.judge(killed, "and run again") == "after"
    assert _reminders(data) == reference
