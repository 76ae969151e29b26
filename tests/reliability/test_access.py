"""Access (issue 9, point 7): what leaves the program is safe to open, what it keeps on disk
is private, and what it prints names no one's secrets.

- Exported CSVs are formula-safe in every text column of every entity file (ids, emails,
  tokens, references and free text alike), on both export paths, and the `'` they gain is
  taken off again on import.
- The database file and its WAL and shared-memory files, the backup an upgrade writes and
  the SSH door's host key are created with mode 0600, even under a umask that would let
  everyone read them.
- The tick's output (what cron mails the coordinator) holds no advocate's token and no key,
  and each reminder carries its own advocate's token only; the advocate's own view (the
  `queue` command) and its refusals show no other advocate's token or key.

The scoping of the advocate API with ids of every entity is the property in
tests/store/test_desk.py; the SSH door's refusals and its log are in tests/door.
"""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from advocacy_tui.door.keys import load_or_create_host_key
from advocacy_tui.store import migrations
from advocacy_tui.store.cohort import add_ssh_key, withdraw
from advocacy_tui.store.csv_columns import (
    ASSET,
    CHOICE,
    COUNT,
    DATE,
    EMAIL,
    EMPLOYEE,
    ENTITY_FILES,
    FLAG,
    FORMULA_STARTS,
    ID,
    MARK,
    NUMBER,
    POST,
    REQUISITION,
    SPEC_BY_FILE,
    STAMP,
    TEXT,
    TEXT_KINDS,
    TOKEN,
    unneutralise,
)
from advocacy_tui.store.csv_export import export_all, export_file
from advocacy_tui.store.csv_import import import_files
from advocacy_tui.store.database import open_store
from advocacy_tui.store.migrations import backup_path
from advocacy_tui.store.models import Employee
from tests.advocate.harness import EMAIL as ADVOCATE, advocate_app, settle
from tests.conftest import TODAY
from tests.tui import screen_text

