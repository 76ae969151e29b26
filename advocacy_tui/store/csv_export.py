"""CSV export: the sixteen entity files, from one consistent snapshot of the database.

Every row is written, tombstones included, ordered by id, so two exports of the same data
are byte-identical (and an import of them into an empty database exports the same bytes
again). Each file is written to `<name>.tmp` and moved into place with `os.replace`, so a
reader never sees half a file. Text cells that a spreadsheet would run as a formula are
prefixed with `'` (see `csv_columns`). The dialect is `csv.writer`'s default: comma,
double quotes where needed (doubled inside), CRLF after each record.

On SQLite the database writes the lines itself: one Core SELECT per file formats every
cell (formula prefix, quoting, timestamp form, true/false) and joins them with `printf`,
and Python only puts in the employee's email for its id (a dict look-up; a join costs two
B-tree descents a row) and writes the text out. That keeps the export faster than a bare
`csv.writer` over a SELECT. Files with decimal numbers (baselines, surveys: small), and
every file on other databases, go through `csv.writer` with the cells formatted in Python;
tests hold both ways to the same bytes.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import String, case, func, literal, or_, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from advocacy_tui.store.csv_columns import (
    CHOICE,
    COUNT,
    DATE,
    EMPLOYEE,
    ENTITY_FILES,
    FLAG,
    FORMULA_STARTS,
    MARK,
    SPEC_BY_FILE,
    STAMP,
    TEXT_KINDS,
    EntitySpec,
    format_date,
    format_flag,
    format_stamp,
    neutralise,
)
from advocacy_tui.store.database import Store, describe, one_snapshot
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Employee

Progress = Callable[[str, int, int], None]
CHUNK = 5000
SQLITE_EXPORT_CACHE_KIB = 65536
LINE_END = "\r\n"  # csv.writer's (the excel dialect's) record terminator
QUOTE_TRIGGERS = ('"', ",", "\n", "\r")  # what makes csv.writer quote a cell (QUOTE_MINIMAL)
SQL_KINDS = TEXT_KINDS | {CHOICE, DATE, COUNT, MARK, FLAG, STAMP}


def export_all(store: Store, folder: Path, progress: Progress | None = None) -> dict[str, int]:
    """Write all sixteen files into `folder` (created if needed); file name -> rows."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    try:
        with store.engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            restore = None
            if sqlite:
                connection.exec_driver_sql("BEGIN")  # one snapshot for all sixteen files
                restore = connection.exec_driver_sql("PRAGMA cache_size").scalar()
                connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_EXPORT_CACHE_KIB}")
            else:
                one_snapshot(connection)  # the same one snapshot on a server
            try:
                emails = _Emails.load(connection) if sqlite else None
                for name in ENTITY_FILES:
                    written[name] = export_file(connection, SPEC_BY_FILE[name], folder, progress, fast=sqlite, emails=emails)
            finally:
                connection.rollback()
                if restore is not None:
                    connection.exec_driver_sql(f"PRAGMA cache_size = {int(restore)}")
    except SQLAlchemyError as error:
        raise StoreError(describe(error, store)) from None
    return written


def export_file(
    connection: Connection,
    spec: EntitySpec,
    folder: Path,
    progress: Progress | None = None,
    *,
    fast: bool = True,
    emails: _Emails | None = None,
) -> int:
    """One entity's file; `fast` (SQLite only) has the database write the lines."""
    fast = fast and all(column.kind in SQL_KINDS for column in spec.columns)
    if fast and emails is None and any(column.kind == EMPLOYEE for column in spec.columns):
        emails = _Emails.load(connection)
    total = connection.execute(select(func.count()).select_from(spec.table)).scalar_one()
    target = folder / spec.file
    partial = folder / f"{spec.file}.tmp"
    done = 0
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow([column.name for column in spec.columns])
            if progress is not None:
                progress(spec.file, 0, total)
            batches = _sql_lines(connection, spec, emails, handle) if fast else _python_lines(connection, spec, handle)
            for count in batches:
                done += count
                if progress is not None:
                    progress(spec.file, done, total)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return done


# --------------------------------------------------------------------------- SQLite: lines from SQL


def _sql_lines(connection: Connection, spec: EntitySpec, emails: _Emails | None, handle) -> Iterator[int]:
    """Write the file's records batch by batch, yielding how many each batch held."""
    query, at_employee = line_query(spec)
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(CHUNK):
            if at_employee:
                handle.write("".join([head + emails[ident] + tail for head, ident, tail in rows]))  # type: ignore[index]
            else:
                handle.write("".join([line for line, in rows]))
            yield len(rows)
    finally:
        cursor.close()


