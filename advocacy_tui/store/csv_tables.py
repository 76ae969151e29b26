"""The import's side of the database: chunked look-ups and executemany writes with Core.

Statements are Core `insert()` / `update()` constructs, compiled once per file. On SQLite
they run through the driver's executemany with plain tuples in the stored forms the
parsers produce (dates and timestamps as text), which skips SQLAlchemy's per-row parameter
processing; on other databases the same statements run through `Connection.execute` with
dicts of Python values.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Iterable

from sqlalchemy import String, bindparam, exists, func, insert, select, type_coerce, update
from sqlalchemy.engine import Connection
from sqlalchemy.schema import DropIndex

from advocacy_tui.store import search
from advocacy_tui.store.csv_columns import DATE, STAMP, TOKEN, EntitySpec, driver_value, format_date, stamp_of
from advocacy_tui.store.models import Employee, Enrollment

LOOKUP_CHUNK = 900  # well under every database's limit on bound parameters
SQLITE_DRIVER_PATH = True  # tests turn it off to run the portable path on SQLite


def stored_stamp(value: object) -> str | None:
    """A timestamp as read back (text on SQLite, datetime elsewhere) -> the stored form."""
    if value is None:
        return None
    if isinstance(value, str):
        return (value.replace("T", " ") + ".000000")[:26]
    return stamp_of(value)  # type: ignore[arg-type]


def _chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class TableWriter:
    """Compiled insert and update statements for one file's columns."""

    def __init__(self, connection: Connection, spec: EntitySpec, update_attrs: list[str]):
        self.connection = connection
        self.spec = spec
        table = spec.table
        self.fast = SQLITE_DRIVER_PATH and connection.dialect.name == "sqlite"
        kinds = {column.attr: column.kind for column in spec.columns}
        kinds["created_at"] = STAMP
        self.kinds = kinds
        self.insert_attrs = [column.name for column in table.columns]
        self.insert_statement = insert(table)
        setters = {}
        for attr in update_attrs:
            parameter = bindparam(f"v_{attr}")
            if kinds.get(attr) == TOKEN:  # an empty token keeps ours
                setters[attr] = func.coalesce(parameter, table.c[attr])
            else:
                setters[attr] = parameter
        self.update_attrs = update_attrs
        self.update_statement = update(table).where(table.c.id == bindparam("row_id")).values(setters)
        if self.fast:
            dialect = connection.dialect
            compiled = self.insert_statement.compile(dialect=dialect, column_keys=self.insert_attrs)
            self.insert_sql = compiled.string
            # created_at is the row's updated_at (the earliest moment this copy knows of).
            names = ["updated_at" if name == "created_at" else name for name in compiled.positiontup]
            self.insert_row = itemgetter(*names)
            compiled = self.update_statement.compile(dialect=dialect)
            names = [name.removeprefix("v_") if name != "row_id" else "id" for name in compiled.positiontup]
            assert set(names) <= set(update_attrs) | {"id"}, names
            self.update_sql = compiled.string
            self.update_row = itemgetter(*names)

    def retire(self, rows: list[tuple[str, str]]) -> None:
        """Make rows tombstones: (id, stamp) -> updated_at = deleted_at = stamp."""
        if not rows:
            return
        table = self.spec.table
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(updated_at=bindparam("stamp"), deleted_at=bindparam("stamp_again"))
        )
        if self.fast:
            compiled = statement.compile(dialect=self.connection.dialect)
            order = {"row_id": 0, "stamp": 1, "stamp_again": 1}
            self.connection.exec_driver_sql(
                compiled.string, [tuple(row[order[name]] for name in compiled.positiontup) for row in rows]
            )
            return
        self.connection.execute(
            statement,
            [{"row_id": ident, "stamp": driver_value(STAMP, stamp), "stamp_again": driver_value(STAMP, stamp)} for ident, stamp in rows],
        )

    def insert(self, rows: list[dict]) -> None:
        if not rows:
            return
        if self.fast:
            self.connection.exec_driver_sql(self.insert_sql, list(map(self.insert_row, rows)))
            return
        self.connection.execute(
            self.insert_statement,
            [self._portable({**row, "created_at": row["updated_at"]}, self.insert_attrs) for row in rows],
        )

    def update(self, rows: list[dict]) -> None:
        if not rows:
            return
        if self.fast:
            self.connection.exec_driver_sql(self.update_sql, list(map(self.update_row, rows)))
            return
        parameters = []
        for row in rows:
            portable = self._portable(row, self.update_attrs)
            parameters.append({"row_id": row["id"], **{f"v_{attr}": portable[attr] for attr in self.update_attrs}})
        self.connection.execute(self.update_statement, parameters)

    def _portable(self, row: dict, attrs: list[str]) -> dict:
        kinds = self.kinds
        return {attr: driver_value(kinds.get(attr, ""), row[attr]) for attr in attrs}


