"""CSV import: one transaction for every file of a call, streamed in chunks.

The entity comes from the file's name (`csv_columns.ENTITY_FILES`); files run in that
order, so an employees.csv in the same call counts for the emails the later files name.

Matching and counts, per row:
- A row matches ours by `id`; a row without an id matches by its natural key (employee:
  email, ignoring case; score: employee + scorer + scored_on; enrollment: employee), and
  otherwise is new with a fresh id. A row without `updated_at` is stamped `now`.
- No match: inserted; counted *new*, or *deleted* when it carries `deleted_at` (a tombstone
  for a row we never had is kept as a tombstone, so round trips hold).
- File's `updated_at` newer than ours: the file's values replace ours (only the columns the
  file has); counted *deleted* when the row carries `deleted_at` and ours was live, else
  *updated* (even when the values happen to be the same).
- Equal `updated_at`: *unchanged*. Older: *stale*. Ours is left alone in both cases.
- One live enrollment per employee (the schema's rule): when two copies enrolled the same
  person separately, the newer enrollment (updated_at, then id) stays and the other is
  made a tombstone stamped with the winner's updated_at, so both copies settle on the same
  rows; it counts as *deleted* and the file's warnings say so.

Any problem rejects the whole call: the transaction is rolled back, and `ImportRejected`
names the first 20 problems (file, line, column, reason) and counts the rest. After the
first problem nothing more is written, but every file is still read to the end.
`dry_run=True` does the same checks and counts and writes nothing.

Memory stays flat as files grow: records are read one at a time and written in chunks of
CHUNK with Core executemany; what is kept per file is the set of ids seen (to catch a
duplicate) and, for the call, the employees' email -> id map.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Sequence

from sqlalchemy import delete
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from advocacy_tui.store import csv_tables as tables
from advocacy_tui.store.audit import STAMP_KEY as AUDIT_STAMP_KEY
from advocacy_tui.store.csv_columns import ENTITY_FILES, REFERENCES, spec_for, stamp_of
from advocacy_tui.store.csv_merge import CHUNK, FileCounts, FileImport
from advocacy_tui.store.csv_rows import ImportRejected, Problem, ProblemLog
from advocacy_tui.store.database import Store, describe, lock_writers, one_snapshot
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import StoreMeta, utcnow

__all__ = [
    "CHUNK",
    "FileCounts",
    "ImportRejected",
    "ImportReport",
    "Problem",
    "expand_paths",
    "import_files",
]

SQLITE_BULK_CACHE_KIB = 32768


@dataclass
class ImportReport:
    files: list[FileCounts]
    dry_run: bool


# --------------------------------------------------------------------------- paths


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Folders expand to the entity files they hold; every file must be named after its
    entity. The result is in dependency order (ENTITY_FILES)."""
    found: list[Path] = []
    problems: list[Problem] = []
    names = ", ".join(ENTITY_FILES)
    for path in map(Path, paths):
        if path.is_dir():
            inside = {child.name.lower(): child for child in sorted(path.iterdir()) if child.is_file()}
            matched = [inside[name] for name in ENTITY_FILES if name in inside]
            if not matched:
                problems.append(Problem(str(path), None, None, f"this folder holds none of the files {names}"))
            found.extend(matched)
        elif path.exists():
            if spec_for(path.name) is None:
                problems.append(
                    Problem(path.name, None, None, f"cannot tell which entity this file holds; name it one of: {names}")
                )
            else:
                found.append(path)
        else:
            problems.append(Problem(str(path), None, None, "there is no such file or folder"))
    if problems:
        raise ImportRejected(problems)
    return sorted(found, key=lambda path: ENTITY_FILES.index(path.name.lower()))


def _one_per_entity(paths: list[Path]) -> None:
    first: dict[str, Path] = {}
    problems = []
    for path in paths:
        entity = path.name.lower()
        if entity in first and first[entity].resolve() != path.resolve():
            problems.append(
                Problem(path.name, None, None, f"{first[entity]} and {path} both hold {entity}; import them one at a time")
            )
        first.setdefault(entity, path)
    if problems:
        raise ImportRejected(problems)


# --------------------------------------------------------------------------- the call


def import_files(
    store: Store,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> ImportReport:
    """Import the files in one transaction; ImportRejected (nothing written) on any problem."""
    files = expand_paths(paths)
    _one_per_entity(files)
    unique: list[Path] = []
    for path in files:
        if all(path.resolve() != other.resolve() for other in unique):
            unique.append(path)
    if store.read_only and not dry_run:
        raise StoreError(f"{store.target} is read-only{store.read_only_reason}: nothing was imported.")
    try:
        with store.engine.connect() as connection:
            call = ImportCall(connection, dry_run=dry_run, now_stamp=stamp_of(now or utcnow()), progress=progress)
            return ImportReport(call.run(unique), dry_run)
    except SQLAlchemyError as error:
        raise StoreError(describe(error, store)) from None


class ImportCall:
    """The state one call shares across its files."""

    def __init__(self, connection: Connection, *, dry_run: bool, now_stamp: str, progress) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.dry_run = dry_run
        self.now_stamp = now_stamp
        self.progress = progress
        self.log = ProblemLog()
        self._emails: dict[str, str] | None = None
        self.known: dict[str, set[str]] = {kind: set() for kind in REFERENCES}
        self.rewrote_audit = False
        self.restore: list[str] = []

    @property
    def writing(self) -> bool:
        return not self.dry_run and not self.log

    @property
    def emails(self) -> dict[str, str]:
        if self._emails is None:
            self._emails = tables.employee_emails(self.connection)
        return self._emails

    def run(self, paths: list[Path]) -> list[FileCounts]:
        connection = self.connection
        if self.sqlite:
            # One snapshot for every look-up, and the write lock from the start when writing
            # (a deferred transaction could fail to upgrade if another program wrote first).
            connection.exec_driver_sql("BEGIN" if self.dry_run else "BEGIN IMMEDIATE")
        elif self.dry_run:
            one_snapshot(connection)
        else:
            lock_writers(connection)  # PostgreSQL's counterpart of BEGIN IMMEDIATE
        try:
            if self.sqlite and not self.dry_run:
                self._bulk_pragmas()
            counts = [FileImport(self, path).run() for path in paths]
            if self.log:
                raise self.log.rejected()
            if self.dry_run:
                connection.rollback()
            else:
                if self.rewrote_audit:  # the audit ranking's cache no longer matches
                    connection.execute(delete(StoreMeta.__table__).where(StoreMeta.key == AUDIT_STAMP_KEY))
                connection.commit()
            return counts
        except BaseException:
            connection.rollback()
            raise
        finally:
            for statement in self.restore:
                connection.exec_driver_sql(statement)

    def _bulk_pragmas(self) -> None:
        """A larger page cache while the random-key indexes (UUID ids) grow. The CHECK
        constraints stay on: they back up the checks made here at little cost."""
        connection = self.connection
        cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        self.restore = [f"PRAGMA cache_size = {int(cache)}"]
        connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")