def line_query(spec: EntitySpec):
    """The Core SELECT that writes one file's records, sorted by id: one text per row, or
    (text before, employee id, text after) when a column names an employee by email."""
    table = spec.table
    cells = [_sql_cell(column.kind, table.c[column.attr]) for column in spec.columns]
    split = next((number for number, column in enumerate(spec.columns) if column.kind == EMPLOYEE), None)
    if split is None:
        parts = [_printf(cells, LINE_END)]
    else:
        parts = [
            _printf(cells[:split], ","),
            table.c[spec.columns[split].attr],
            _printf(cells[split + 1 :], LINE_END, lead=","),
        ]
    return select(*parts).select_from(table).order_by(table.c.id), split is not None


def _printf(cells: list, end: str, *, lead: str = ""):
    """The cells joined by commas; `printf`'s %s writes NULL as nothing, as csv.writer does."""
    if not cells:
        return literal(lead + end)
    template = lead + ",".join(["%s"] * len(cells)) + end
    return func.printf(literal(template), *cells)


def _sql_cell(kind: str, value):
    if kind in TEXT_KINDS:
        return _quoted(type_coerce(value, String))
    if kind == STAMP:
        # Stored as `YYYY-MM-DD HH:MM:SS.ffffff`; a value without microseconds is padded.
        text = type_coerce(value, String)
        exact = func.replace(text, " ", "T") + "Z"
        padded = func.substr(func.replace(text, " ", "T") + ".000000", 1, 26) + "Z"
        return case((func.length(text) == 26, exact), else_=padded)
    if kind == FLAG:
        return case((value, "true"), else_="false")
    return type_coerce(value, String) if kind in (DATE, CHOICE) else value


FORMULA_CODES = tuple(ord(start) for start in FORMULA_STARTS)


def _neutralised(text):
    """`neutralise` in SQL. `unicode()` gives the first character's code without building
    a string, and a CASE over codes is a few integer comparisons."""
    first = func.unicode(text)
    prefixed = literal("'") + text
    behind_quotes = case((func.unicode(func.ltrim(text, "'")).in_(FORMULA_CODES), prefixed), else_=text)
    return case((first.in_(FORMULA_CODES), prefixed), (first == ord("'"), behind_quotes), else_=text)


def _quoted(text):
    """A text cell: neutralised, then quoted as csv.writer quotes (a cell holding a comma,
    a quote or a line break goes in quotes, its quotes doubled). The prefix `'` never
    needs quotes, so the test looks at the stored text and the prefix is built once."""
    cell = _neutralised(text)
    needs_quotes = or_(*(func.instr(text, mark) > 0 for mark in QUOTE_TRIGGERS))  # cheaper than one GLOB
    return case((needs_quotes, literal('"') + func.replace(cell, '"', '""') + '"'), else_=cell)


def csv_cell(text: str | None) -> str:
    if text is None:
        return ""
    if any(mark in text for mark in QUOTE_TRIGGERS):
        return '"' + text.replace('"', '""') + '"'
    return text


class _Emails(dict):
    """Employee id -> the email as a finished cell (neutralised, quoted); '' if missing."""

    def __missing__(self, key: object) -> str:
        return ""

    @classmethod
    def load(cls, connection: Connection) -> _Emails:
        table = Employee.__table__
        query = select(table.c.id, table.c.email)
        return cls((ident, csv_cell(neutralise(email))) for ident, email in connection.execute(query))


# --------------------------------------------------------------------------- elsewhere: csv.writer


def export_query(spec: EntitySpec):
    """The Core SELECT of one file's plain values, in order, sorted by id (an employee
    column joined to the employee's email)."""
    table = spec.table
    joined = table
    columns = []
    for column in spec.columns:
        value = table.c[column.attr]
        if column.kind == EMPLOYEE:
            person = Employee.__table__.alias(f"{column.attr}_person")
            joined = joined.outerjoin(person, person.c.id == value)
            value = person.c.email
        columns.append(value.label(column.name))
    return select(*columns).select_from(joined).order_by(table.c.id)


def _python_lines(connection: Connection, spec: EntitySpec, handle) -> Iterator[int]:
    writer = csv.writer(handle)
    formatters = [_python_formatter(column.kind) for column in spec.columns]
    result = connection.execution_options(yield_per=CHUNK).execute(export_query(spec))
    for partition in result.partitions(CHUNK):
        writer.writerows([[format(value) for format, value in zip(formatters, row)] for row in partition])
        yield len(partition)


def _python_formatter(kind: str) -> Callable[[object], object]:
    if kind in TEXT_KINDS:
        return lambda value: None if value is None else neutralise(str(value))
    if kind == STAMP:
        return format_stamp
    if kind == DATE:
        return format_date
    if kind == FLAG:
        return format_flag
    return lambda value: value