FIXTURES = Path(__file__).parent.parent / "fixtures"
STAMP_AT = datetime(2026, 11, 23, 9, 15, 2, 123456)
# Every start a spreadsheet runs as a formula, and quotes in front of one.
STARTS = [*FORMULA_STARTS, "'=", "''+"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(value: int):
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


# ----------------------------------------------------------------- formula-safe exports


def formula_row(spec, start: str, refs: dict[str, str]) -> dict:
    """One row of the file's entity with every text-kind cell starting with `start`; the
    other cells valid (an enrollment's dates all on one day pass the gate)."""
    tag = spec.file.removesuffix(".csv")[:10]
    row: dict = {}
    for column in spec.columns:
        kind = column.kind
        if kind == ID:
            value = f"{start}{tag}-1"
        elif kind == TEXT:
            value = f"{start}cmd|' /C calc'!A0 {column.name}"
        elif kind == EMAIL:
            value = f"{start}ada@example.com"
        elif kind == TOKEN:
            value = f"{start}tok"[:16]
        elif kind == EMPLOYEE:
            value = refs["employee"]
        elif kind in (ASSET, REQUISITION, POST):
            value = refs[kind]
        elif kind == CHOICE:
            value = column.choices[0]
        elif kind == DATE:
            value = date(2026, 11, 2)
        elif kind == COUNT:
            value = 1
        elif kind == MARK:
            value = 3
        elif kind == NUMBER:
            value = 0.5
        elif kind == FLAG:
            value = True
        elif kind == STAMP:
            value = STAMP_AT if column.attr == "updated_at" else None
        else:  # a kind this test does not know yet: it must be taught it
            raise AssertionError(f"{spec.file}: column {column.name} has the unknown kind {kind}")
        row[column.attr] = value
    return row


def text_cells(folder: Path) -> dict[tuple[str, str], str]:
    """(file, column) -> the cell, for every text-kind column of the one-row files."""
    import csv

    cells = {}
    for name in ENTITY_FILES:
        with (folder / name).open(newline="", encoding="utf-8") as handle:
            header, *rows = list(csv.reader(handle))
        assert len(rows) == 1, name
        kinds = {column.name: column.kind for column in SPEC_BY_FILE[name].columns}
        for column, cell in zip(header, rows[0]):
            assert not cell.startswith(FORMULA_STARTS), (name, column, cell)  # any cell at all
            if kinds[column] in TEXT_KINDS:
                cells[(name, column)] = cell
    return cells


@pytest.mark.parametrize("start", STARTS, ids=repr)
def test_every_text_column_of_every_file_is_exported_formula_safe_and_read_back(tmp_path, start):
    store = open_store(tmp_path / "program.sqlite")
    stored: dict[tuple[str, str], str] = {}
    try:
        refs: dict[str, str] = {}
        for name in ENTITY_FILES:  # dependency order: what a row refers to exists first
            spec = SPEC_BY_FILE[name]
            row = formula_row(spec, start, refs)
            with store.writing() as session:
                session.add(spec.model(**row))
            key = {"employees.csv": "employee", "assets.csv": ASSET, "requisitions.csv": REQUISITION, "posts.csv": POST}
            if name in key:
                refs[key[name]] = row["id"]
            for column in spec.columns:
                if column.kind == EMPLOYEE:  # a file names an employee by email
                    stored[(name, column.name)] = f"{start}ada@example.com"
                elif column.kind in TEXT_KINDS:
                    stored[(name, column.name)] = row[column.attr]
        export_all(store, tmp_path / "fast")  # SQLite: the database writes the lines
        with store.engine.connect() as connection:
            (tmp_path / "portable").mkdir()
            for name in ENTITY_FILES:  # every other database: csv.writer
                export_file(connection, SPEC_BY_FILE[name], tmp_path / "portable", fast=False)
    finally:
        store.close()
    for folder in ("fast", "portable"):
        cells = text_cells(tmp_path / folder)
        assert set(cells) == set(stored), "every text-kind column of every file is checked"
        for key, cell in cells.items():
            assert cell.startswith("'"), (folder, key, cell)
            assert unneutralise(cell) == stored[key], (folder, key, cell)
    if start.isspace():
        return  # an import strips spaces around ids, emails and tokens (by design): no round trip
    # And the quote comes off on the way in: an empty database exports the same bytes.
    again = open_store(tmp_path / "again.sqlite")
    try:
        import_files(again, [tmp_path / "fast"])
        export_all(again, tmp_path / "round")
    finally:
        again.close()
    for name in ENTITY_FILES:
        assert (tmp_path / "round" / name).read_bytes() == (tmp_path / "fast" / name).read_bytes(), name


# ----------------------------------------------------------------- files created 0600


def test_the_database_and_its_wal_and_shm_files_are_private_even_under_umask_0(tmp_path):
    path = tmp_path / "new" / "program.sqlite"
    with umask(0):
        store = open_store(path)
        try:
            with store.writing() as session:
                session.add(Employee(email="ada@example.com", name="Ada"))
            wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
            assert wal.exists() and shm.exists()
            assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
        finally:
            store.close()
    assert mode(path) == 0o600


def upgrade_old_file(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    path.chmod(0o600)
    with umask(0):
        open_store(path).close()
    return backup_path(path, 1)


def test_the_backup_an_upgrade_writes_is_private_even_under_umask_0(tmp_path):
    backup = upgrade_old_file(tmp_path)
    assert backup.exists() and mode(backup) == 0o600
    assert sqlite3.connect(backup).execute("SELECT value FROM store_meta").fetchone() == ("1",)


class _WatchedSqlite:
    """`sqlite3` as migrations sees it, noting the backup file's mode the moment the copy
    into it has finished (before any chmod after it)."""

    def __init__(self, seen: list[int]) -> None:
        self.seen = seen

    def __getattr__(self, name: str):
        return getattr(sqlite3, name)

    def connect(self, database, *args, **kwargs):
        connection = sqlite3.connect(database, *args, **kwargs)
        return _WatchedConnection(connection, Path(database), self.seen)


class _WatchedConnection:
    def __init__(self, connection: sqlite3.Connection, path: Path, seen: list[int]) -> None:
        self.connection, self.path, self.seen = connection, path, seen

    def __getattr__(self, name: str):
        return getattr(self.connection, name)

    def backup(self, target, *args, **kwargs):
        self.connection.backup(target.connection, *args, **kwargs)
        self.seen.append(mode(target.path))


def test_the_backup_an_upgrade_writes_is_never_readable_by_others_while_it_is_written(tmp_path, monkeypatch):
    seen: list[int] = []
    monkeypatch.setattr(migrations, "sqlite3", _WatchedSqlite(seen))
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    with umask(0o022):
        open_store(path).close()
    assert seen == [0o600]


def test_the_ssh_host_key_is_private_even_under_umask_0(tmp_path):
    path = tmp_path / "keys" / "host_key"
    with umask(0):
        key = load_or_create_host_key(path)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert load_or_create_host_key(path).public_data == key.public_data


# ----------------------------------------------------------------- no secrets in output


def secrets_of(db: Path) -> tuple[dict[str, str], list[str]]:
    """lower(email) -> advocate token for every employee, and every recorded key's base64."""
    connection = sqlite3.connect(db)
    try:
        tokens = {email.lower(): token for email, token in connection.execute("SELECT email, advocate_token FROM employee")}
        keys = [
            line.split()[1]
            for (text,) in connection.execute("SELECT ssh_keys FROM employee WHERE ssh_keys <> ''")
            for line in text.splitlines()
            if len(line.split()) > 1
        ]
    finally:
        connection.close()
    return tokens, keys


def public_key(tmp_path: Path, name: str) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(tmp_path / name)], check=True)
    return (tmp_path / f"{name}.pub").read_text()


