"""The employee search index behind the Candidates filter (schema v5).

The filter keeps an employee when every word of its text is a case-insensitive substring
of their name, department or title: `column ILIKE '%word%'` (on SQLite `column LIKE
'%word%'`, which means the same there). An infix LIKE cannot use a b-tree index, so on
its own it reads every employee at every keystroke.

On SQLite an FTS5 table with the trigram tokenizer (SQLite 3.34 or later) indexes the
three columns. It is an external-content table over `employee` (it stores only the index,
keyed by the employee's rowid), kept in step by three triggers, so every writer (the ORM,
the CSV import's executemany, raw SQL) updates it with the row; the bulk loads (demo, CSV
import into an empty table) drop the triggers and build the index once after the load
(`pause_for_bulk_load`). The rowid of a table with a text primary key is stable (SQLite's
VACUUM keeps it too); should anything ever renumber employees, `SQLITE_REBUILD` rebuilds
the index from the table.

The index only narrows the rows: the LIKE conditions stay in the query and decide, so the
filter's results are the same with and without it (the trigram tokenizer folds case for
all of Unicode, LIKE only for ASCII: the index may offer a row LIKE then refuses, never
the other way round). Words of fewer than three characters (a trigram index cannot look
them up) and the LIKE wildcards `%` and `_` inside a word are left to LIKE alone.

On PostgreSQL the pg_trgm extension's GIN indexes serve ILIKE directly; when the
extension cannot be created (it needs the right to create it in the database), the
indexes are skipped and the filter reads every employee, as before.

A file without the index (SQLite without trigram, or a v5 file written before the index
existed) filters with LIKE alone.
"""

from __future__ import annotations

import re
import weakref

from sqlalchemy import column, func, literal_column, select, table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement

SEARCH_TABLE = "employee_search"
COLUMNS = ("name", "department", "title")
TRIGRAM_SINCE = (3, 34, 0)
MIN_TERM = 3  # the trigram tokenizer cannot look up anything shorter

_LIST = ", ".join(COLUMNS)
_NEW = ", ".join(f"new.{name}" for name in COLUMNS)
_OLD = ", ".join(f"old.{name}" for name in COLUMNS)
_DELETE_OLD = (
    f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, {_LIST}) VALUES ('delete', old.rowid, {_OLD});"
)
_INSERT_NEW = f"INSERT INTO {SEARCH_TABLE}(rowid, {_LIST}) VALUES (new.rowid, {_NEW});"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5({_LIST}, "
    "content='employee', content_rowid='rowid', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_ai AFTER INSERT ON employee BEGIN {_INSERT_NEW} END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_ad AFTER DELETE ON employee BEGIN {_DELETE_OLD} END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_au AFTER UPDATE OF {_LIST} ON employee "
    f"BEGIN {_DELETE_OLD} {_INSERT_NEW} END",
)
SQLITE_REBUILD = f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')"

POSTGRESQL_EXTENSION = "pg_trgm"
POSTGRESQL_INDEXES = tuple(
    f"CREATE INDEX IF NOT EXISTS ix_employee_{name}_trgm ON employee USING gin ({name} gin_trgm_ops)"
    for name in COLUMNS
)


# --------------------------------------------------------------------------- creating


def sqlite_has_trigram(connection: Connection) -> bool:
    """Whether this SQLite library has FTS5 and its trigram tokenizer (3.34 or later)."""
    version = connection.exec_driver_sql("SELECT sqlite_version()").scalar()
    if tuple(int(part) for part in str(version).split(".")[:3]) < TRIGRAM_SINCE:
        return False
    return bool(connection.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar())


def create_employee_search(connection: Connection) -> bool:
    """Create the index over the employees already there, and what keeps it up to date;
    True if there is one now. Safe to run again."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        if not sqlite_has_trigram(connection):
            return False
        for statement in SQLITE_DDL:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(SQLITE_REBUILD)
        return True
    if dialect == "postgresql":
        return _create_postgresql(connection)
    return False


def _create_postgresql(connection: Connection) -> bool:
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it;
    # a role that may not gets an error, which must not abort the transaction around it.
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {POSTGRESQL_EXTENSION}")
    except DBAPIError:
        return False
    for statement in POSTGRESQL_INDEXES:
        connection.exec_driver_sql(statement)
    return True


class PausedSearch:
    """The employee search's triggers, dropped while employees are written wholesale (a bulk
    load into an empty table, or deleting them all; `pause_for_bulk_load`). It stands in
    the list of indexes a loader re-creates after the load: `create()` puts the triggers
    back and builds the index once over every row there is.

    Kept up to date row by row, the index makes loading 100,000 employees about three
    times slower; built once after, it adds a fifth. Like the dropped indexes, the drop is
    DDL inside the load's transaction: a rolled-back load puts the triggers back too.
    """

    name = SEARCH_TABLE

    def create(self, connection: Connection, **_kw) -> None:
        for statement in SQLITE_DDL[1:]:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(SQLITE_REBUILD)


def pause_for_bulk_load(connection: Connection) -> list[PausedSearch]:
    """Drop the employee search's triggers, if the database has them; returns what puts
    them back (an empty list when there is nothing to put back)."""
    if connection.dialect.name != "sqlite":
        return []
    triggers = [f"{SEARCH_TABLE}_{suffix}" for suffix in ("ai", "ad", "au")]
    found = connection.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)", tuple(triggers)
    ).scalar()
    if not found:
        return []
    for name in triggers:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    return [PausedSearch()]


# --------------------------------------------------------------------------- reading

# Engines whose database has the SQLite index (only found ones are remembered: an index
# created later, by an upgrade in another program, is found at the next look).
_INDEXED: "weakref.WeakKeyDictionary[object, bool]" = weakref.WeakKeyDictionary()


def sqlite_index_ready(session) -> bool:
    """Whether the database behind this session has the SQLite employee search index."""
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    if engine.dialect.name != "sqlite":
        return False
    if _INDEXED.get(engine):
        return True
    found = session.execute(
        select(literal_column("1"))
        .select_from(table("sqlite_master", column("type"), column("name")))
        .where(literal_column("type") == "table", literal_column("name") == SEARCH_TABLE)
    ).scalar() is not None
    if found:
        _INDEXED[engine] = True
    return found


_WILDCARDS = re.compile(r"[%_]+")


def match_query(words: list[str]) -> str | None:
    """The FTS5 query that every row matching all the words also matches (None when no
    word has a literal run of MIN_TERM characters): each such run as a quoted string,
    all of them ANDed. LIKE's wildcards split a word into its literal runs."""
    terms = []
    for word in words:
        for run in _WILDCARDS.split(word):
            if len(run) >= MIN_TERM:
                quoted = '"' + run.replace('"', '""') + '"'
                if quoted not in terms:
                    terms.append(quoted)
    return " AND ".join(terms) if terms else None


def count_matching(session, query: str) -> int:
    """How many employees (tombstones included) the index offers for this query."""
    search = table(SEARCH_TABLE)
    matching = select(func.count()).select_from(search).where(literal_column(SEARCH_TABLE).op("MATCH")(query))
    return session.execute(matching).scalar_one()


def employee_rowids_matching(query: str) -> ColumnElement[bool]:
    """`employee.rowid IN (rows of the index matching query)`."""
    search = table(SEARCH_TABLE, column("rowid"))
    matching = select(search.c.rowid).where(literal_column(SEARCH_TABLE).op("MATCH")(query))
    return literal_column("employee.rowid").in_(matching)