# --------------------------------------------------------------------------- look-ups


def table_is_empty(connection: Connection, spec: EntitySpec) -> bool:
    return not connection.execute(select(exists().select_from(spec.table))).scalar()


def existing_by_id(connection: Connection, spec: EntitySpec, ids: list[str]) -> dict[str, tuple]:
    """id -> (updated_at, deleted, *extra) for the ids that exist; for employees the extra
    is the stored email."""
    table = spec.table
    columns = [table.c.id, type_coerce(table.c.updated_at, String), table.c.deleted_at.is_not(None)]
    if spec.model is Employee:
        columns.append(table.c.email)
    found: dict[str, tuple] = {}
    for part in _chunks(ids):
        for row in connection.execute(select(*columns).where(table.c.id.in_(part))):
            found[row[0]] = (stored_stamp(row[1]), bool(row[2]), *row[3:])
    return found


def natural_matches(connection: Connection, spec: EntitySpec, people: list[str]) -> dict[tuple, str]:
    """Natural key -> our id, for the scores, enrollments and deliveries of these people
    (the key's first attr: employee_id, or a delivery's advocate_id). Where several rows
    share a key the live one wins, then the latest."""
    table = spec.table
    person = table.c[spec.natural_key[0]]
    key_columns = [type_coerce(table.c[attr], String) for attr in spec.natural_key]
    query = select(table.c.id, table.c.deleted_at.is_(None), type_coerce(table.c.updated_at, String), *key_columns)
    best: dict[tuple, tuple] = {}
    date_attrs = {column.attr for column in spec.columns if column.kind == DATE}
    for part in _chunks(sorted(set(people))):
        for row in connection.execute(query.where(person.in_(part))):
            key = tuple(
                format_date(value) if attr in date_attrs else value
                for attr, value in zip(spec.natural_key, row[3:])
            )
            rank = (bool(row[1]), stored_stamp(row[2]) or "", row[0])
            if key not in best or rank > best[key]:
                best[key] = rank
    return {key: rank[2] for key, rank in best.items()}


def live_enrollments(connection: Connection, employee_ids: list[str]) -> list[tuple[str, str, str]]:
    """(id, employee_id, updated_at) of the live enrollments of these employees."""
    table = Enrollment.__table__
    query = select(table.c.id, table.c.employee_id, type_coerce(table.c.updated_at, String))
    found = []
    for part in _chunks(employee_ids):
        for ident, employee, stamp in connection.execute(
            query.where(table.c.employee_id.in_(part), table.c.deleted_at.is_(None))
        ):
            found.append((ident, employee, stored_stamp(stamp)))
    return found


def existing_ids(connection: Connection, spec: EntitySpec, ids: set[str]) -> set[str]:
    table = spec.table
    found: set[str] = set()
    for part in _chunks(sorted(ids)):
        found.update(connection.execute(select(table.c.id).where(table.c.id.in_(part))).scalars())
    return found


def token_owners(connection: Connection, tokens: list[str]) -> dict[str, str]:
    table = Employee.__table__
    owners: dict[str, str] = {}
    for part in _chunks(tokens):
        query = select(table.c.advocate_token, table.c.id).where(table.c.advocate_token.in_(part))
        owners.update({token: owner for token, owner in connection.execute(query)})
    return owners


def employee_emails(connection: Connection) -> dict[str, str]:
    """lower(email) -> id for every employee, tombstoned ones included (their rows travel)."""
    table = Employee.__table__
    return {email.lower(): ident for ident, email in connection.execute(select(table.c.id, table.c.email))}


def drop_secondary_indexes(connection: Connection, spec: EntitySpec, keep: frozenset[str] = frozenset()) -> list:
    """Drop an empty table's secondary indexes (but those named in `keep`) for a bulk load;
    returns them to re-create.

    Building an index once over the loaded rows is several times faster than keeping it up
    to date row by row, and DDL is transactional, so a rolled-back import puts them back.
    """
    indexes = sorted((index for index in spec.table.indexes if index.name not in keep), key=lambda index: index.name)
    for index in indexes:
        connection.execute(DropIndex(index, if_exists=True))
    if spec.model is Employee:  # the Candidates filter's search index: rebuilt once, too
        return [*indexes, *search.pause_for_bulk_load(connection)]
    return indexes