@pytest.fixture
def keyed_demo(demo_db, tmp_path) -> Path:
    """The demo with SSH keys recorded for three enrolled advocates."""
    if not shutil.which("ssh-keygen"):
        pytest.skip("needs ssh-keygen")
    store = open_store(demo_db)
    try:
        for email_address in (ADVOCATE, "kai.lopez@northwind.example", "mei.andersen@northwind.example"):
            add_ssh_key(store, email_address, public_key(tmp_path, email_address.split("@")[0]))
    finally:
        store.close()
    return demo_db


def cli(db: Path, base: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(base / "data"), "XDG_CONFIG_HOME": str(base / "config")}
    env.pop("ADVOCACY_DB", None)
    config = base / "config.toml"
    config.write_text(f'[paths]\noutbox = "{base / "outbox"}"\nreports = "{base / "reports"}"\n')
    return subprocess.run(
        [sys.executable, "-m", "advocacy_tui", "--db", str(db), "--config", str(config), *args],
        capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL,
    )


def test_the_ticks_output_names_no_token_or_key_and_each_reminder_only_its_advocates(keyed_demo, tmp_path):
    tokens, keys = secrets_of(keyed_demo)
    assert len(keys) == 3
    outputs = []
    for day in (TODAY, TODAY + timedelta(days=6)):  # the Monday drop; Sunday's reminders
        result = cli(keyed_demo, tmp_path, "tick", "--today", day.isoformat())
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout + result.stderr)
    log = "\n".join(outputs)
    assert "Reminders: " in log and "Report: " in log
    for secret in [*tokens.values(), *keys]:
        assert secret not in log
    report = "".join(path.read_text() for path in (tmp_path / "reports").iterdir())
    assert not [token for token in tokens.values() if token in report]
    reminders = list((tmp_path / "outbox").iterdir())
    assert len(reminders) > 5
    # Reminder file names carry tokens: the folder itself is private, as are the files.
    assert (tmp_path / "outbox").stat().st_mode & 0o777 == 0o700
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in reminders)
    for path in reminders:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        (to,) = message["To"].addresses
        text = message.as_string() + message.get_body().get_content()
        assert tokens[to.addr_spec.lower()] in text  # their own tracked link
        others = [token for owner, token in tokens.items() if owner != to.addr_spec.lower() and token in text]
        assert others == [] and not [key for key in keys if key in text], path.name


async def test_the_advocates_own_view_shows_no_other_advocates_token_or_any_key(keyed_demo):
    tokens, keys = secrets_of(keyed_demo)
    own = tokens[ADVOCATE]
    others = [token for owner, token in tokens.items() if owner != ADVOCATE]
    with advocate_app(keyed_demo) as app:
        async with app.run_test(size=(160, 60)) as pilot:
            await settle(pilot)
            screens = [screen_text(app)]
            await pilot.press("2")  # their results
            await settle(pilot)
            screens.append(screen_text(app))
    shown = "\n".join(screens)
    assert own in shown  # the tracked link is theirs
    assert not [token for token in others if token in shown]
    assert not [key for key in keys if key in shown]


def test_the_queue_commands_refusals_name_no_token(keyed_demo, tmp_path):
    tokens, keys = secrets_of(keyed_demo)
    withdrawn = "kai.lopez@northwind.example"  # had a key and a token
    store = open_store(keyed_demo)
    try:
        with store.reading() as session:
            kai = session.scalars(select(Employee.id).where(Employee.email == withdrawn)).one()
        withdraw(store, kai, "moved on", TODAY, "test")
    finally:
        store.close()
    for args in (["--advocate", withdrawn], ["--advocate", "nobody@example.com"], ["--ssh-user", "grace"]):
        result = cli(keyed_demo, tmp_path, "queue", *args)
        assert result.returncode == 1, result
        assert result.stdout == "" and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        for secret in [*tokens.values(), *keys]:
            assert secret not in result.stderr
