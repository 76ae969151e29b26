"""Looking after the database file: `advocacy backup` and `advocacy check`.

A backup goes through SQLite's online backup API in one step: it reads one snapshot of the
file (a WAL reader never blocks the writer, and the writer never blocks it), so the copy
is consistent even while the app, the tick or an import is writing. The copy is private
(mode 0600) and never replaces an existing file.

A check reads and never writes (the file is opened read-only, and not upgraded): SQLite's
own integrity and foreign-key checks, then every reference between tables looked up by
hand (they also catch rows written with foreign keys off, by raw SQL or by an older
version, and work on PostgreSQL), the schema version, and the config file.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from advocacy_tui.errors import ConfigError
from advocacy_tui.store.database import BUSY_TIMEOUT_MS, Store, describe
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.files import SCHEMA_VERSION, check_sqlite_file, sidecars_blocked
from advocacy_tui.store.models import ENTITIES, Base
from advocacy_tui.store.search import SEARCH_TABLE

# How many ids (or messages) a finding quotes before it says "and N more".
QUOTED = 3


# --------------------------------------------------------------------------- backup


@dataclass
class Backup:
    path: Path
    size: int
    rows: dict[str, int] = field(default_factory=dict)


def default_backup_path(database: Path, now: datetime | None = None) -> Path:
    """Next to the file, named with the time: program.sqlite.backup-20261125-2301.sqlite
    (with seconds when a backup of that minute exists already)."""
    now = now or datetime.now()
    path = database.with_name(f"{database.name}.backup-{now:%Y%m%d-%H%M}.sqlite")
    if path.exists():
        path = database.with_name(f"{database.name}.backup-{now:%Y%m%d-%H%M%S}.sqlite")
    return path


def backup_sqlite(database: Path, destination: Path | None = None, *, now: datetime | None = None) -> Backup:
    """Copy the SQLite file `database` to `destination` (a file, or a folder to put the
    default name in; default: next to the file). Refuses to overwrite anything."""
    database = Path(database)
    if not database.exists():
        raise StoreError(f"There is no database at {database}.")
    check_sqlite_file(database)
    if destination is None:
        destination = default_backup_path(database, now)
    elif destination.is_dir():
        destination = default_backup_path(destination / database.name, now)
    if destination.exists() or destination.is_symlink():
        raise StoreError(f"{destination} already exists; nothing was written. Choose another name.")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(destination, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise StoreError(f"{destination} already exists; nothing was written. Choose another name.") from None
    except OSError as error:
        raise StoreError(f"Cannot create {destination}: {error.strerror}.") from None
    os.close(descriptor)
    try:
        rows = _copy(database, destination)
        os.chmod(destination, 0o600)
    except BaseException as error:
        for leftover in (destination, *(Path(f"{destination}{suffix}") for suffix in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error):
            raise StoreError(f"The backup failed: {describe(error, where=str(destination))}") from None
        if isinstance(error, OSError):
            raise StoreError(f"The backup failed: {destination}: {error.strerror}.") from None
        raise
    return Backup(destination, destination.stat().st_size, rows)


def _copy(database: Path, destination: Path) -> dict[str, int]:
    """Copy, then count the copy's rows; the copy is one self-contained file (no -wal)."""
    flags = "mode=ro&immutable=1" if sidecars_blocked(database) else "mode=ro"
    try:
        source = sqlite3.connect(f"file:{database}?{flags}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise StoreError(f"Cannot read {database}: {describe(error, where=str(database))}") from None
    try:
        target = sqlite3.connect(destination)
        try:
            # One step (pages=-1): one read snapshot, so writers may go on meanwhile and the
            # copy is still the file as it was at one moment.
            source.backup(target, pages=-1)
            # The copy would say WAL like its source; a backup is better as a single file
            # (advocacy turns WAL back on when it opens it).
            target.execute("PRAGMA journal_mode = DELETE")
            return table_rows(target)
        finally:
            target.close()
    finally:
        source.close()


def table_rows(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (every row, tombstones included): the entities first, in the
    models' order, then the rest by name. The employee search index (a virtual table and
    its shadow tables, derived from the employees) is not listed."""
    names = {
        row[0]
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith(SEARCH_TABLE)
    }
    order = [model.__tablename__ for model in ENTITIES if model.__tablename__ in names]
    order += sorted(names - set(order) - {"sqlite_sequence"})
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in order}


# --------------------------------------------------------------------------- check


@dataclass
class Finding:
    """One check's outcome, as one line: "ok ..." or the problem, with counts and ids."""

    check: str
    summary: str
    problem: bool = False

    def line(self) -> str:
        return f"{self.check + ':':<14} {self.summary}"


def _quoted(ids: list[str], count: int) -> str:
    shown = ", ".join(str(value) for value in ids[:QUOTED])
    more = f" and {count - QUOTED:,} more" if count > QUOTED else ""
    return f"{shown}{more}"


def check_integrity(store: Store) -> Finding:
    if not store.is_sqlite:
        return Finding("integrity", "ok (the server checks its own pages)")
    try:
        with store.engine.connect() as connection:
            messages = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check(100)")]
    except SQLAlchemyError as error:  # so damaged that the check itself cannot finish
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return Finding("integrity", f"the file is damaged ({reason})", problem=True)
    if messages == ["ok"]:
        return Finding("integrity", "ok")
    shown = "; ".join(messages[:QUOTED]) + (f"; and {len(messages) - QUOTED} more" if len(messages) > QUOTED else "")
    return Finding("integrity", f"{len(messages)} problem(s): {shown}", problem=True)


def check_foreign_keys(store: Store) -> Finding:
    """SQLite's own foreign_key_check: rows whose declared foreign keys point at nothing."""
    if not store.is_sqlite:
        return Finding("foreign keys", "ok (the server enforces them)")
    counts: dict[tuple[str, str], int] = {}
    rowids: dict[tuple[str, str], list[int]] = {}
    with store.engine.connect() as connection:
        for table, rowid, parent, _key in connection.exec_driver_sql("PRAGMA foreign_key_check"):
            counts[table, parent] = counts.get((table, parent), 0) + 1
            if rowid is not None and len(rowids.setdefault((table, parent), [])) < QUOTED:
                rowids[table, parent].append(rowid)
        parts = []
        for (table, parent), count in sorted(counts.items()):
            ids = [
                connection.exec_driver_sql(f'SELECT id FROM "{table}" WHERE rowid = ?', (rowid,)).scalar() or f"rowid {rowid}"
                for rowid in rowids.get((table, parent), [])
            ]
            parts.append(f"{table} -> {parent} {count:,} ({_quoted(ids, count)})")
    if not counts:
        return Finding("foreign keys", "ok")
    return Finding(
        "foreign keys", f"{sum(counts.values()):,} row(s) point at missing rows: " + "; ".join(parts), problem=True
    )


def references() -> list[tuple[str, str, str, str]]:
    """Every reference between tables the models declare: (table, column, parent, key)."""
    found = []
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            found.append((table.name, key.parent.name, key.column.table.name, key.column.name))
    return sorted(found)


def check_orphans(store: Store) -> Finding:
    """Rows whose references point at rows that are not there (tombstoned rows are there):
    looked up one reference at a time, whatever the file's foreign-key constraints say."""
    problems = []
    checked = 0
    with store.engine.connect() as connection:
        inspector = inspect(connection)
        tables = set(inspector.get_table_names())
        columns = {name: {column["name"] for column in inspector.get_columns(name)} for name in tables}
        for table, column, parent, key in references():
            if table not in tables or parent not in tables or column not in columns[table]:
                continue
            checked += 1
            missing = (
                f'FROM "{table}" child WHERE child."{column}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM "{parent}" p WHERE p."{key}" = child."{column}")'
            )
            count = connection.execute(text(f"SELECT count(*) {missing}")).scalar() or 0
            if count:
                label = "employee_id" if table == "audit_rank" else "id"
                ids = connection.execute(text(f'SELECT child."{label}" {missing} LIMIT {QUOTED}')).scalars().all()
                problems.append((f"{table}.{column}", parent, count, list(ids)))
    if not problems:
        return Finding("orphans", f"ok ({checked} references checked)")
    total = sum(count for _, _, count, _ in problems)
    parts = [
        f"{where} {count:,} with no {parent} ({_quoted(ids, count)})" for where, parent, count, ids in problems
    ]
    return Finding("orphans", f"{total:,} row(s) point at missing rows: " + "; ".join(parts), problem=True)


def check_schema(store: Store) -> Finding:
    with store.engine.connect() as connection:
        if "store_meta" not in set(inspect(connection).get_table_names()):
            return Finding("schema", "no schema version: this is not an advocacy database", problem=True)
        value = connection.execute(text("SELECT value FROM store_meta WHERE key = 'schema_version'")).scalar()
    try:
        version = int(value)
    except (TypeError, ValueError):
        return Finding("schema", f"the schema version is {value!r}, not a number", problem=True)
    if version == SCHEMA_VERSION:
        return Finding("schema", f"ok (version {version})")
    if version < SCHEMA_VERSION:
        return Finding(
            "schema",
            f"version {version}, this advocacy writes {SCHEMA_VERSION}: opening it with advocacy "
            "upgrades it (after a backup copy)",
            problem=True,
        )
    return Finding("schema", f"version {version} is newer than this advocacy ({SCHEMA_VERSION}): upgrade advocacy", problem=True)


def check_config(config_path: Path) -> Finding:
    from advocacy_tui.config import load_settings

    try:
        load_settings(config_path)
    except ConfigError as error:
        return Finding("config", str(error), problem=True)
    if not config_path.exists():
        return Finding("config", f"ok (no {config_path}: the defaults)")
    return Finding("config", f"ok ({config_path})")


def check_store(store: Store) -> list[Finding]:
    """The database's checks, in order; a driver error becomes a failed check."""
    findings = []
    for check in (check_integrity, check_foreign_keys, check_orphans, check_schema):
        name = check.__name__.removeprefix("check_").replace("_", " ")
        try:
            findings.append(check(store))
        except StoreError as error:
            findings.append(Finding(name, str(error), problem=True))
        except SQLAlchemyError as error:  # a damaged file fails a check, not the command
            findings.append(Finding(name, describe(error, store), problem=True))
    return findings
