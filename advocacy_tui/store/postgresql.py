"""The models' column types mean on PostgreSQL what they mean on SQLite.

SQLite keeps any length of text in a String(n) column and any 64-bit whole number in an
Integer one; PostgreSQL would refuse a 121st character in a VARCHAR(120) and a count past
2,147,483,647 in an INTEGER. A CSV file or a form that SQLite takes must not fail on the
team's server (the importers check counts against the 64-bit limit, csv_columns.MAX_INT),
so the tables PostgreSQL gets are created with SQLite's limits: VARCHAR without a length
(unbounded) and BIGINT, and parameters are sent as BIGINT. A CAST written in a query keeps
its type (PostgreSQL cannot cast a boolean to BIGINT, only to INTEGER).

A SUM over a BIGINT column comes back from PostgreSQL as NUMERIC, which the driver would
load as a Decimal; SQLite gives an int. `load_whole_numbers_as_int` makes a NUMERIC with
no fractional part an int again, so the figures are the same Python values on both.

Imported by `database`, before any schema is made.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import TypeClause


def _explicit_cast(kw) -> bool:
    """A CAST(... AS type) in a query, rather than a column in CREATE TABLE or a parameter."""
    return isinstance(kw.get("type_expression"), TypeClause)


@compiles(String, "postgresql")
def _unbounded_string(element, compiler, **kw):
    if _explicit_cast(kw):
        return compiler.visit_string(element, **kw)
    collation = f' COLLATE "{element.collation}"' if element.collation else ""
    return "VARCHAR" + collation


@compiles(Integer, "postgresql")
def _whole_number(element, compiler, **kw):
    if _explicit_cast(kw):
        return compiler.visit_integer(element, **kw)
    return "BIGINT"


def load_whole_numbers_as_int(dbapi_connection) -> None:
    """Register, on one psycopg connection, a NUMERIC loader giving int for whole values."""
    from psycopg.adapt import Loader

    class WholeNumericLoader(Loader):
        def load(self, data) -> int | Decimal:
            text = bytes(data)
            if text.lstrip(b"-").isdigit():
                return int(text)
            return Decimal(text.decode())

    dbapi_connection.adapters.register_loader("numeric", WholeNumericLoader)


def widen_columns(connection) -> None:
    """Give a server database that an older advocacy created (INTEGER, VARCHAR(n)) the same
    limits as a new one. Run after its schema steps; a column already wide is left alone,
    so a second coordinator's run changes nothing. One ALTER TABLE per table: each
    rewrites its table once."""
    from sqlalchemy import BigInteger, SmallInteger, inspect

    from advocacy_tui.store.models import Base

    inspector = inspect(connection)
    for table in Base.metadata.sorted_tables:
        found = {column["name"]: column["type"] for column in inspector.get_columns(table.name)}
        changes = []
        for column in table.columns:
            kind = found.get(column.name)
            if kind is None:
                continue
            if isinstance(column.type, Integer) and not isinstance(column.type, (BigInteger, SmallInteger)):
                if not isinstance(kind, BigInteger):
                    changes.append(f'ALTER COLUMN "{column.name}" TYPE BIGINT')
            elif isinstance(column.type, String) and getattr(kind, "length", None):
                changes.append(f'ALTER COLUMN "{column.name}" TYPE VARCHAR')
        if changes:
            connection.exec_driver_sql(f'ALTER TABLE "{table.name}" ' + ", ".join(changes))
