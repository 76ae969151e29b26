"""Small dialect-aware SQL expressions the store's queries share, so they run on SQLite
and PostgreSQL alike: the advocate token a utm_content carries, the days between two
dates, and a date as ISO text."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class token_of(FunctionElement):
    """The advocate token in a utm_content: the text before the first '-', or all of it.

    Tokens never contain '-' (program/links.py), so `token = token_of(utm_content)` is
    exactly "utm_content is the token or starts with token + '-'", and it lets the join
    look the token up in employee's unique index instead of scanning employees.
    """

    type = String()
    inherit_cache = True


@compiles(token_of)
def _token_of_default(element, compiler, **kw):
    value = compiler.process(list(element.clauses)[0], **kw)
    dash = f"POSITION('-' IN {value})"
    return f"CASE WHEN {dash} > 0 THEN SUBSTR({value}, 1, {dash} - 1) ELSE {value} END"


@compiles(token_of, "sqlite")
def _token_of_sqlite(element, compiler, **kw):
    value = compiler.process(list(element.clauses)[0], **kw)
    dash = f"instr({value}, '-')"
    return f"CASE WHEN {dash} > 0 THEN substr({value}, 1, {dash} - 1) ELSE {value} END"


@compiles(token_of, "postgresql")
def _token_of_postgresql(element, compiler, **kw):
    return f"split_part({compiler.process(list(element.clauses)[0], **kw)}, '-', 1)"


class days_between(FunctionElement):
    """Whole days from the first date to the second."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_default(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({end} - {start})"


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(round(julianday({end}) - julianday({start})) AS INTEGER)"


class iso_date(FunctionElement):
    """A date as its 'YYYY-MM-DD' text, whatever the server's date style (SQLite keeps
    dates as that text already)."""

    type = String()
    inherit_cache = True


@compiles(iso_date)
def _iso_date_default(element, compiler, **kw):
    return f"CAST({compiler.process(list(element.clauses)[0], **kw)} AS VARCHAR)"


@compiles(iso_date, "sqlite")
def _iso_date_sqlite(element, compiler, **kw):
    return compiler.process(list(element.clauses)[0], **kw)


@compiles(iso_date, "postgresql")
def _iso_date_postgresql(element, compiler, **kw):
    return f"to_char({compiler.process(list(element.clauses)[0], **kw)}, 'YYYY-MM-DD')"
